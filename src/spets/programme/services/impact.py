"""The impact page's data: supported companies against matched non-supported ones (the pure estimate is
`spets.programme.impact`; the method and its caveats are in docs/methods/programme.md).

Supported = the company's first activity in the register falls in the chosen window (the project period,
or one reporting period: that period's cohort). Non-supported (possible controls) = companies with no
activity at all. Companies first supported outside the window are neither. The cell for exact matching
is (SNI division, size class, county) from the register; companies without one of them are left out.
Outcomes: employment (headcount; the year before support must have at least MIN_EMPLOYEES) and net
turnover, from `CompanyYearFigure`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.companies.models import Company
from spets.core.errors import InvalidData
from spets.core.figures import Figure
from spets.core.policy import Can, can
from spets.core.scoping import unscoped
from spets.programme import impact as did
from spets.programme import permissions as perm
from spets.programme.models import CompanyYearFigure, Project, ReportingPeriod
from spets.programme.services.figures import DEMO_EMPLOYMENT_EFFECT, DEMO_TURNOVER_EFFECT

MIN_EMPLOYEES = 5  # below five, one person is ±20 % and whole persons swamp a few per cent

OUTCOMES = {
    "employees": (gettext_lazy("Employment"), "employees", MIN_EMPLOYEES),
    "turnover": (gettext_lazy("Net turnover"), "turnover_sek", 0),
}
EXCLUSION_LABELS = {
    "too_few_years_before": gettext_lazy("fewer than three yearly figures before support"),
    "no_years_after": gettext_lazy("no yearly figures from the year of support on"),
    "below_min_level": gettext_lazy("fewer than five employees the year before support"),
    "no_match_in_cell": gettext_lazy("no non-supported company of the same industry, size class and county"),
    "missing_cell": gettext_lazy("SNI code, size class or county missing in the register"),
}


def can_see_impact(user) -> bool:
    """The estimate: programme staff who read records and analysts (an aggregate)."""
    return perm.can_see_programme(user) or can(user, Can.SEE_AGGREGATES)


def can_see_pairs(user) -> bool:
    """The matched pairs name companies and who was supported: readers of company records."""
    return perm.can_see_programme(user)


@dataclass
class ImpactResult:
    outcome: str
    label: str
    window: tuple[datetime.date, datetime.date]
    estimate: did.Estimate
    figure: Figure
    excluded: list[tuple[str, int]]
    pairs: list[dict] | None  # None: not shown to this user
    synthetic: bool
    caveats: list[str]


def _units(
    outcome_field: str, start: datetime.date, end: datetime.date
) -> tuple[list[did.Unit], int, bool, set[str]]:
    with unscoped():
        first = dict(
            Company.objects.filter(activities__isnull=False)
            .annotate(first=Min("activities__date"))
            .values_list("pk", "first")
        )
        levels: dict[int, dict[int, float]] = defaultdict(dict)
        sources: set[str] = set()
        synthetic = False
        for company_id, year, value, source, synth in CompanyYearFigure.objects.filter(
            **{f"{outcome_field}__isnull": False}
        ).values_list("company_id", "year", outcome_field, "source", "synthetic"):
            levels[company_id][year] = float(value)
            sources.add(source)
            synthetic = synthetic or synth
        companies = Company.objects.filter(pk__in=list(levels)).values_list(
            "pk", "sni_id", "size_class", "municipality__county_id"
        )
        units, missing_cell = [], 0
        for pk, sni, size, county in companies:
            day = first.get(pk)
            if day is not None and not start <= day <= end:
                continue  # supported outside the window: neither supported nor a control here
            if not sni or not size or not county:
                missing_cell += day is not None
                continue
            units.append(did.Unit(pk, (sni[:2], size, county), levels[pk], day.year if day else None))
    return units, missing_cell, synthetic, sources


def window_of(project: Project, period_id: int | None) -> tuple[datetime.date, datetime.date]:
    if period_id is None:
        return project.starts_on, project.ends_on
    period = ReportingPeriod.objects.get(pk=period_id, project=project)
    return period.starts_on, period.ends_on


def caveats(estimate: did.Estimate, synthetic: bool) -> list[str]:
    out = [
        _(
            "Selection on unobservables: companies that ask for support may differ from those that do not "
            "in ways the figures do not show (plans, management, owners). Matching on industry, size class, "
            "county, and the level and trend before support removes only the differences it sees."
        ),
        _(
            "Other support: a control company may have had support elsewhere (other programmes, banks, "
            "consultants) that the register does not know about; that biases the estimate towards zero."
        ),
        _(
            "Timing: the year of first support counts as the first year after it, and most companies have "
            "few years after support yet; an effect that takes longer to show is not measured."
        ),
    ]
    if estimate.small_group:
        out.append(
            _(
                "Small group: %(n)d matched supported companies. The interval is wide and one company can move "
                "the estimate; read it as an indication, not a result."
            )
            % {"n": estimate.n_treated}
        )
    if synthetic:
        out.append(
            _(
                "Synthetic demo data: the yearly figures are invented with a planted effect of support "
                "(employment +%(employment)s %%, net turnover +%(turnover)s %% a year). The estimate shows "
                "that the method finds it, not that support works."
            )
            % {
                "employment": round(DEMO_EMPLOYMENT_EFFECT * 100),
                "turnover": round(DEMO_TURNOVER_EFFECT * 100),
            }
        )
    return out


def impact(user, project_id: int, period_id: int | None = None, outcome: str = "employees") -> ImpactResult:
    perm.require(can_see_impact(user), _("the impact estimate is for programme staff and analysts"))
    if outcome not in OUTCOMES:
        raise InvalidData({"outcome": _("choose employment or net turnover")})
    label, outcome_field, min_level = OUTCOMES[outcome]
    project = Project.objects.get(pk=project_id)
    start, end = window_of(project, period_id)
    units, missing_cell, synthetic, sources = _units(outcome_field, start, end)
    estimate = did.estimate(units, min_level=min_level)
    excluded = dict(estimate.excluded)
    if missing_cell:
        excluded["missing_cell"] = missing_cell
    figure = Figure(
        value=None if estimate.effect_pct is None else estimate.effect_pct * 100,
        unit=_("per cent a year"),
        source=", ".join(sorted(sources))[:300] or _("yearly figures in Spets"),
        year=max((max(u.levels) for u in units if u.levels), default=None),
        method=_(
            "difference-in-differences of yearly growth, supported vs matched non-supported companies "
            "(same SNI division, size class and county; nearest on level and trend before support); "
            "95 %% interval clustered by company"
        )
        % {},
        synthetic=synthetic,
        extra={
            "ci_low": None if estimate.ci_low_pct is None else estimate.ci_low_pct * 100,
            "ci_high": None if estimate.ci_high_pct is None else estimate.ci_high_pct * 100,
            "n_treated": estimate.n_treated,
            "n_controls": estimate.n_controls,
        },
    )
    pairs = None
    if can_see_pairs(user):
        names = dict(
            Company.objects.for_user(user)
            .filter(pk__in={p.treated_id for p in estimate.pairs} | {p.control_id for p in estimate.pairs})
            .values_list("pk", "name")
        )
        pairs = [
            {
                "treated_id": p.treated_id,
                "treated": names.get(p.treated_id, "–"),
                "control_id": p.control_id,
                "control": names.get(p.control_id, "–"),
                "first_year": p.post_years[0],
                "treated_change": did.Estimate.percent(p.treated_change),
                "control_change": did.Estimate.percent(p.control_change),
                "effect": did.Estimate.percent(p.effect),
                "distance": p.distance,
            }
            for p in estimate.pairs
        ]
    return ImpactResult(
        outcome=outcome,
        label=str(label),
        window=(start, end),
        estimate=estimate,
        figure=figure,
        excluded=[(str(EXCLUSION_LABELS.get(k, k)), n) for k, n in sorted(excluded.items())],
        pairs=pairs,
        synthetic=synthetic,
        caveats=caveats(estimate, synthetic),
    )
