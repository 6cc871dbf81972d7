"""Registration: by an advisor or by the contact's own link without an account; double registration,
a full event and its waiting list, cancellation, and links that expired or were tampered with."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from spets.core.errors import Forbidden, InvalidData
from spets.core.scoping import unscoped
from spets.events.models import Channel, Registration, Status
from spets.events.services import links, registrations
from spets.events.services.registrations import AlreadyRegistered, EventFull


def link_url(event, contact) -> str:
    return reverse("events:link", args=[links.make_token(event.pk, contact.pk)])


def test_an_advisor_registers_a_company_contact(anna, workshop, eva):
    registration = registrations.register(anna, workshop.pk, eva.pk)
    assert (registration.status, registration.channel) == (Status.REGISTERED, Channel.ADVISOR)
    assert registration.company_id == eva.company_id
    assert registration.registered_by == anna


def test_an_advisor_of_another_county_may_register_too(cecilia, workshop, eva):
    assert registrations.register(cecilia, workshop.pk, eva.pk).status == Status.REGISTERED


def test_viewers_analysts_and_company_users_do_not_register(lisa, alf, carl, workshop, eva):
    for user in (lisa, alf, carl):
        with pytest.raises(Forbidden):
            registrations.register(user, workshop.pk, eva.pk)


def test_the_contact_registers_through_the_link_without_an_account(client, workshop, eva):
    url = link_url(workshop, eva)
    page = client.get(url)
    assert page.status_code == 200
    assert "Automation i små verkstäder" in page.text and "Eva Ek" in page.text
    answer = client.post(url, {"action": "register"})
    assert answer.status_code == 200
    assert "Du är anmäld" in answer.text
    with unscoped():
        registration = Registration.objects.get(event=workshop, contact=eva)
    assert (registration.status, registration.channel, registration.registered_by) == (
        Status.REGISTERED,
        Channel.LINK,
        None,
    )


def test_double_registration_is_refused_with_a_clear_message(client, anna, workshop, eva):
    registrations.register(anna, workshop.pk, eva.pk)
    with pytest.raises(AlreadyRegistered, match="Eva Ek is already registered for this event"):
        registrations.register(anna, workshop.pk, eva.pk)
    answer = client.post(link_url(workshop, eva), {"action": "register"})
    assert answer.status_code == 409
    assert "Eva Ek är redan anmäld till det här evenemanget." in answer.text
    with unscoped():
        assert Registration.objects.filter(event=workshop, contact=eva).count() == 1


def test_a_full_event_says_so_and_offers_the_waiting_list(client, anna, workshop, eva, olle, karin):
    registrations.register(anna, workshop.pk, eva.pk)
    registrations.register(anna, workshop.pk, olle.pk)
    with pytest.raises(EventFull, match=r"The event is full \(2 places\)"):
        registrations.register(anna, workshop.pk, karin.pk)
    page = client.get(link_url(workshop, karin))
    assert 'data-testid="full"' in page.text and 'value="waiting_list"' in page.text
    client.post(link_url(workshop, karin), {"action": "waiting_list"})
    with unscoped():
        assert Registration.objects.get(event=workshop, contact=karin).status == Status.WAITING


def test_the_advisor_page_offers_the_waiting_list_on_a_full_event(client, anna, workshop, eva, olle, karin):
    registrations.register(anna, workshop.pk, eva.pk)
    registrations.register(anna, workshop.pk, olle.pk)
    client.force_login(anna)
    page = client.post(reverse("events:register", args=[workshop.pk]), {"contact": karin.pk})
    assert page.status_code == 200
    assert "Evenemanget är fullt (2 platser)" in page.text
    assert 'data-testid="join-waiting-list"' in page.text
    client.post(reverse("events:register", args=[workshop.pk]), {"contact": karin.pk, "waiting_list": "1"})
    with unscoped():
        assert Registration.objects.get(event=workshop, contact=karin).status == Status.WAITING


def test_cancelling_gives_the_place_to_the_first_waiting_and_tells_them(
    anna, workshop, eva, olle, karin, sven
):
    first = registrations.register(anna, workshop.pk, eva.pk)
    registrations.register(anna, workshop.pk, olle.pk)
    registrations.register(anna, workshop.pk, karin.pk, waiting_list=True)
    registrations.register(anna, workshop.pk, sven.pk, waiting_list=True)
    promoted = registrations.cancel(anna, first.pk, base_url="https://spets.example")
    assert [r.contact_id for r in promoted] == [karin.pk]
    with unscoped():
        status = dict(Registration.objects.filter(event=workshop).values_list("contact_id", "status"))
    assert status == {
        eva.pk: Status.CANCELLED,
        olle.pk: Status.REGISTERED,
        karin.pk: Status.REGISTERED,
        sven.pk: Status.WAITING,
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karin@plat.invalid"]
    assert "https://spets.example/events/r/" in mail.outbox[0].body
    assert mail.outbox[0].attachments[0][0].endswith(".ics")


def test_the_contact_cancels_through_the_link_and_may_register_again(client, workshop, eva):
    url = link_url(workshop, eva)
    client.post(url, {"action": "register"})
    answer = client.post(url, {"action": "cancel"})
    assert "Din anmälan är avbokad" in answer.text
    with unscoped():
        assert Registration.objects.get(event=workshop, contact=eva).status == Status.CANCELLED
    client.post(url, {"action": "register"})
    with unscoped():
        assert Registration.objects.get(event=workshop, contact=eva).status == Status.REGISTERED


def test_more_places_move_the_waiting_list_up(anna, workshop, eva, olle, karin):
    from spets.events.services.events import update_event

    registrations.register(anna, workshop.pk, eva.pk)
    registrations.register(anna, workshop.pk, olle.pk)
    registrations.register(anna, workshop.pk, karin.pk, waiting_list=True)
    update_event(anna, workshop.pk, workshop.version, capacity=3)
    with unscoped():
        assert Registration.objects.get(contact=karin).status == Status.REGISTERED
    assert [m.to for m in mail.outbox] == [["karin@plat.invalid"]]


def test_a_tampered_link_is_the_plain_404(client, workshop, eva):
    token = links.make_token(workshop.pk, eva.pk)
    other = links.make_token(workshop.pk, eva.pk + 1)
    forged = token.split(":")[0][:-1] + ("A" if token[0] != "A" else "B") + ":" + token.split(":", 1)[1]
    spliced = other.split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in (forged, spliced, "nonsense", token + "x"):
        assert client.get(reverse("events:link", args=[bad])).status_code == 404
        assert client.post(reverse("events:link", args=[bad]), {"action": "register"}).status_code == 404
    with unscoped():
        assert not Registration.objects.exists()


def test_an_expired_link_is_the_plain_404(client, workshop, eva, frozen_time):
    url = link_url(workshop, eva)
    assert client.get(url).status_code == 200
    frozen_time.shift(datetime.timedelta(days=links.LINK_DAYS + 1))
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "register"}).status_code == 404


def test_a_link_to_an_event_that_ended_is_the_plain_404(client, workshop, eva, frozen_time):
    url = link_url(workshop, eva)
    frozen_time.move_to(workshop.ends_at + datetime.timedelta(minutes=1))
    assert client.get(url).status_code == 404


def test_registration_closes_when_the_event_starts(anna, workshop, eva, frozen_time):
    frozen_time.move_to(workshop.starts_at)
    with pytest.raises(InvalidData, match="Registration has closed"):
        registrations.register(anna, workshop.pk, eva.pk)
