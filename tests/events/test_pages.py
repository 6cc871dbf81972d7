"""The event pages as advisors use them (in Swedish, the default language): create, find and register, the participant list and its XLSX,
the .ics, attendance, invitations (also a whole cohort), and the company's timeline."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse

from spets.companies.services.timeline import company_timeline
from spets.core.errors import InvalidData
from spets.core.scoping import unscoped
from spets.events.models import Event, Registration, Status
from spets.events.services import registrations


def test_an_advisor_creates_an_event(client, bertil, frozen_time):
    client.force_login(bertil)
    response = client.post(
        reverse("events:new"),
        {
            "kind": "study_visit",
            "title": "Studiebesök hos Svets AB",
            "date": "2025-03-20",
            "start": "10:00",
            "end": "15:00",
            "place": "Sandviken",
            "capacity": "8",
            "description": "",
        },
    )
    with unscoped():
        event = Event.objects.get()
    assert response["Location"] == reverse("events:detail", args=[event.pk])
    assert (event.organisation.slug, event.kind, event.hours) == ("iuc-dalarna", "study_visit", 5)


def test_bad_input_is_named_and_nothing_is_saved(client, anna, frozen_time):
    client.force_login(anna)
    response = client.post(
        reverse("events:new"),
        {
            "kind": "seminar",
            "title": "X",
            "date": "2025-03-20",
            "start": "15:00",
            "end": "13:00",
            "place": "Mora",
            "capacity": "5",
        },
    )
    assert response.status_code == 200
    assert "evenemanget slutar innan det börjar" in response.text
    with unscoped():
        assert not Event.objects.exists()


def test_a_stale_edit_is_refused(client, anna, bertil, workshop):
    from spets.events.services.events import update_event

    update_event(bertil, workshop.pk, workshop.version, place="Falun")
    client.force_login(anna)
    response = client.post(
        reverse("events:edit", args=[workshop.pk]),
        {
            "kind": "workshop",
            "title": "T",
            "date": "2025-03-10",
            "start": "09:00",
            "end": "12:00",
            "place": "Mora",
            "capacity": "5",
            "version": workshop.version,
        },
    )
    assert "Någon annan har sparat evenemanget under tiden" in response.text
    workshop.refresh_from_db()
    assert workshop.place == "Falun"


def test_the_advisor_finds_a_company_and_registers_its_contact(client, cecilia, workshop, karin):
    client.force_login(cecilia)
    found = client.get(reverse("events:pick", args=[workshop.pk]), {"q": "Karlstad"})
    assert "Karin Berg" in found.text and f'data-testid="register-{karin.pk}"' in found.text
    client.post(reverse("events:register", args=[workshop.pk]), {"contact": karin.pk})
    page = client.get(reverse("events:detail", args=[workshop.pk]))
    assert "Karin Berg" in page.text and "Karlstad Plåt AB" in page.text
    assert "1 av 2 tagna" in page.text


def test_a_full_event_says_so_on_its_page(client, anna, workshop, eva, olle):
    registrations.register(anna, workshop.pk, eva.pk)
    registrations.register(anna, workshop.pk, olle.pk)
    client.force_login(anna)
    page = client.get(reverse("events:detail", args=[workshop.pk]))
    assert 'data-testid="full"' in page.text
    assert "Evenemanget är fullt (2 platser)" in page.text
    found = client.get(reverse("events:pick", args=[workshop.pk]), {"q": "Hofors"})
    assert "Sätt på väntelistan" in found.text


def test_the_participant_list_exports_to_xlsx_with_swedish_headers(client, lisa, anna, workshop, eva, karin):
    from openpyxl import load_workbook

    registrations.register(anna, workshop.pk, eva.pk)
    registrations.register(anna, workshop.pk, karin.pk)
    client.force_login(lisa)
    response = client.get(reverse("events:participants_xlsx", args=[workshop.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(
        [
            "Företag",
            "Organisationsnummer",
            "Deltagare",
            "E-post",
            "Telefon",
            "Status",
            "Anmäld via",
            "Närvarade",
            "Timmar",
        ]
    )
    assert [r[2] for r in rows[header + 1 :]] == ["Eva Ek", "Karin Berg"]
    assert rows[header + 1][5] == "Anmäld"


def test_the_event_page_gives_an_ics_file(client, anna, workshop):
    client.force_login(anna)
    response = client.get(reverse("events:ics", args=[workshop.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].endswith('.ics"')
    body = response.content.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:Automation i små verkstäder\r\n" in body
    assert "DESCRIPTION:Robotceller\\, lönsamhet\\; stöd.\\nTa med en ritning." in body
    assert f"UID:event-{workshop.pk}@spets" in body


def test_attendance_page_records_support_and_says_so(client, anna, workshop, eva, karin, frozen_time):
    first = registrations.register(anna, workshop.pk, eva.pk)
    second = registrations.register(anna, workshop.pk, karin.pk)
    frozen_time.move_to(workshop.ends_at)
    client.force_login(anna)
    page = client.get(reverse("events:attendance", args=[workshop.pk]))
    assert 'value="3,00"' in page.text  # the event's length as the default, Swedish decimal comma
    response = client.post(
        reverse("events:attendance", args=[workshop.pk]),
        {f"came_{first.pk}": "on", f"hours_{first.pk}": "2,5", f"hours_{second.pk}": "3"},
        follow=True,
    )
    assert "stöd registrerat i registret för 1 företag" in response.text
    with unscoped():
        assert Registration.objects.get(pk=first.pk).hours == 2.5
        assert Registration.objects.get(pk=second.pk).attended is False
    response = client.post(
        reverse("events:attendance", args=[workshop.pk]),
        {f"came_{second.pk}": "on", f"hours_{second.pk}": ""},
    )
    assert "Karin Berg: ange timmar över 0" in response.text


def test_the_organiser_sends_an_invitation_link(client, anna, workshop, karin):
    client.force_login(anna)
    client.post(reverse("events:invite", args=[workshop.pk]), {"contact": karin.pk})
    assert [m.to for m in mail.outbox] == [["karin@plat.invalid"]]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/events/r/" in line).split(": ", 1)[1]
    client.logout()
    path = link.split("testserver", 1)[1]
    client.post(path, {"action": "register"})
    with unscoped():
        assert Registration.objects.get(contact=karin).status == Status.REGISTERED


def test_a_cohort_meeting_invites_every_company_of_the_cohort(client, anna, workshop, eva, olle, karin, sven):
    from spets.events.services.events import update_event
    from spets.matching.models import Cohort, CohortMember

    with unscoped():
        cohort = Cohort.objects.create(name="Automation i små verkstäder", created_by=anna)
        for contact in (eva, karin):
            CohortMember.objects.create(cohort=cohort, company_id=contact.company_id)
    update_event(anna, workshop.pk, workshop.version, kind="cohort_meeting", cohort_id=cohort.pk)
    client.force_login(anna)
    page = client.get(reverse("events:detail", args=[workshop.pk]))
    assert 'data-testid="invite-cohort"' in page.text
    response = client.post(reverse("events:invite_cohort", args=[workshop.pk]), follow=True)
    assert "3 inbjudningar skickade" in response.text
    assert sorted(m.to[0] for m in mail.outbox) == [
        "eva@verkstaden.invalid",
        "karin@plat.invalid",
        "olle@verkstaden.invalid",
    ]
    assert all(m.subject == "[Spets] Inbjudan: Automation i små verkstäder" for m in mail.outbox)


def test_the_company_timeline_shows_its_events(anna, lisa, alf, workshop, eva, olle, frozen_time):
    registrations.register(anna, workshop.pk, eva.pk)
    registrations.register(anna, workshop.pk, olle.pk, waiting_list=False)
    items = [i for i in company_timeline(lisa, eva.company_id) if i.kind == "event"]
    assert len(items) == 1
    entry = items[0].entry
    assert entry.title == "Workshop: Automation i små verkstäder"
    assert entry.url == reverse("events:detail", args=[workshop.pk])
    assert entry.detail == "Eva Ek is registered; Olle Ek is registered"
    assert [i for i in company_timeline(alf, eva.company_id) if i.kind == "event"] == []
    assert isinstance(entry.date, datetime.datetime)


def test_places_cannot_drop_below_those_registered_and_a_cohort_must_exist(anna, workshop, eva, olle):
    from spets.events.services.events import update_event

    registrations.register(anna, workshop.pk, eva.pk)
    registrations.register(anna, workshop.pk, olle.pk)
    with pytest.raises(InvalidData, match="2 people are registered: give at least 2 places"):
        update_event(anna, workshop.pk, workshop.version, capacity=1)
    with pytest.raises(InvalidData, match="unknown cohort"):
        update_event(anna, workshop.pk, workshop.version, kind="cohort_meeting", cohort_id=999999)
    with pytest.raises(InvalidData, match="only a cohort meeting belongs to a cohort"):
        update_event(anna, workshop.pk, workshop.version, cohort_id=999999)


def test_the_company_page_shows_the_event_on_its_timeline(client, anna, workshop, eva):
    registrations.register(anna, workshop.pk, eva.pk)
    client.force_login(anna)
    page = client.get(reverse("companies:detail", args=[eva.company_id]))
    assert page.status_code == 200
    assert "Automation i små verkstäder" in page.text
    assert reverse("events:detail", args=[workshop.pk]) in page.text
