"""Attendance counts as support in the register: one activity per company and event, written through the
register's service (its checks run), and the programme's indicators count the company once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from spets.companies import extensions
from spets.companies.models import Activity
from spets.core.errors import Forbidden, InvalidData
from spets.core.scoping import unscoped
from spets.events.models import Registration
from spets.events.services import registrations
from spets.events.services.attendance import record_attendance


@pytest.fixture
def places(anna, workshop, eva, olle, karin):
    from spets.events.services.events import update_event

    update_event(anna, workshop.pk, workshop.version, capacity=5)
    return [registrations.register(anna, workshop.pk, c.pk) for c in (eva, olle, karin)]


@pytest.fixture
def after_workshop(frozen_time, workshop):
    frozen_time.move_to(workshop.ends_at + datetime.timedelta(hours=1))


def test_attendance_writes_one_support_activity_per_company(
    anna, workshop, places, after_workshop, eva, olle, karin
):
    eva_r, olle_r, karin_r = places
    written = record_attendance(
        anna, workshop.pk, {eva_r.pk: "3", olle_r.pk: Decimal("2.5"), karin_r.pk: None}
    )
    assert len(written) == 1  # Karin did not come; Eva and Olle are one company
    with unscoped():
        activity = Activity.objects.get()
        assert activity.type == "workshop"
        assert activity.title == "Automation i små verkstäder"
        assert activity.date == datetime.date(2025, 3, 10)
        assert activity.organisation.slug == "iuc-dalarna"
        assert [c.pk for c in activity.companies.all()] == [eva.company_id]
        assert sorted(c.pk for c in activity.contacts.all()) == sorted([eva.pk, olle.pk])
        assert [(a.advisor_id, a.hours) for a in activity.advisors.all()] == [(anna.pk, Decimal("3.00"))]
        rows = {r.contact_id: r for r in Registration.objects.filter(event=workshop)}
    assert (rows[eva.pk].attended, rows[eva.pk].hours, rows[eva.pk].activity_id) == (
        True,
        Decimal("3.00"),
        activity.pk,
    )
    assert (rows[karin.pk].attended, rows[karin.pk].activity_id) == (False, None)


def test_marking_again_adds_only_new_companies(anna, workshop, places, after_workshop):
    eva_r, olle_r, karin_r = places
    record_attendance(anna, workshop.pk, {eva_r.pk: "3"})
    written = record_attendance(anna, workshop.pk, {eva_r.pk: "3", olle_r.pk: "3", karin_r.pk: "2"})
    assert len(written) == 1  # Karin's company; Olle's company is in the register already
    with unscoped():
        assert Activity.objects.count() == 2


def test_attendance_in_the_register_is_not_changed_here(anna, workshop, places, after_workshop):
    eva_r = places[0]
    record_attendance(anna, workshop.pk, {eva_r.pk: "3"})
    with pytest.raises(InvalidData, match="Eva Ek: the attendance is already in the register"):
        record_attendance(anna, workshop.pk, {eva_r.pk: "1"})


def test_hours_beyond_the_event_are_refused_naming_the_participant(anna, workshop, places, after_workshop):
    with pytest.raises(InvalidData, match="Eva Ek: give hours above 0 and at most the event's 3.00 hours"):
        record_attendance(anna, workshop.pk, {places[0].pk: "4"})
    with pytest.raises(InvalidData, match="'många' is not a number"):
        record_attendance(anna, workshop.pk, {places[0].pk: "många"})


def test_attendance_waits_for_the_event(anna, workshop, places):
    with pytest.raises(InvalidData, match="once the event has started"):
        record_attendance(anna, workshop.pk, {places[0].pk: "3"})


def test_only_the_organiser_marks_attendance(bertil, cecilia, lisa, petra, workshop, places, after_workshop):
    with pytest.raises(Forbidden):
        record_attendance(cecilia, workshop.pk, {places[0].pk: "3"})
    with pytest.raises(Forbidden):
        record_attendance(lisa, workshop.pk, {places[0].pk: "3"})
    assert len(record_attendance(bertil, workshop.pk, {places[0].pk: "3"})) == 1  # anna's colleague
    assert len(record_attendance(petra, workshop.pk, {places[2].pk: "3"})) == 1


def test_the_registers_activity_checks_run_and_a_refusal_leaves_nothing_written(
    anna, workshop, places, after_workshop, monkeypatch
):
    refused = []

    def ceiling(planned):
        refused.append(planned.company_ids)
        raise InvalidData({"aid": "over the de minimis ceiling"})

    monkeypatch.setattr(extensions, "activity_checks", [*extensions.activity_checks, ceiling])
    eva_r, _olle_r, karin_r = places
    with pytest.raises(InvalidData, match="Verkstaden i Hofors AB: aid: over the de minimis ceiling"):
        record_attendance(anna, workshop.pk, {eva_r.pk: "3", karin_r.pk: "3"})
    assert refused
    with unscoped():
        assert not Activity.objects.exists()
        assert not Registration.objects.filter(attended__isnull=False).exists()


def test_the_programme_indicators_count_each_attending_company_once(
    petra, anna, workshop, places, after_workshop
):
    from spets.programme.services import indicators
    from tests.programme.reporting_setup import make_reporting_project, period

    project = make_reporting_project()
    eva_r, olle_r, karin_r = places
    record_attendance(anna, workshop.pk, {eva_r.pk: "3", olle_r.pk: "3", karin_r.pk: "3"})
    _period, figures = indicators.figures(petra, period(project, "2025H1").pk)
    assert figures.value("CO01") == 2  # Verkstaden (two people) and Karlstad Plåt
    assert figures.value("CO04") == 2  # 3 hours each: non-financial support of at least 3 hours
    assert sorted(figures.ids("CO01")) == sorted({eva_r.company_id, karin_r.company_id})
