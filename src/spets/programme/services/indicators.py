"""Indicators for a reporting period: read the register in a few column-only queries, count with the pure
engine (`spets.programme.indicators`), and answer from the resulting document. A closed period answers from
the document frozen when it was closed, so its figures never change after later edits.

Also the outcomes advisors record for a company (CO28/CO29, RCR02–RCR04, RCR13 count them).
"""

from __future__ import annotations

import datetime
import functools
import importlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies.models import Activity, Company
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.models import Organisation
from spets.core.scoping import unscoped
from spets.programme import indicators as engine
from spets.programme import permissions as perm
from spets.programme.models import CompanyOutcome, OutcomeKind, ReportingPeriod, Target
from spets.programme.models.indicators import AMOUNT_KINDS
from spets.programme.services import figures_cache
from spets.programme.services.indicator_inputs import activities_by_company
from spets.programme.services.indicator_inputs import gather as inputs_for
from spets.programme.services.indicator_inputs import mapping_of as inputs_mapping
from spets.programme.snapshot import Figures, snapshot

DEFINITIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "indicators-v1.yaml"
# The headline indicators of the half-year report (the funder's table); the others follow them.
HEADLINE = ("CO01", "CO04", "RCO01", "RCO02", "RCO03", "RCO04")


@functools.cache
def definitions() -> tuple[int, tuple[engine.Definition, ...]]:
    """(version, definitions) of the indicator data file."""
    version, defs = engine.parse_definitions(yaml.safe_load(DEFINITIONS_FILE.read_text(encoding="utf-8")))
    return version, tuple(defs)


def definition(ident: str) -> engine.Definition:
    for d in definitions()[1]:
        if d.id == ident:
            return d
    raise KeyError(ident)


def units() -> dict[str, str]:
    return {d.id: d.unit for d in definitions()[1]}


# --- the figures document ---------------------------------------------------------------------------


def _optional(module: str, function: str):
    """A function another part of the app provides, or None while it does not exist yet."""
    try:
        return getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        return None


