"""The figures document of an open period is kept while the register data is unchanged, and computed again
after any change to what the indicators read, by whatever path it was written: a new activity, an edit of
an activity's hours or date, a deleted activity, a company moved to another county, a merge, new yearly
figures. A closed period reads its frozen snapshot, never the kept document."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from spets.companies.models import Activity, ActivityAdvisor
from spets.companies.services.merge import merge
from spets.core.scoping import unscoped
from spets.programme.models import CompanyYearFigure, FiguresCache
from spets.programme.services import figures_cache
from spets.programme.services import indicators as svc
from spets.programme.services import periods as period_services
from tests.factories import make_activity, make_company
from tests.programme.reporting_setup import make_reporting_project, period

D = datetime.date
NOW = datetime.datetime(2026, 8, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def project(db):
    return make_reporting_project()


@pytest.fixture
def computed(monkeypatch):
    """Counts the computations of the register part of the document."""
    calls = []
    real = svc.register_figures

    def counting(p, **kwargs):
        calls.append(p.code)
        return real(p, **kwargs)

    monkeypatch.setattr(svc, "register_figures", counting)
    return calls


def figures(user, project, code="2026H1"):
    return svc.figures(user, period(project, code).pk)[1]


def test_an_unchanged_register_gives_the_kept_document(petra, anna, project, computed):
    company = make_company(name="Falu Gjuteri AB")
    make_activity(company, "iuc-dalarna", anna, hours=4, date=D(2026, 2, 1))
    first = figures(petra, project)
    again = figures(petra, project)
    assert computed == ["2026H1"]
    assert again.value("CO01") == first.value("CO01") == 1
    assert again.data["indicators"] == first.data["indicators"]
    assert again.company(company.pk)["name"] == "Falu Gjuteri AB"
    assert FiguresCache.objects.filter(period=period(project, "2026H1")).count() == 1


def test_a_new_activity_is_counted_at_once(petra, anna, project, computed):
    make_activity(make_company(name="Första AB"), "iuc-dalarna", anna, hours=4, date=D(2026, 2, 1))
    assert figures(petra, project).value("CO01") == 1
    make_activity(make_company(name="Andra AB"), "paper-province", anna, hours=4, date=D(2026, 3, 1))
    assert figures(petra, project).value("CO01") == 2
    assert computed == ["2026H1", "2026H1"]


def test_edited_hours_and_dates_and_a_deleted_activity_are_counted_at_once(petra, anna, project):
    company = make_company(name="Timmar AB")
    activity = make_activity(company, "iuc-dalarna", anna, hours=4, date=D(2026, 2, 1))
    other = make_activity(make_company(name="Borttagen AB"), "iuc-dalarna", anna, hours=4, date=D(2026, 2, 2))
    assert figures(petra, project).company(company.pk)["hours"] == 4
    with unscoped():
        ActivityAdvisor.objects.filter(activity=activity).update(hours=6)  # not through the register
    assert figures(petra, project).company(company.pk)["hours"] == 6
    with unscoped():
        Activity.objects.filter(pk=activity.pk).update(date=D(2025, 2, 1))  # no updated_at bump either
        assert figures(petra, project).company(company.pk)["first"] == "2025-02-01"
        other.delete()
    assert figures(petra, project).value("CO01") == 1


def test_a_company_moved_to_another_county_and_new_yearly_figures_are_read_at_once(petra, anna, project):
    company = make_company(name="Flytt AB", municipality_id="2080")
    make_activity(company, "iuc-dalarna", anna, hours=4, date=D(2026, 2, 1))
    assert figures(petra, project).breakdown("CO01", "county") == {"20": 1}
    company.municipality_id = "1780"  # Karlstad, Värmland
    company.version += 1
    with unscoped():
        company.save()
    assert figures(petra, project).breakdown("CO01", "county") == {"17": 1}
    with unscoped():
        CompanyYearFigure.objects.create(
            company=company, year=2026, employees=300, turnover_sek=10**9, source="t"
        )
    assert figures(petra, project).company(company.pk)["size"] == "large"


def test_a_merge_is_counted_at_once(petra, anna, project):
    first, second = make_company(name="Dubblett AB"), make_company(name="Dubblett Aktiebolag")
    make_activity(first, "iuc-dalarna", anna, hours=4, date=D(2026, 3, 1))
    make_activity(second, "iuc-varmland", anna, hours=4, date=D(2026, 4, 1))
    assert figures(petra, project).value("CO01") == 2
    merge(
        petra, first.pk, second.pk, {"name": "survivor", "orgnr": "survivor"}, first.version, second.version
    )
    assert figures(petra, project).value("CO01") == 1


def test_a_closed_period_reads_its_snapshot_and_forget_drops_kept_documents(petra, anna, project, computed):
    make_activity(make_company(name="Stängd AB"), "iuc-dalarna", anna, hours=4, date=D(2026, 2, 1))
    figures(petra, project)
    period_services.close_period(petra, period(project, "2026H1").pk)
    make_activity(make_company(name="Sen AB"), "iuc-dalarna", anna, hours=4, date=D(2026, 3, 1))
    assert figures(petra, project).value("CO01") == 1  # as reported
    # Once for the report, once when closing (the snapshot is computed fresh); reading it computes nothing.
    assert computed == ["2026H1", "2026H1"]
    figures(petra, project, "2026H2")
    assert figures_cache.forget() == 2
    assert not FiguresCache.objects.exists()


def test_the_kept_document_follows_the_cost_sections_tables(petra, anna, project, computed):
    from decimal import Decimal

    from spets.programme.models import BudgetLine, Participant

    make_activity(make_company(name="Kostnad AB"), "iuc-dalarna", anna, hours=4, date=D(2026, 2, 1))
    figures(petra, project)
    figures(petra, project)
    assert computed == ["2026H1"]
    participant = Participant.objects.get(project=project, organisation__slug="iuc-dalarna")
    BudgetLine.objects.update_or_create(
        participant=participant, kind="staff", defaults={"amount_sek": Decimal(1_000_000)}
    )
    costs = figures(petra, project).data["costs"]
    assert computed == ["2026H1", "2026H1"]
    assert any(r.get("budget_sek") == 1_000_000 for r in costs)
