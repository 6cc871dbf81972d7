"""The kept figures of an open period (what a report reads fast) are the figures computed from scratch,
after every kind of change to the register: a logged activity, edited hours, date, type, organisation and
companies, a deleted activity, a merge, new yearly figures. The report page reads only the kept summary;
the companies' full facts are read when a question needs them. A closed period stays as reported."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from spets.companies.models import Activity, ActivityAdvisor
from spets.companies.services.activities import log_activity
from spets.companies.services.merge import conflicts, merge
from spets.core.models import FocusArea
from spets.core.scoping import unscoped
from spets.programme import presenters
from spets.programme.models import CompanyYearFigure
from spets.programme.services import indicators as svc
from spets.programme.services import periods as period_services
from spets.programme.services.report import report
from spets.programme.snapshot import Figures, Summary, split
from tests.factories import make_activity, make_company
from tests.programme.reporting_setup import make_reporting_project, period

D = datetime.date
NOW = datetime.datetime(2026, 8, 1, 9, 0, tzinfo=datetime.UTC)
CHANGES_WITH_TIME = ("computed_at",)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def project(db):
    return make_reporting_project()


@pytest.fixture
def register(anna, cecilia):
    """Four companies with support from two organisations across periods, one shared activity."""
    falu, karl, gavle, shared = (
        make_company(name="Falu Gjuteri AB", municipality_id="2080"),
        make_company(name="Karlstad Verkstad AB", municipality_id="1780"),
        make_company(name="Gävle Plast AB", municipality_id="2180"),
        make_company(name="Delad AB", municipality_id="2081"),
    )
    make_activity(falu, "iuc-dalarna", anna, hours=6, date=D(2025, 3, 1))
    make_activity(falu, "iuc-dalarna", anna, hours=2, date=D(2026, 2, 1), type="workshop")
    make_activity(karl, "paper-province", cecilia, hours=12, date=D(2026, 4, 1), type="analysis")
    make_activity([gavle, shared], "paper-province", cecilia, hours=8, date=D(2026, 5, 1))
    with unscoped():
        CompanyYearFigure.objects.create(
            company=falu, year=2024, employees=40, turnover_sek=10**8, source="t"
        )
        CompanyYearFigure.objects.create(
            company=falu, year=2026, employees=55, turnover_sek=10**8, source="t"
        )
    return {"falu": falu, "karl": karl, "gavle": gavle, "shared": shared}


def merge_into(user, survivor, other):
    choices = {c.field: "survivor" for c in conflicts(survivor, other)}
    merge(user, survivor.pk, other.pk, choices, survivor.version, other.version)


def assert_kept_is_fresh(user, project, codes=("2026H1", "final")):
    """Read twice (the second read is the kept document) and compare with a computation from scratch."""
    for code in codes:
        p = period(project, code)
        svc.figures(user, p.pk)
        _period, kept = svc.figures(user, p.pk)
        assert isinstance(kept.data, Summary)
        fresh = Figures(svc.compute(period(project, code)))
        for ident, ind in fresh.indicators.items():
            assert kept.indicator(ident) == ind, (code, ident)
            assert kept.value(ident) == fresh.value(ident)
            for dim in ("county", "organisation", "focus_area", "size_class"):
                assert kept.breakdown(ident, dim) == fresh.breakdown(ident, dim)
        assert dict(kept.companies) == dict(fresh.companies)
        summary, _rest = split(fresh.data)
        assert kept.data["companies"] == summary["companies"]
        assert kept.data["indicators"] == summary["indicators"]
        for key, value in fresh.data.items():
            if key not in ("companies", "indicators", *CHANGES_WITH_TIME):
                assert kept.data[key] == value, (code, key)


def test_kept_figures_equal_a_fresh_computation_of_an_untouched_register(petra, project, register):
    assert_kept_is_fresh(petra, project)
    assert svc.figures(petra, period(project, "final").pk)[1].value("CO01") == 4


def test_kept_figures_follow_an_activity_logged_through_the_register(petra, anna, project, register):
    assert_kept_is_fresh(petra, project)
    with unscoped():
        digital = FocusArea.objects.get(code="digitalisation")
    log_activity(
        anna,
        type="company_visit",
        title="Besök",
        date=D(2026, 3, 10),
        company_ids=[register["karl"].pk, register["shared"].pk],
        advisor_hours=[(anna.pk, "5")],
        focus_area_codes=[digital.code],
    )
    assert_kept_is_fresh(petra, project)


def test_kept_figures_follow_edited_hours_date_type_organisation_and_companies(petra, project, register):
    assert_kept_is_fresh(petra, project)
    with unscoped():
        activity = Activity.objects.filter(companies=register["karl"]).get()
        ActivityAdvisor.objects.filter(activity=activity).update(hours=1)
    assert_kept_is_fresh(petra, project)
    with unscoped():
        activity.date = D(2025, 6, 1)
        activity.save()
    assert_kept_is_fresh(petra, project)
    with unscoped():
        Activity.objects.filter(pk=activity.pk).update(type="event")  # no longer support
    assert_kept_is_fresh(petra, project)
    with unscoped():
        Activity.objects.filter(pk=activity.pk).update(type="workshop", organisation_id=1)
    assert_kept_is_fresh(petra, project)
    with unscoped():
        activity.companies.set([register["gavle"], register["falu"]])
    assert_kept_is_fresh(petra, project)


def test_kept_figures_follow_a_deleted_activity(petra, project, register):
    assert_kept_is_fresh(petra, project)
    with unscoped():
        Activity.objects.filter(companies=register["gavle"]).delete()
    assert_kept_is_fresh(petra, project)
    assert svc.figures(petra, period(project, "final").pk)[1].value("CO01") == 2


def test_kept_figures_follow_a_merge_and_new_yearly_figures(petra, project, register):
    assert_kept_is_fresh(petra, project)
    falu, shared = register["falu"], register["shared"]
    merge_into(petra, falu, shared)
    assert_kept_is_fresh(petra, project)
    with unscoped():
        CompanyYearFigure.objects.create(
            company=register["karl"], year=2026, employees=300, turnover_sek=10**9, source="t"
        )
    assert_kept_is_fresh(petra, project)


def test_a_closed_period_keeps_what_was_reported_after_every_kind_of_edit(petra, anna, project, register):
    h1 = period(project, "2026H1")
    reported = svc.figures(petra, h1.pk)[1]
    period_services.close_period(petra, h1.pk)
    closed = svc.figures(petra, h1.pk)[1]
    make_activity(make_company(name="Sen AB"), "iuc-dalarna", anna, hours=4, date=D(2026, 3, 1))
    with unscoped():
        Activity.objects.filter(companies=register["gavle"]).delete()
        ActivityAdvisor.objects.update(hours=1)
    falu, karl = register["falu"], register["karl"]
    merge_into(petra, falu, karl)
    after = svc.figures(petra, h1.pk)[1]
    assert after.data == closed.data
    for ident in reported.indicators:
        assert after.value(ident) == reported.value(ident)
        assert after.breakdown(ident, "county") == reported.breakdown(ident, "county")
    assert after.value("CO01") == reported.value("CO01")
    assert svc.figures(petra, period(project, "2026H2").pk)[1].value("CO01") != reported.value("CO01")


def test_the_report_page_reads_the_summary_only_and_a_drill_down_the_whole(petra, project, register):
    p = period(project, "final")
    svc.figures(petra, p.pk)
    page = report(petra, p.pk)
    context = presenters.report_context(page)
    assert not page.figures.data.read_whole
    assert context["participants"] == 4
    assert context["municipalities"] == {"2080": 1, "1780": 1, "2180": 1, "2081": 1}
    drill = svc.drill_down(petra, p.pk, "CO01", "county", "20", 1)
    assert {row["facts"]["name"] for row in drill.rows} == {"Falu Gjuteri AB", "Delad AB"}  # Dalarna
    assert drill.document["indicators"]["CO01"]["value"] == 4


def test_refresh_computes_the_open_periods_whose_data_changed_so_the_next_report_reads_kept_figures(
    petra, anna, project, register, monkeypatch
):
    from io import StringIO

    from django.core.management import call_command

    period_services.close_period(petra, period(project, "2024H1").pk)
    out = StringIO()
    call_command("programme", "refresh", "--project", "nmsv", stdout=out)
    lines = out.getvalue().splitlines()
    assert "2026H1: computed" in lines and "final: computed" in lines
    assert not any(line.startswith("2024H1") for line in lines)  # closed: as reported
    out = StringIO()
    call_command("programme", "refresh", "--project", "nmsv", stdout=out)
    assert set(out.getvalue().splitlines()) == {
        f"{code}: unchanged" for code in ("2024H2", "2025H1", "2025H2", "2026H1", "2026H2", "final")
    }
    make_activity(make_company(name="Ny AB"), "iuc-dalarna", anna, hours=4, date=D(2026, 3, 1))
    svc.refresh_kept(project)
    computed = []
    monkeypatch.setattr(svc, "register_figures", lambda *a, **k: computed.append(1))
    assert svc.figures(petra, period(project, "final").pk)[1].value("CO01") == 5
    assert computed == []
