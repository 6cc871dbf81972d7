"""Closing a period freezes what was reported; reopening takes a programme manager and a reason; the
report's texts are saved with optimistic locking."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import translation

from spets.companies.models import Activity, ActivityAdvisor, Company
from spets.core.errors import Conflict, Forbidden, InvalidData
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped
from spets.programme.models import ReportingPeriod
from spets.programme.services import indicators as indicator_services
from spets.programme.services import periods as svc
from tests.factories import make_activity, make_company
from tests.programme.reporting_setup import make_reporting_project, period

D = datetime.date
AFTER_2025H2 = datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the source language); pages are tested in Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def project(db):
    return make_reporting_project()


@pytest.fixture
def clock():
    with time_machine.travel(AFTER_2025H2, tick=False) as traveller:
        yield traveller


def test_a_closed_period_is_unchanged_after_later_edits(petra, anna, project, clock):
    kept = make_company(name="Rapporterad AB")
    activity = make_activity(kept, "iuc-dalarna", anna, hours=4, date=D(2025, 10, 1))
    p = period(project, "2025H2")
    svc.close_period(petra, p.pk)
    reported = indicator_services.figures(petra, p.pk)[1]
    assert reported.value("CO01") == 1

    # Later: a late entry dated inside the period, the hours cut below the threshold, a company deleted.
    late = make_company(name="Efterregistrerad AB")
    make_activity(late, "iuc-varmland", anna, hours=5, date=D(2025, 11, 1))
    with unscoped():
        ActivityAdvisor.objects.filter(activity=activity).update(hours=1)
        Activity.objects.filter(pk=activity.pk).update(date=D(2025, 12, 30))
    closed = indicator_services.figures(petra, p.pk)[1]
    assert closed.value("CO01") == 1
    assert closed.ids("CO01") == [kept.pk]
    assert closed.data == reported.data  # the whole document, drill-down ids included
    # Recomputing the same dates now gives other figures: the freeze is what keeps the report.
    assert indicator_services.compute(ReportingPeriod.objects.get(pk=p.pk))["indicators"]["CO01"]["ids"] == [
        late.pk
    ]
    with unscoped():
        Company.objects.filter(pk=kept.pk).delete()
    drill = indicator_services.drill_down(petra, p.pk, "CO01", None, None)
    assert drill.missing_companies == [kept.pk]
    assert drill.rows[0]["facts"]["name"] == "Rapporterad AB"


def test_the_closed_report_says_when_and_by_whom(petra, project, clock):
    p = svc.close_period(petra, period(project, "2025H2").pk)
    assert p.closed_by == petra and p.closed_at == AFTER_2025H2
    assert p.snapshot["closed"]["by"] == "Petra"
    entry = AuditEntry.objects.get(action="close")
    assert entry.changes["reported:CO01"] == 0


def test_only_programme_managers_close_periods(anna, lisa, alf, project, clock):
    for user in (anna, lisa, alf):
        with pytest.raises(Forbidden):
            svc.close_period(user, period(project, "2025H2").pk)


def test_a_period_closes_after_its_last_day_and_only_once(petra, project, clock):
    with pytest.raises(InvalidData, match="2026-06-30"):
        svc.close_period(petra, period(project, "2026H1").pk)
    svc.close_period(petra, period(project, "2025H2").pk)
    with pytest.raises(Conflict, match="Petra"):
        svc.close_period(petra, period(project, "2025H2").pk)


def test_a_company_without_org_nr_stops_the_closing_and_is_named(petra, anna, project, clock):
    nameless = make_company(name="Utan Nummer AB", orgnr="")
    make_activity(nameless, "iuc-dalarna", anna, hours=4, date=D(2025, 10, 1))
    with pytest.raises(InvalidData, match=f"Utan Nummer AB \\(id {nameless.pk}\\)"):
        svc.close_period(petra, period(project, "2025H2").pk)
    p = period(project, "2025H2")
    assert not p.is_closed and p.snapshot == {}  # nothing half-written
    assert not AuditEntry.objects.filter(action="close").exists()


def test_reopening_takes_a_reason_and_keeps_the_reported_figures_in_the_audit_log(
    petra, anna, project, clock
):
    make_activity(make_company(), "iuc-dalarna", anna, hours=4, date=D(2025, 10, 1))
    p = svc.close_period(petra, period(project, "2025H2").pk)
    with pytest.raises(Forbidden):
        svc.reopen_period(anna, p.pk, "fel")
    with pytest.raises(InvalidData) as exc:
        svc.reopen_period(petra, p.pk, "  ")
    assert "reason" in exc.value.errors
    svc.reopen_period(petra, p.pk, "Tillväxtverket bad om rättelse")
    p.refresh_from_db()
    assert not p.is_closed and p.snapshot == {}
    entry = AuditEntry.objects.get(action="reopen")
    assert entry.changes["reason"] == "Tillväxtverket bad om rättelse"
    assert entry.changes["reported:CO01"] == 1


def test_a_stale_save_of_a_report_text_says_who_changed_it(petra, project, clock):
    from tests.conftest import make_user

    paula = make_user("paula", "programme_manager", "iuc-dalarna", first_name="Paula")
    p = period(project, "2026H1")
    svc.save_section(petra, p.pk, "summary", "Petras text", 0)
    with pytest.raises(Conflict, match="Petra"):
        svc.save_section(paula, p.pk, "summary", "Paulas text", 0)  # opened before Petra saved
    svc.save_section(paula, p.pk, "summary", "Båda texterna", 1)
    texts = {s["key"]: s for s in svc.sections(p)}
    assert texts["summary"]["text"] == "Båda texterna" and texts["summary"]["version"] == 2


def test_a_closed_periods_texts_are_frozen(petra, project, clock):
    p = period(project, "2025H2")
    svc.save_section(petra, p.pk, "summary", "Som rapporterat", 0)
    svc.close_period(petra, p.pk)
    with pytest.raises(Conflict):
        svc.save_section(petra, p.pk, "summary", "Ändrat", 1)
    p.refresh_from_db()
    assert {s["key"]: s["text"] for s in svc.sections(p)}["summary"] == "Som rapporterat"


def test_advisors_write_no_report_texts(anna, project, clock):
    with pytest.raises(Forbidden):
        svc.save_section(anna, period(project, "2026H1").pk, "summary", "x", 0)