def _plain(value: Any) -> Any:
    """JSON-safe: Decimals as floats, dates as ISO text, containers recursively."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def aid_by_company(project_id: int, end: datetime.date) -> dict[str, float] | None:
    """De minimis aid per company up to `end` (part B's ledger), or None while it is not available."""
    fetch = _optional("spets.programme.services.deminimis", "aid_by_company")
    if fetch is None:
        return None
    with unscoped():
        return {str(k): float(v) for k, v in (fetch(project_id, end) or {}).items() if v is not None}


def costs_against_budget(project_id: int, period_id: int) -> list[dict] | None:
    """Hours and cost against budget per organisation and budget line (part C), or None."""
    fetch = _optional("spets.programme.services.costs", "outcome_vs_budget")
    if fetch is None:
        return None
    with unscoped():
        rows = fetch(project_id, period_id)
    return [_plain(r if isinstance(r, dict) else getattr(r, "__dict__", {"value": r})) for r in rows or []]


def compute(
    period: ReportingPeriod,
    *,
    with_activities: bool = False,
    indicators: bool = True,
    participants_of: int | None = None,
) -> dict[str, Any]:
    """The period's figures as a document (see `spets.programme.indicators.snapshot`), computed now.
    `with_activities` adds each company's activity ids (what a closed period keeps for its drill-down);
    `indicators=False` gives only the companies with support in the period (of the organisation
    `participants_of`, if given): the participant list of an open period."""
    with figures_cache.no_cyclic_gc():  # 60,000 companies' facts: no cycles, no need to scan them
        doc = register_figures(
            period, with_activities=with_activities, indicators=indicators, participants_of=participants_of
        )
    return decorate(doc, period, indicators=indicators)


def register_figures(
    period: ReportingPeriod,
    *,
    with_activities: bool = False,
    indicators: bool = True,
    participants_of: int | None = None,
) -> dict[str, Any]:
    """The part of the document read from the register and counted (the expensive part, which
    `figures_cache` keeps between requests): the snapshot, unmapped types and activities before the start."""
    project = period.project
    version, defs = definitions()
    only: int | bool = False
    if not indicators:
        defs, only = (), True if participants_of is None else participants_of
    with unscoped():
        inputs = inputs_for(project, period.starts_on, period.ends_on, defs, only, participants_of)
        mapping = inputs_mapping(project)
        if with_activities:
            for cid, acts in activities_by_company(project, period.ends_on, mapping).items():
                if cid in inputs.companies:
                    inputs.companies[cid].extra["acts"] = acts
    results = engine.compute(
        defs,
        inputs.companies,
        project_start=project.starts_on,
        period_start=period.starts_on,
        end=period.ends_on,
        outcomes=inputs.outcomes,
        assessments=inputs.assessments,
        support_types_in_use=inputs.support_types_in_use,
    )
    doc = snapshot(results, definitions_version=version)
    doc.update(
        computed_at=timezone.now().isoformat(),
        definitions=[
            {
                "id": d.id,
                "name_sv": d.name_sv,
                "name_en": d.name_en,
                "unit": d.unit,
                "generation": d.generation,
                "rule_sv": d.rule_sv,
                "rule_en": d.rule_en,
                "source": d.source,
                "subset_of": d.subset_of,
            }
            for d in defs
        ],
        unmapped=inputs.unmapped,
        before_start=[[a, c, day.isoformat()] for a, c, day in inputs.before_start],
        before_start_count=inputs.before_start_count,
    )
    return doc


def _register_and_costs(period: ReportingPeriod) -> dict[str, Any]:
    """What `figures_cache` keeps of an open period's report: the counted part and the cost section."""
    with figures_cache.no_cyclic_gc():
        doc = register_figures(period)
    doc["costs"] = costs_against_budget(period.project_id, period.pk)
    return doc


def decorate(
    doc: dict[str, Any], period: ReportingPeriod, *, indicators: bool = True, costs: bool = True
) -> dict[str, Any]:
    """Add the cheap, always current parts: project, period, organisations, targets, de minimis aid and
    (with indicators and `costs`) hours and cost against budget."""
    project = period.project
    targets: dict[str, dict[str, float]] = {}
    for indicator, county, value in Target.objects.filter(project=project).values_list(
        "indicator", "county_id", "value"
    ):
        targets.setdefault(indicator, {})[county or ""] = float(value)
    doc.update(
        project={
            "id": project.pk,
            "code": project.code,
            "name": project.name,
            "synthetic": project.synthetic,
        },
        period={
            "id": period.pk,
            "code": period.code,
            "kind": period.kind,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
        },
        organisations={
            slug: {"name": name, "county": county or ""}
            for slug, name, county in Organisation.objects.values_list("slug", "name", "county_id")
        },
        targets=targets,
        aid=aid_by_company(project.pk, period.ends_on),
    )
    if costs or not indicators:
        doc["costs"] = costs_against_budget(project.pk, period.pk) if indicators else None
    return doc


def document(
    period: ReportingPeriod, *, indicators: bool = True, participants_of: int | None = None
) -> dict[str, Any]:
    """The figures a report shows: a closed period's frozen document, else computed now (`indicators=False`:
    only the participating companies, for the participant list)."""
    if period.is_closed and period.snapshot:
        return period.snapshot
    if indicators and participants_of is None:  # the report: kept while the register data is unchanged
        version, defs = definitions()
        doc = figures_cache.cached(period, _register_and_costs, (version, [d.id for d in defs]))
        return decorate(doc, period, costs=False)
    return compute(period, indicators=indicators, participants_of=participants_of)


def refresh_kept(project) -> list[tuple[str, bool]]:
    """Compute again the kept documents of the project's open periods whose inputs changed: (period code,
    computed) per period. Run after register changes (`spets programme refresh`, e.g. every few minutes
    from a timer) so that a report's first read after a change does not pay for computing it."""
    version, defs = definitions()
    out = []
    with unscoped():
        for period in ReportingPeriod.objects.filter(project=project, closed_at__isnull=True).select_related(
            "project"
        ):
            out.append(
                (
                    period.code,
                    figures_cache.refresh(period, _register_and_costs, (version, [d.id for d in defs])),
                )
            )
    return out


def period_for(user, period_id: int) -> ReportingPeriod:
    perm.require(perm.can_see_programme_figures(user), _("programme reports are for programme staff"))
    return ReportingPeriod.objects.select_related("project", "closed_by").get(pk=period_id)


def figures(
    user, period_id: int, *, indicators: bool = True, participants_of: int | None = None
) -> tuple[ReportingPeriod, Figures]:
    period = period_for(user, period_id)
    return period, Figures(document(period, indicators=indicators, participants_of=participants_of))


# --- drill-down: the companies and activities behind a figure ----------------------------------------


PAGE_SIZE = 100  # companies per drill-down page


@dataclass
class DrillDown:
    period: ReportingPeriod
    indicator: dict
    dimension: str | None
    key: str | None
    value: Any
    total: int  # companies behind the figure
    page: int
    pages: int
    rows: list[dict]  # this page's companies: company (None if gone), facts, contribution, activities
    hidden_activities: int  # activities behind the figure the viewer may not see (another's private ones)
    missing_companies: list[int]  # counted then, merged or deleted since (this page)
    document: dict  # the period's figures document (labels for the page)


def drill_down(
    user, period_id: int, indicator: str, dimension: str | None, key: str | None, page: int = 1
) -> DrillDown:
    """The companies (and their activities) behind one figure, as the user may see them, a page at a time.
    Rows come from the period's document, so a closed period lists what was reported."""
    perm.require(perm.can_see_programme(user), _("the companies behind a figure are for programme staff"))
    # The whole document (every company's facts) is in memory: the cyclic collector would scan it again
    # and again while the page's queries run (half the time at 60,000 companies).
    with figures_cache.no_cyclic_gc():
        return _drill_down(user, period_id, indicator, dimension, key, page)


def _drill_down(user, period_id, indicator, dimension, key, page) -> DrillDown:
    period, figs = figures(user, period_id)
    if dimension not in (None, *engine.DIMENSIONS):
        raise InvalidData({"dimension": _("unknown breakdown %(dim)s") % {"dim": dimension}})
    meta = next((d for d in figs.data.get("definitions", []) if d["id"] == indicator), None)
    if meta is None:
        raise InvalidData({"indicator": _("unknown indicator %(id)s") % {"id": indicator}})
    ids = sorted(figs.ids(indicator, dimension, key), key=lambda c: (figs.company(c).get("name") or "", c))
    value = (
        figs.value(indicator) if dimension is None else figs.breakdown(indicator, dimension).get(key or "")
    )
    pages = max(1, -(-len(ids) // PAGE_SIZE))
    page = min(max(1, page), pages)
    page_ids = ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    visible = {
        c.pk: c for c in Company.objects.for_user(user).filter(pk__in=page_ids).select_related("municipality")
    }
    acts_of = {cid: figs.company(cid).get("acts") for cid in page_ids}
    if any(acts is None for acts in acts_of.values()):  # an open period: the activities as they are now
        with unscoped():
            live = activities_by_company(
                period.project, period.ends_on, inputs_mapping(period.project), page_ids
            )
        acts_of = {cid: live.get(cid, []) if acts is None else acts for cid, acts in acts_of.items()}
    wanted = {a for acts in acts_of.values() for a in acts}
    with unscoped():
        organisation_of = dict(Activity.objects.filter(pk__in=wanted).values_list("pk", "organisation__slug"))
    if dimension == "organisation":
        wanted = {a for a in wanted if organisation_of.get(a) == key}
    shown = {
        a.pk: a
        for a in Activity.objects.for_user(user)
        .filter(pk__in=wanted)
        .select_related("organisation")
        .prefetch_related("focus_areas")
    }
    rows = []
    for cid in page_ids:
        facts = figs.company(cid)
        acts = [shown[a] for a in acts_of[cid] if a in shown]
        rows.append(
            {
                "id": cid,
                "company": visible.get(cid),
                "facts": facts,
                "contribution": figs.contribution(indicator, cid),
                "detail": figs.indicator(indicator).get("details", {}).get(str(cid)),
                "activities": sorted(acts, key=lambda a: (a.date, a.pk)),
            }
        )
    return DrillDown(
        period,
        meta,
        dimension,
        key,
        value,
        len(ids),
        page,
        pages,
        rows,
        hidden_activities=len((wanted & set(organisation_of)) - set(shown)),
        missing_companies=[cid for cid in page_ids if cid not in visible],
        document=dict(figs.data),  # the summary only: the whole document is freed with `figs`
    )


# --- outcomes -----------------------------------------------------------------------------------------


MAX_INVESTMENT_SEK = Decimal(10_000_000_000)


def outcomes_for(user, company_id: int) -> list[CompanyOutcome]:
    perm.require(perm.can_see_programme(user), _("outcomes are for programme staff"))
    company = Company.objects.for_user(user).get(pk=company_id)
    return list(CompanyOutcome.objects.for_user(user).filter(company=company).select_related("organisation"))


@transaction.atomic
def record_outcome(
    user,
    company_id: int,
    *,
    kind: str,
    date: datetime.date,
    evidence: str,
    amount_sek: Decimal | None = None,
) -> CompanyOutcome:
    """An outcome of support at the company, recorded by an advisor or programme manager of an
    organisation, with its evidence (what shows it: a launch, an order, a decision)."""
    perm.require(perm.can_record_outcomes(user), _("only advisors and programme managers record outcomes"))
    company = Company.objects.for_user(user).get(pk=company_id)
    errors = {}
    if kind not in OutcomeKind.values:
        errors["kind"] = _("unknown outcome %(kind)s") % {"kind": kind}
    if not isinstance(date, datetime.date):
        errors["date"] = _("give the date of the outcome")
    elif date > timezone.localdate():
        errors["date"] = _("an outcome is recorded once it has happened (%(date)s is in the future)") % {
            "date": date
        }
    if not (evidence or "").strip():
        errors["evidence"] = _("say what shows the outcome (evidence)")
    if kind in AMOUNT_KINDS:
        if amount_sek is None:
            errors["amount_sek"] = _("give the amount in SEK")
        elif amount_sek <= 0 or amount_sek > MAX_INVESTMENT_SEK:
            errors["amount_sek"] = _("%(amount)s SEK is not a plausible amount") % {"amount": amount_sek}
    elif amount_sek is not None:
        errors["amount_sek"] = _("only a private investment has an amount")
    if errors:
        raise InvalidData(errors)
    outcome = CompanyOutcome(
        company=company,
        kind=kind,
        date=date,
        organisation_id=user.organisation_id,
        evidence=evidence.strip(),
        amount_sek=amount_sek,
        recorded_by=user,
    )
    outcome.save()  # a scoped model's manager refuses unscoped queries; save() needs none
    log_action(
        user,
        "create",
        outcome,
        company_id=company.pk,
        changes={"kind": kind, "date": date.isoformat(), "amount_sek": amount_sek},
    )
    return outcome


def company_panel(user, company_id: int) -> dict | None:
    """Company-page panel (extensions.company_panels): the outcomes recorded for the company, with a link
    to record one. Programme staff who read records only."""
    if not perm.can_see_programme(user):
        return None
    outcomes = list(
        CompanyOutcome.objects.for_user(user)
        .filter(company_id=company_id)
        .select_related("organisation")[:10]
    )
    return {
        "template": "programme/_company_outcomes.html",
        "outcomes": outcomes,
        "url": reverse("programme:outcomes", args=[company_id]),
        "can_record": perm.can_record_outcomes(user),
    }
