"""Reporting endpoints, mounted at /api/programme/reports/: the periods, every figure of a period's progress
report (the same rows as the page and `spets programme report`), and the companies behind one figure.
Permissions as the pages': figures for programme staff and analysts, companies for those who read records."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema

from spets.programme import permissions as perm
from spets.programme import presenters
from spets.programme.models import ReportingPeriod
from spets.programme.services import indicators as indicator_services
from spets.programme.services import report as report_services
from spets.programme.services import setup as setup_services

reports_router = Router(tags=["programme: reports"])


class PeriodOut(Schema):
    id: int
    code: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    closed_at: datetime.datetime | None
    closed_by: str | None = Field(None, description="Username of the programme manager who closed it")


class FigureOut(Schema):
    indicator: str
    name: str
    unit: str
    dimension: str = Field(description="total, county, size_class, organisation or focus_area")
    key: str
    label: str
    value: float | None = Field(description="Null: not available or not applicable (never 0 for missing)")
    new: float | None
    target: float | None
    status: str


class ReportOut(Schema):
    period: PeriodOut
    closed: bool
    figures: list[FigureOut]


class CellIn(Schema):
    dimension: Literal["county", "size_class", "organisation", "focus_area"] | None = None
    key: str | None = Field(None, max_length=60)
    page: int = Field(1, ge=1, le=10_000)


class CompanyOut(Schema):
    id: int
    orgnr: str
    name: str
    county: str
    size_class: str
    first_support: datetime.date | None
    hours: float | None
    contribution: float | None
    activity_ids: list[int]


class FigureCompaniesOut(Schema):
    indicator: str
    dimension: str | None
    key: str | None
    value: float | None
    total: int
    page: int
    pages: int
    companies: list[CompanyOut]


def _period_out(p: ReportingPeriod) -> PeriodOut:
    return PeriodOut(
        id=p.pk,
        code=p.code,
        kind=p.kind,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        closed_at=p.closed_at,
        closed_by=p.closed_by.get_username() if p.closed_by_id else None,
    )


@reports_router.get("/periods", response=list[PeriodOut])
def periods(request):
    perm.require(perm.can_see_programme_figures(request.user), "programme reports are for programme staff")
    project = setup_services.current_project()
    qs = ReportingPeriod.objects.filter(project=project).select_related("closed_by").defer("snapshot")
    return [_period_out(p) for p in qs.order_by("starts_on", "ends_on")]


@reports_router.get("/periods/{period_id}", response=ReportOut)
def report(request, period_id: int):
    result = report_services.report(request.user, period_id)
    context = presenters.report_context(result)
    return ReportOut(
        period=_period_out(result.period),
        closed=context["closed"],
        figures=[FigureOut(**row) for row in presenters.figure_rows(context)],
    )


@reports_router.get("/periods/{period_id}/figures/{indicator}", response=FigureCompaniesOut)
def figure_companies(request, period_id: int, indicator: str, cell: Query[CellIn]):
    drill = indicator_services.drill_down(
        request.user, period_id, indicator[:16], cell.dimension, cell.key, cell.page
    )
    return FigureCompaniesOut(
        indicator=indicator,
        dimension=drill.dimension,
        key=drill.key,
        value=drill.value,
        total=drill.total,
        page=drill.page,
        pages=drill.pages,
        companies=[
            CompanyOut(
                id=row["id"],
                orgnr=row["facts"].get("orgnr", ""),
                name=row["company"].name if row["company"] else row["facts"].get("name", ""),
                county=row["facts"].get("county", ""),
                size_class=row["facts"].get("size", ""),
                first_support=row["facts"].get("first"),
                hours=row["facts"].get("hours"),
                contribution=row["contribution"],
                activity_ids=[a.pk for a in row["activities"]],
            )
            for row in drill.rows
        ],
    )
