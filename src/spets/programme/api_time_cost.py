"""Time, cost and impact endpoints, mounted at /api/programme/time/, /costs/ and /impact/ (permissions as
the pages')."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from spets.programme import permissions as perm
from spets.programme.services import costs as cost_services
from spets.programme.services import impact as impact_services
from spets.programme.services import setup as setup_services
from spets.programme.services import time as time_services

time_router = Router(tags=["programme: time"])
cost_router = Router(tags=["programme: costs"])
impact_router = Router(tags=["programme: impact"])


class ActivityHoursOut(Schema):
    date: datetime.date
    activity_id: int
    title: str = Field(description="Empty for another organisation's private activity")
    hours: Decimal


class EntryOut(Schema):
    id: int
    date: datetime.date
    kind: str
    hours: Decimal
    note: str


class PersonMonthOut(Schema):
    person_id: int
    username: str
    organisation_id: int | None
    month: str = Field(description="YYYY-MM")
    in_project: bool
    approved: bool
    approved_at: datetime.datetime | None
    activity_hours: Decimal | None
    other_hours: dict[str, Decimal]
    correction_hours: Decimal | None
    total_hours: Decimal | None
    monthly_salary_sek: Decimal | None = Field(None, description="Null when unknown or not yours to see")
    hourly_rate_sek: Decimal | None
    staff_cost_sek: Decimal | None
    activities: list[ActivityHoursOut]
    entries: list[EntryOut]


class EntryIn(Schema):
    date: datetime.date
    kind: Literal["administration", "event", "travel", "other"]
    hours: Decimal = Field(..., gt=0, le=24, decimal_places=2)
    note: str = Field("", max_length=300)


def _person_out(report: time_services.PersonMonth) -> dict:
    h = report.hours
    return {
        "person_id": report.person.pk,
        "username": report.person.username,
        "organisation_id": report.person.organisation_id,
        "month": time_services.month_label(report.month),
        "in_project": report.participant is not None,
        "approved": report.approval is not None,
        "approved_at": report.approval.approved_at if report.approval else None,
        "activity_hours": h.activity if h else None,
        "other_hours": dict(h.other) if h else {},
        "correction_hours": h.correction_hours if h else None,
        "total_hours": h.total if h else None,
        "monthly_salary_sek": h.salary if h and report.show_costs else None,
        "hourly_rate_sek": h.rate if h and report.show_costs else None,
        "staff_cost_sek": h.cost if h and report.show_costs else None,
        "activities": [
            {"date": a["date"], "activity_id": a["activity_id"], "title": a["title"], "hours": a["hours"]}
            for a in report.activities
        ],
        "entries": [
            {"id": e.pk, "date": e.date, "kind": e.kind, "hours": e.hours, "note": e.note}
            for e in report.entries
        ],
    }


@time_router.get("/{int:person_id}/{int:year}/{int:month}", response=PersonMonthOut)
def person_month(request, person_id: int, year: int, month: int):
    """A person's time report for a month (hours for the organisation; costs for the person, the project
    leader and programme managers)."""
    return _person_out(time_services.person_month(request.user, person_id, year, month))


@time_router.post("/{int:person_id}/entries", response={201: EntryOut})
def add_entry(request, person_id: int, payload: EntryIn):
    """Add other project time (administration, events, travel, other) for a day."""
    entry = time_services.add_time_entry(
        request.user, person_id, payload.date, payload.kind, payload.hours, payload.note
    )
    return Status(
        201,
        {"id": entry.pk, "date": entry.date, "kind": entry.kind, "hours": entry.hours, "note": entry.note},
    )


class BudgetRowOut(Schema):
    organisation: str
    organisation_id: int
    kind: str
    kind_label: str
    budget_sek: Decimal | None
    outcome_sek: Decimal | None
    cumulative_sek: Decimal | None
    share: float | None
    note: str
    complete: bool


class InkindOut(Schema):
    organisation: str
    organisation_id: int
    company_hours: Decimal
    participations: int
    rate_sek: Decimal
    value_sek: Decimal


class CostsOut(Schema):
    start: datetime.date
    end: datetime.date
    rows: list[BudgetRowOut]
    inkind: list[InkindOut]


class PeriodQuery(Schema):
    period_id: int | None = Field(None, ge=1, le=2**31 - 1)


@cost_router.get("", response=CostsOut)
def cost_overview(request, query: Query[PeriodQuery]):
    """Outcome against budget per organisation and budget line (programme managers: every organisation;
    the organisations' staff: their own)."""
    perm.require(
        cost_services.can_see_costs(request.user), "costs are for programme managers and the organisations"
    )
    project = setup_services.current_project()
    page = cost_services.cost_page(request.user, project.pk, query.period_id)
    return {"start": page["start"], "end": page["end"], "rows": page["rows"], "inkind": page["inkind"]}


class ImpactQuery(Schema):
    period_id: int | None = Field(None, ge=1, le=2**31 - 1)
    outcome: Literal["employees", "turnover"] = "employees"


class ImpactOut(Schema):
    outcome: str
    window_start: datetime.date
    window_end: datetime.date
    effect_percent_per_year: float | None = Field(description="Extra growth a year, in per cent")
    ci_low_percent: float | None
    ci_high_percent: float | None
    se_log_points: float | None
    n_treated: int
    n_controls: int
    excluded: dict[str, int]
    source: str
    method: str
    synthetic: bool
    caveats: list[str]


@impact_router.get("", response=ImpactOut)
def impact(request, query: Query[ImpactQuery]):
    """The difference-in-differences estimate with its 95 % interval and caveats (no company rows)."""
    perm.require(impact_services.can_see_impact(request.user), "the impact estimate is for programme staff")
    project = setup_services.current_project()
    r = impact_services.impact(request.user, project.pk, query.period_id, query.outcome)
    e = r.estimate
    return {
        "outcome": r.outcome,
        "window_start": r.window[0],
        "window_end": r.window[1],
        "effect_percent_per_year": r.figure.value,
        "ci_low_percent": r.figure.extra["ci_low"],
        "ci_high_percent": r.figure.extra["ci_high"],
        "se_log_points": e.se,
        "n_treated": e.n_treated,
        "n_controls": e.n_controls,
        "excluded": dict(r.excluded),
        "source": r.figure.source,
        "method": r.figure.method,
        "synthetic": r.synthetic,
        "caveats": r.caveats,
    }
