"""Outcome against budget per organisation and budget line, in-kind co-financing and cost entries, by
hand. The clock stands at 2025-03-03; the project runs 2025–2026 with 15 % flat-rate indirect costs and an
in-kind rate of 500 SEK an hour (tests/programme/time_setup.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from spets.core.errors import Forbidden, InvalidData
from spets.core.models import AuditEntry
from spets.programme.models import Expense, ReportingPeriod
from spets.programme.services import costs as cs
from spets.programme.services import time as ts
from spets.programme.services import time_approval as ta
from tests.factories import make_activity, make_company
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
def february(project):
    return ReportingPeriod.objects.create(
        project=project, code="2025-02", starts_on=D(2025, 2, 1), ends_on=D(2025, 2, 28)
    )


@pytest.fixture
def work(project, anna, bertil, company):
    """January: anna 2 h. February: anna 3 h (one company) and 2.5 h with bertil's 1 h (two companies),
    1.5 h of administration. Salaries: anna 43,000 (300 SEK/h), bertil 51,600 (360 SEK/h)."""
    other = make_company(name="Andra Bolaget AB")
    make_activity(company, "iuc-dalarna", {anna: 2}, date=D(2025, 1, 20))
    make_activity(company, "iuc-dalarna", {anna: 3}, date=D(2025, 2, 3))
    make_activity([company, other], "iuc-dalarna", {anna: 2.5, bertil: 1}, date=D(2025, 2, 20))
    ts.add_time_entry(anna, anna.pk, D(2025, 2, 14), "administration", "1.5")
    ts.set_salary(bertil, anna.pk, 43_000, D(2025, 1, 1))
    ts.set_salary(bertil, bertil.pk, 51_600, D(2025, 1, 1))


def rows_of(rows, slug_org_id):
    return {r["kind"]: r for r in rows if r["organisation_id"] == slug_org_id}


def test_staff_and_indirect_costs_of_a_period_by_hand(work, project, february, anna):
    rows = rows_of(cs.outcome_vs_budget(project.pk, february.pk), anna.organisation_id)
    # February: anna 3 + 2.5 + 1.5 = 7 h × 300 = 2,100; bertil 1 h × 360 = 360 → 2,460.00
    assert rows["staff"]["outcome_sek"] == Decimal("2460.00")
    # From the project's start to the period's end, January's 2 h × 300 = 600 more → 3,060.00
    assert rows["staff"]["cumulative_sek"] == Decimal("3060.00")
    assert rows["staff"]["budget_sek"] == Decimal(1_000_000)
    assert rows["staff"]["share"] == pytest.approx(3060 / 1_000_000)
    # Indirect: 15 % of staff costs
    assert rows["indirect"]["outcome_sek"] == Decimal("369.00")
    assert rows["indirect"]["cumulative_sek"] == Decimal("459.00")
    assert rows["staff"]["complete"] and rows["indirect"]["complete"]
    assert set(rows) == {"staff", "external", "travel", "indirect"}


def test_the_project_to_date_when_no_period_is_given(work, project, anna):
    rows = rows_of(cs.outcome_vs_budget(project.pk, None), anna.organisation_id)
    assert rows["staff"]["outcome_sek"] == rows["staff"]["cumulative_sek"] == Decimal("3060.00")


def test_hours_without_a_salary_make_the_staff_line_incomplete_not_zero(
    work, project, february, anna, cecilia
):
    make_activity(make_company(), "paper-province", {cecilia: 4}, date=D(2025, 2, 10))
    rows = {
        r["organisation_id"]: r for r in cs.outcome_vs_budget(project.pk, february.pk) if r["kind"] == "staff"
    }
    paper = rows[cecilia.organisation_id]
    assert not paper["complete"]
    assert "4" in paper["note"] and "salary missing" in paper["note"]


def test_cost_entries_count_on_their_budget_lines(work, project, february, anna, bertil):
    cs.add_expense(
        bertil, anna.organisation_id, D(2025, 2, 12), "external", "12 500", "Konsult AB, faktura 17"
    )
    cs.add_expense(bertil, anna.organisation_id, D(2025, 2, 13), "travel", "1234,50", "Tåg Falun–Karlstad")
    cs.add_expense(bertil, anna.organisation_id, D(2025, 3, 1), "travel", 100, "Buss (mars)")
    rows = rows_of(cs.outcome_vs_budget(project.pk, february.pk), anna.organisation_id)
    assert rows["external"]["outcome_sek"] == Decimal("12500.00")
    assert rows["travel"]["outcome_sek"] == Decimal("1234.50")
    assert rows["external"]["share"] == pytest.approx(12_500 / 200_000)
    assert AuditEntry.objects.filter(object_type="programme.Expense", action="create").count() == 3


@pytest.mark.parametrize(
    ("amount", "word"),
    [
        (-5, "positive"),
        (0, "positive"),
        ("20000000", "plausible"),
        ("tusen", "not an amount"),
        ("1.005", "two"),
    ],
)
def test_negative_or_absurd_amounts_are_refused_naming_the_field(project, anna, bertil, amount, word):
    with pytest.raises(InvalidData) as exc:
        cs.add_expense(bertil, anna.organisation_id, D(2025, 2, 12), "external", amount, "Konsult")
    assert word in exc.value.errors["amount_sek"]
    assert not Expense.objects.exists()


def test_a_cost_needs_a_description_a_budget_line_and_a_date_in_the_project(project, anna, bertil):
    with pytest.raises(InvalidData) as exc:
        cs.add_expense(bertil, anna.organisation_id, D(2025, 2, 12), "lunch", 100, " ")
    assert set(exc.value.errors) == {"kind", "description"}
    with pytest.raises(InvalidData) as exc:
        cs.add_expense(bertil, anna.organisation_id, D(2024, 12, 12), "travel", 100, "Tåg")
    assert "2024-12-12" in exc.value.errors["date"]


def test_costs_in_an_approved_month_are_refused(work, project, anna, bertil):
    ta.approve_month(bertil, anna.organisation_id, 2025, 2)
    with pytest.raises(InvalidData) as exc:
        cs.add_expense(bertil, anna.organisation_id, D(2025, 2, 12), "travel", 100, "Tåg")
    assert "2025-02" in exc.value.errors["date"]


def test_the_project_leader_and_programme_managers_record_costs(project, anna, bertil, cecilia, petra):
    for someone in (anna, cecilia):
        with pytest.raises(Forbidden):
            cs.add_expense(someone, anna.organisation_id, D(2025, 2, 12), "travel", 100, "Tåg")
    expense = cs.add_expense(petra, anna.organisation_id, D(2025, 2, 12), "travel", 100, "Tåg")
    with pytest.raises(Forbidden):
        cs.delete_expense(anna, expense.pk)
    cs.delete_expense(bertil, expense.pk)
    assert AuditEntry.objects.filter(object_type="programme.Expense", action="delete").exists()


def test_in_kind_cofinancing_credits_each_company_with_the_activitys_length(work, project, february, anna):
    dalarna = next(
        r for r in cs.inkind(project.pk, february.pk) if r["organisation_id"] == anna.organisation_id
    )
    # 3 h × 1 company + max(2.5, 1) h × 2 companies = 8 h; × 500 SEK = 4,000.00
    assert dalarna["company_hours"] == Decimal(8)
    assert dalarna["participations"] == 3
    assert dalarna["value_sek"] == Decimal("4000.00")


def test_advisors_see_their_own_organisations_rows_and_managers_all(
    work, project, anna, cecilia, petra, lisa
):
    assert {r["organisation_id"] for r in cs.cost_page(anna, project.pk, None)["rows"]} == {
        anna.organisation_id
    }
    assert {r["organisation_id"] for r in cs.cost_page(cecilia, project.pk, None)["rows"]} == {
        cecilia.organisation_id
    }
    assert len({r["organisation_id"] for r in cs.cost_page(petra, project.pk, None)["rows"]}) == 3
    # Lisa's organisation (IUC Värmland) does not take part in this project: no rows.
    assert cs.cost_page(lisa, project.pk, None)["rows"] == []


def test_analysts_and_company_users_do_not_see_costs(project, alf, carl):
    for someone in (alf, carl):
        with pytest.raises(Forbidden):
            cs.cost_page(someone, project.pk, None)
