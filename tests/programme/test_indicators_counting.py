"""Indicators from the register (database): the counting rules on rows the register really stores, the
drill-down to companies and activities, and the outcomes advisors record."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from spets.companies.services.merge import merge
from spets.core.errors import Forbidden, InvalidData
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped
from spets.programme.models import CompanyOutcome, CompanyYearFigure
from spets.programme.services import indicators as svc
from tests.factories import make_activity, make_company
from tests.programme.reporting_setup import make_reporting_project, period

D = datetime.date
NOW = datetime.datetime(2026, 8, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the source language); pages are tested in Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def project(db):
    return make_reporting_project()


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def co01(user, project, code="2026H1"):
    _period, figures = svc.figures(user, period(project, code).pk)
    return figures


def test_a_company_supported_by_three_organisations_counts_once(petra, anna, project):
    company = make_company(name="Trestegs AB")
    make_activity(company, "iuc-dalarna", anna, hours=4, date=D(2025, 3, 1))
    make_activity(company, "paper-province", anna, hours=4, date=D(2025, 9, 1))
    make_activity(company, "rise-propell", anna, hours=4, date=D(2026, 2, 1))
    figures = co01(petra, project)
    assert figures.value("CO01") == 1
    assert figures.value("CO04") == 1
    assert figures.breakdown("CO01", "organisation") == {
        "iuc-dalarna": 1,
        "paper-province": 1,
        "rise-propell": 1,
    }
    assert figures.value("CO26") == 1  # RISE is a research institute


def test_a_merged_company_counts_once(petra, anna, project):
    first = make_company(name="Dubblett AB")
    second = make_company(name="Dubblett Aktiebolag")
    make_activity(first, "iuc-dalarna", anna, hours=4, date=D(2025, 3, 1))
    make_activity(second, "iuc-varmland", anna, hours=4, date=D(2025, 4, 1))
    assert co01(petra, project).value("CO01") == 2
    merge(
        petra, first.pk, second.pk, {"name": "survivor", "orgnr": "survivor"}, first.version, second.version
    )
    figures = co01(petra, project)
    assert figures.value("CO01") == 1
    assert figures.ids("CO01") == [first.pk]
    assert figures.company(first.pk)["orgs"] == ["iuc-dalarna", "iuc-varmland"]


def test_a_company_below_the_threshold_takes_part_but_is_not_counted(petra, anna, project):
    below = make_company(name="Kort möte AB")
    make_activity(below, "iuc-dalarna", anna, hours=2, date=D(2026, 2, 1))  # 2 h < 3 h
    figures = co01(petra, project)
    assert figures.value("CO01") == 0
    assert figures.company(below.pk)["p"]["hours"] == 2  # still on the participant list


def test_hours_of_an_activity_with_several_companies_are_shared(petra, anna, bertil, project):
    a, b = make_company(name="A AB"), make_company(name="B AB")
    make_activity([a, b], "iuc-dalarna", {anna: 3, bertil: 3}, date=D(2026, 2, 1))  # 6 h for two companies
    figures = co01(petra, project)
    assert figures.company(a.pk)["hours"] == 3
    assert figures.value("CO01") == 2  # 3 h each reaches the threshold


def test_size_class_at_first_support_comes_from_that_years_figures(petra, anna, project):
    grown = make_company(name="Växande AB", employees=60, size_class="medium")
    with unscoped():
        CompanyYearFigure.objects.create(company=grown, year=2024, employees=8, source="test")
    make_activity(grown, "iuc-dalarna", anna, hours=4, date=D(2024, 5, 1))
    figures = co01(petra, project)
    assert figures.company(grown.pk)["size"] == "micro"
    assert figures.company(grown.pk)["size_source"] == "year:2024"
    assert figures.breakdown("RCO01", "size_class") == {"micro": 1}


def test_employment_increase_from_yearly_figures(petra, anna, project):
    company = make_company(name="Anställer AB")
    with unscoped():
        for year, staff in ((2024, 10), (2025, 14)):
            CompanyYearFigure.objects.create(company=company, year=year, employees=staff, source="test")
    make_activity(company, "iuc-dalarna", anna, hours=4, date=D(2025, 2, 1))
    figures = co01(petra, project)
    assert figures.value("CO08") == 4
    assert figures.indicator("CO08")["details"][str(company.pk)] == [2024, 10, 2025, 14]


def test_activities_of_unmapped_types_and_before_the_project_are_not_counted(petra, anna, project):
    company = make_company(name="Tidig AB")
    early = make_activity(company, "iuc-dalarna", anna, hours=10, date=D(2023, 11, 1))
    make_activity(company, "iuc-dalarna", anna, hours=10, date=D(2025, 11, 1), type="event")  # not mapped
    figures = co01(petra, project)
    assert figures.value("CO01") == 0
    assert figures.data["before_start"] == [[early.pk, company.pk, "2023-11-01"]]
    assert figures.data["unmapped"] == {"event": 1}


def test_the_drill_down_lists_the_companies_and_activities_behind_a_cell(petra, anna, cecilia, project):
    dalarna = make_company(name="Borlänge Verkstad AB")  # municipality 2081, county 20
    karlstad = make_company(name="Karlstad Plast AB", municipality_id="1780")
    visit = make_activity(dalarna, "iuc-dalarna", anna, hours=4, date=D(2026, 3, 1), title="Besök")
    secret = make_activity(
        dalarna, "iuc-dalarna", anna, hours=1, date=D(2026, 3, 2), private=True, title="Hemligt"
    )
    make_activity(karlstad, "paper-province", cecilia, hours=4, date=D(2026, 3, 1))
    pk = period(project, "2026H1").pk
    drill = svc.drill_down(anna, pk, "CO01", "county", "20")
    assert [r["id"] for r in drill.rows] == [dalarna.pk]
    assert [a.pk for a in drill.rows[0]["activities"]] == [visit.pk, secret.pk]
    # Cecilia (Paper Province) sees the company and the shared visit, not IUC Dalarna's private note.
    drill = svc.drill_down(cecilia, pk, "CO01", "county", "20")
    assert [a.pk for a in drill.rows[0]["activities"]] == [visit.pk]
    assert drill.hidden_activities == 1
    by_org = svc.drill_down(cecilia, pk, "CO01", "organisation", "paper-province")
    assert [r["id"] for r in by_org.rows] == [karlstad.pk]
    assert "Hemligt" not in str([a.title for r in drill.rows for a in r["activities"]])
    assert secret.pk not in {a.pk for r in by_org.rows for a in r["activities"]}


def test_analysts_see_no_companies_behind_a_figure(alf, project):
    with pytest.raises(Forbidden):
        svc.drill_down(alf, period(project, "2026H1").pk, "CO01", None, None)


def test_an_unknown_indicator_is_named(petra, project):
    with pytest.raises(InvalidData, match="ZZ99"):
        svc.drill_down(petra, period(project, "2026H1").pk, "ZZ99", None, None)


def test_anna_records_a_new_product_and_it_counts_in_co28(petra, anna, project):
    company = make_company(name="Innovatör AB")
    make_activity(company, "iuc-dalarna", anna, hours=4, date=D(2025, 3, 1))
    outcome = svc.record_outcome(
        anna, company.pk, kind="new_to_market", date=D(2026, 4, 1), evidence="Lanserad på Elmia"
    )
    assert AuditEntry.objects.filter(
        object_type="programme.CompanyOutcome", object_id=str(outcome.pk)
    ).exists()
    figures = co01(petra, project)
    assert figures.value("CO28") == 1 and figures.value("CO29") == 1


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"kind": "new_to_market", "date": D(2026, 9, 1), "evidence": "x"}, "date"),  # future
        ({"kind": "new_to_market", "date": D(2026, 4, 1), "evidence": " "}, "evidence"),
        ({"kind": "private_investment", "date": D(2026, 4, 1), "evidence": "x"}, "amount_sek"),
        (
            {"kind": "private_investment", "date": D(2026, 4, 1), "evidence": "x", "amount_sek": Decimal(-5)},
            "amount_sek",
        ),
        ({"kind": "guess", "date": D(2026, 4, 1), "evidence": "x"}, "kind"),
    ],
)
def test_a_bad_outcome_is_refused_naming_the_field_and_nothing_is_written(anna, fields, field):
    company = make_company()
    with pytest.raises(InvalidData) as exc:
        svc.record_outcome(anna, company.pk, **fields)
    assert field in exc.value.errors
    with unscoped():
        assert not CompanyOutcome.objects.exists()


def test_viewers_and_analysts_record_no_outcomes(lisa, alf):
    company = make_company()
    for user in (lisa, alf):
        with pytest.raises(Forbidden):
            svc.record_outcome(user, company.pk, kind="new_to_firm", date=D(2026, 4, 1), evidence="x")


def test_the_company_page_shows_the_recorded_outcomes_to_programme_staff(client, anna, alf):
    company = make_company(name="Panelbolaget AB")
    svc.record_outcome(anna, company.pk, kind="new_to_firm", date=D(2026, 4, 1), evidence="Ny produktlinje")
    client.force_login(anna)
    html = client.get(f"/companies/{company.pk}/panels/").content.decode()
    assert 'data-testid="programme-outcomes"' in html and "2026-04-01" in html
    assert f"/programme/companies/{company.pk}/outcomes/" in html
    client.force_login(alf)  # analysts read no company records
    assert (
        'data-testid="programme-outcomes"'
        not in client.get(f"/companies/{company.pk}/panels/").content.decode()
    )
