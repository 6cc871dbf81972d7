"""Monthly time reports: the register's hours plus other project time, costed at salary × 12 / 1,720;
approval by the organisation's project leader, the register's refusal of hours in an approved month, and
the audited correction. The clock stands at 2025-03-03 (conftest FROZEN_AT): February is over."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from spets.companies.models import Activity
from spets.companies.services.activities import log_activity
from spets.core.errors import Conflict, Forbidden, InvalidData
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped
from spets.programme.models import Correction, MonthApproval, Salary, TimeEntry
from spets.programme.services import time as ts
from spets.programme.services import time_approval as ta
from tests.factories import make_activity
from tests.programme.time_setup import D, make_time_project

pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the source language); pages are tested in Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def project(bertil):
    return make_time_project(leader=bertil)


@pytest.fixture
def february(project, anna, bertil, petra, company):
    """Anna: 3 h and 2.5 h on two February activities (and 4 h in March, another month); 1.5 h of
    administration; a salary of 43,000 SEK a month (300 SEK an hour)."""
    make_activity(company, "iuc-dalarna", {anna: 3}, date=D(2025, 2, 3), title="Besök")
    make_activity(company, "iuc-dalarna", {anna: 2.5, bertil: 1}, date=D(2025, 2, 20), title="Workshop")
    make_activity(company, "iuc-dalarna", {anna: 4}, date=D(2025, 3, 1), title="Mars")
    ts.add_time_entry(anna, anna.pk, D(2025, 2, 14), "administration", "1,5", "Månadsrapport")
    ts.set_salary(bertil, anna.pk, 43_000, D(2025, 1, 1))
    return project


def test_annas_february_is_her_register_hours_plus_her_other_project_time(february, anna):
    report = ts.person_month(anna, anna.pk, 2025, 2)
    h = report.hours
    assert h.activity == Decimal("5.5")
    assert h.other["administration"] == Decimal("1.5")
    assert h.total == Decimal("7.0")
    # 43,000 × 12 / 1,720 = 300 SEK an hour; 7 h → 2,100.00 SEK
    assert h.rate == Decimal("300.00")
    assert h.cost == Decimal("2100.00")
    assert [a["title"] for a in report.activities] == ["Besök", "Workshop"]
    assert report.year_hours == Decimal("7.0")


def test_the_salary_in_force_on_the_first_of_the_month_applies(february, anna, bertil):
    ts.set_salary(bertil, anna.pk, 45_000, D(2025, 3, 1))
    assert ts.person_month(anna, anna.pk, 2025, 2).hours.salary == Decimal(43_000)
    assert ts.person_month(anna, anna.pk, 2025, 3).hours.salary == Decimal(45_000)


def test_a_colleague_sees_annas_hours_but_not_her_salary(february, anna, bertil, petra):
    leader_view = ts.person_month(bertil, anna.pk, 2025, 2)  # bertil is the project leader
    assert leader_view.show_costs and leader_view.hours.cost == Decimal("2100.00")
    # Bertil's own colleague view of a non-leader? Anna looking at bertil's month: hours, no salary.
    ts.set_salary(bertil, bertil.pk, 50_000, D(2025, 1, 1))
    colleague_view = ts.person_month(anna, bertil.pk, 2025, 2)
    assert colleague_view.hours.total == Decimal(1)
    assert not colleague_view.show_costs and colleague_view.hours.salary is None
    assert ts.person_month(petra, anna.pk, 2025, 2).show_costs


def test_other_organisations_do_not_see_annas_time_report(february, anna, cecilia, alf, lisa, carl):
    for outsider in (cecilia, alf, lisa, carl):
        with pytest.raises(Forbidden):
            ts.person_month(outsider, anna.pk, 2025, 2)
        with pytest.raises(Forbidden):
            ts.organisation_month(outsider, anna.organisation_id, 2025, 2)


def test_another_organisations_private_activity_shows_its_hours_but_not_its_title(
    february, anna, petra, company
):
    # A programme manager (IUC Gävleborg) records anna's hours on a private Gävleborg activity.
    make_activity(company, "iuc-gavleborg", {anna: 2}, date=D(2025, 2, 25), title="Internt", private=True)
    report = ts.person_month(anna, anna.pk, 2025, 2)
    hidden = [a for a in report.activities if not a["visible"]]
    assert [(a["title"], a["hours"]) for a in hidden] == [("", Decimal(2))]
    assert report.hours.activity == Decimal("7.5")


# --- approval --------------------------------------------------------------------------------------


def test_only_the_project_leader_or_a_programme_manager_approves_a_month(
    february, anna, bertil, cecilia, petra
):
    org = anna.organisation_id
    for someone in (anna, cecilia):
        with pytest.raises(Forbidden):
            ta.approve_month(someone, org, 2025, 2)
    approval = ta.approve_month(bertil, org, 2025, 2)
    assert approval.snapshot["persons"][str(anna.pk)] == {
        "activity": "5.50",
        "administration": "1.50",
        "event": "0.00",
        "travel": "0.00",
        "other": "0.00",
        "salary": "43000.00",
    }
    entry = AuditEntry.objects.get(action="approve")
    assert entry.user == bertil and entry.changes["month"] == "2025-02"
    with pytest.raises(Conflict):
        ta.approve_month(petra, org, 2025, 2)


def test_a_month_that_has_not_ended_cannot_be_approved(february, anna, bertil):
    with pytest.raises(InvalidData) as exc:
        ta.approve_month(bertil, anna.organisation_id, 2025, 3)
    assert "2025-03" in exc.value.errors["month"]


def test_the_register_refuses_new_hours_in_an_approved_month_naming_the_advisor_and_month(
    february, anna, bertil, company
):
    ta.approve_month(bertil, anna.organisation_id, 2025, 2)
    with unscoped():
        before = Activity.objects.count()
    with pytest.raises(InvalidData) as exc:
        log_activity(
            anna,
            type="advisory_meeting",
            title="Sent inlagt möte",
            date=D(2025, 2, 26),
            company_ids=[company.pk],
            advisor_hours=[(anna.pk, 2)],
        )
    message = exc.value.errors["advisor_hours"]
    assert "Anna" in message and "2025-02" in message and "correction" in message
    with unscoped():
        assert Activity.objects.count() == before  # nothing half-written
    # March is not approved: the register takes it.
    log_activity(
        anna,
        type="advisory_meeting",
        title="Möte i mars",
        date=D(2025, 3, 2),
        company_ids=[company.pk],
        advisor_hours=[(anna.pk, 2)],
    )


def test_paper_province_is_not_stopped_by_iuc_dalarnas_approval(february, anna, bertil, cecilia, company):
    ta.approve_month(bertil, anna.organisation_id, 2025, 2)
    log_activity(
        cecilia,
        type="advisory_meeting",
        title="Möte",
        date=D(2025, 2, 26),
        company_ids=[company.pk],
        advisor_hours=[(cecilia.pk, 2)],
    )


def test_other_time_and_salaries_of_an_approved_month_are_locked(february, anna, bertil):
    ta.approve_month(bertil, anna.organisation_id, 2025, 2)
    with pytest.raises(InvalidData) as exc:
        ts.add_time_entry(anna, anna.pk, D(2025, 2, 27), "travel", 3)
    assert "2025-02" in exc.value.errors["date"]
    entry = TimeEntry.objects.get()
    with pytest.raises(InvalidData):
        ts.delete_time_entry(anna, entry.pk)
    with pytest.raises(InvalidData) as exc:
        ts.set_salary(bertil, anna.pk, 50_000, D(2025, 2, 1))
    assert "valid_from" in exc.value.errors


def test_an_approved_month_reads_the_same_after_later_edits(february, anna, bertil, company):
    ta.approve_month(bertil, anna.organisation_id, 2025, 2)
    # Later edits that bypass the services: hours written straight into the register, a new salary row.
    make_activity(company, "iuc-dalarna", {anna: 6}, date=D(2025, 2, 27), title="Efterhand")
    Salary.objects.create(person=anna, monthly_salary_sek=Decimal(60_000), valid_from=D(2025, 2, 1))
    report = ts.person_month(anna, anna.pk, 2025, 2)
    assert (report.hours.total, report.hours.cost) == (Decimal("7.0"), Decimal("2100.00"))
    assert report.live_differs


def test_the_project_leader_corrects_an_approved_month_and_the_correction_is_audited(february, anna, bertil):
    ta.approve_month(bertil, anna.organisation_id, 2025, 2)
    ta.add_correction(bertil, anna.pk, 2025, 2, "activity", "2", "Workshop 20/2 var en heldag")
    h = ts.person_month(anna, anna.pk, 2025, 2).hours
    assert (h.activity, h.correction_hours, h.total, h.cost) == (
        Decimal("5.5"),
        Decimal(2),
        Decimal("9.0"),
        Decimal("2700.00"),
    )
    entry = AuditEntry.objects.get(action="correct")
    assert entry.user == bertil
    assert entry.changes["hours"] == ["5.50", "7.50"]
    assert entry.changes["reason"] == "Workshop 20/2 var en heldag"


def test_corrections_need_an_approved_month_a_reason_and_may_not_go_below_zero(february, anna, bertil):
    with pytest.raises(InvalidData) as exc:
        ta.add_correction(bertil, anna.pk, 2025, 2, "activity", 1, "Glömt möte")
    assert "not approved" in exc.value.errors["month"]
    ta.approve_month(bertil, anna.organisation_id, 2025, 2)
    with pytest.raises(InvalidData) as exc:
        ta.add_correction(bertil, anna.pk, 2025, 2, "travel", -1, "Fel resa")
    assert "below zero" in exc.value.errors["hours_delta"]
    with pytest.raises(InvalidData) as exc:
        ta.add_correction(bertil, anna.pk, 2025, 2, "activity", 1, "")
    assert "reason" in exc.value.errors
    assert not Correction.objects.exists()


def test_an_advisor_cannot_correct_her_own_approved_month(february, anna, bertil):
    ta.approve_month(bertil, anna.organisation_id, 2025, 2)
    with pytest.raises(Forbidden):
        ta.add_correction(anna, anna.pk, 2025, 2, "activity", 1, "Jag glömde")


def test_only_a_programme_manager_reopens_an_approved_month_with_a_reason(
    february, anna, bertil, petra, company
):
    ta.approve_month(bertil, anna.organisation_id, 2025, 2)
    with pytest.raises(Forbidden):
        ta.reopen_month(bertil, anna.organisation_id, 2025, 2, "fel")
    with pytest.raises(InvalidData):
        ta.reopen_month(petra, anna.organisation_id, 2025, 2, " ")
    ta.reopen_month(petra, anna.organisation_id, 2025, 2, "Timmar saknades för en workshop")
    assert not MonthApproval.objects.exists()
    assert AuditEntry.objects.get(action="reopen").changes["approved_by"] == "bertil"
    ts.add_time_entry(anna, anna.pk, D(2025, 2, 27), "travel", 3)  # open again


# --- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "word"),
    [
        ("-2", "positive"),
        ("0", "positive"),
        ("25", "plausible"),
        ("abc", "not a number"),
        ("1.234", "decimals"),
    ],
)
def test_bad_hours_are_refused_naming_the_field(february, anna, hours, word):
    with pytest.raises(InvalidData) as exc:
        ts.add_time_entry(anna, anna.pk, D(2025, 2, 10), "administration", hours)
    assert word in exc.value.errors["hours"]
    assert TimeEntry.objects.count() == 1  # only the fixture's


def test_time_outside_the_project_period_is_refused(february, anna):
    with pytest.raises(InvalidData) as exc:
        ts.add_time_entry(anna, anna.pk, D(2024, 12, 10), "administration", 2)
    assert "2024-12-10" in exc.value.errors["date"]


def test_an_unknown_kind_of_time_is_refused(february, anna):
    with pytest.raises(InvalidData) as exc:
        ts.add_time_entry(anna, anna.pk, D(2025, 2, 10), "lunch", 1)
    assert "kind" in exc.value.errors


def test_nobody_enters_time_for_a_colleague_except_a_programme_manager(february, anna, bertil, petra):
    with pytest.raises(Forbidden):
        ts.add_time_entry(bertil, anna.pk, D(2025, 2, 10), "administration", 1)
    ts.add_time_entry(petra, anna.pk, D(2025, 2, 10), "administration", 1)


@pytest.mark.parametrize(
    ("amount", "word"),
    [(-100, "positive"), (0, "positive"), (2_000_000, "plausible"), ("mycket", "not an amount")],
)
def test_negative_or_absurd_salaries_are_refused(february, anna, bertil, amount, word):
    with pytest.raises(InvalidData) as exc:
        ts.set_salary(bertil, anna.pk, amount, D(2025, 4, 1))
    assert word in exc.value.errors["monthly_salary_sek"]


def test_a_salary_starts_on_the_first_of_a_month_and_is_set_by_the_leader_or_a_manager(
    february, anna, bertil, petra
):
    with pytest.raises(InvalidData) as exc:
        ts.set_salary(bertil, anna.pk, 40_000, D(2025, 4, 15))
    assert "first day" in exc.value.errors["valid_from"]
    with pytest.raises(Forbidden):
        ts.set_salary(anna, anna.pk, 90_000, D(2025, 4, 1))
    ts.set_salary(petra, anna.pk, 44_000, D(2025, 4, 1))
    entry = AuditEntry.objects.filter(object_type="programme.Salary").latest("at")
    assert entry.changes["monthly_salary_sek"] == "set"  # the audit log does not repeat the amount


def test_more_than_1720_hours_in_a_year_is_flagged_on_the_report(february, anna, company):
    make_activity(company, "iuc-dalarna", {anna: 999}, date=D(2025, 2, 10))
    make_activity(company, "iuc-dalarna", {anna: 999}, date=D(2025, 2, 11))
    assert ts.person_month(anna, anna.pk, 2025, 2).over_annual_hours


def test_the_programme_managers_month_shows_every_organisation_and_missing_salaries(
    february, petra, anna, bertil, cecilia, company, project
):
    make_activity(company, "paper-province", {cecilia: 4}, date=D(2025, 2, 5))
    rows = {r["participant"].organisation.slug: r for r in ts.programme_month(petra, project.pk, 2025, 2)}
    assert rows["iuc-dalarna"]["hours"] == Decimal("8.0")  # anna 7, bertil 1
    assert rows["iuc-dalarna"]["cost"] is None  # bertil has no salary: missing, not a partial sum
    assert rows["iuc-dalarna"]["missing_salaries"] == 1
    assert rows["paper-province"]["hours"] == Decimal(4)
    with pytest.raises(Forbidden):
        ts.programme_month(bertil, project.pk, 2025, 2)


def test_a_project_leader_is_one_of_the_organisations_advisors(project, petra, anna, cecilia):
    dalarna = project.participants.get(organisation__slug="iuc-dalarna")
    with pytest.raises(InvalidData):
        ta.set_project_leader(petra, dalarna.pk, cecilia.pk)
    with pytest.raises(Forbidden):
        ta.set_project_leader(anna, dalarna.pk, anna.pk)
    ta.set_project_leader(petra, dalarna.pk, anna.pk)
    assert ts.can_approve(anna, anna.organisation_id)


def test_an_unknown_month_is_refused(project, anna):
    with pytest.raises(InvalidData):
        ts.person_month(anna, anna.pk, 2025, 13)


def test_today_is_the_frozen_monday():
    assert datetime.date.today() == D(2025, 3, 3)
