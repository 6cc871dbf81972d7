"""Synthetic demo of programme follow-up: the project "Industriell omställning i Norra Mellansverige" with
the eight organisations, budget lines, targets per indicator and county, the support-type mapping, the
half-year periods (those ended by 2025H2 closed by the demo programme manager) and a handful of recorded
outcomes. Every figure here is invented (SYNTHETIC); the activities it reports on are the register demo's.

Other parts of programme follow-up add their demo data by calling their function in `load` below, before
the periods are closed (closing freezes the figures, de minimis aid and costs included).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from spets.companies.models import Activity
from spets.core.models import Organisation
from spets.programme.models import (
    BudgetLine,
    BudgetLineKind,
    CompanyOutcome,
    OutcomeKind,
    Participant,
    Project,
    ReportingPeriod,
    ReportSection,
    SupportTypeMapping,
    Target,
)
from spets.programme.services import deminimis_demo
from spets.programme.services import periods as period_services
from spets.programme.services import setup as setup_services

PROJECT_CODE = "nmsv-omstallning"
MANAGER = "programledare"  # the demo programme manager (spets.core.demo.DEMO_USERS)
LEAD = "iuc-gavleborg"
CLOSE_UP_TO = datetime.date(2025, 12, 31)  # periods ending by then are closed (2025H2 and earlier)

# Activity type of the register -> (support type, financial). The register has no grant activity type, so
# the demo project gives no financial support (CO02/RCO02 are then "not applicable").
MAPPING = {
    "advisory_meeting": ("advice", False),
    "company_visit": ("advice", False),
    "workshop": ("workshop", False),
    "training": ("workshop", False),
    "event": ("matchmaking", False),
    "analysis": ("analysis", False),
}

# Targets: whole project, then Värmland (17), Dalarna (20), Gävleborg (21). Invented for the demo.
TARGETS = {
    "CO01": (320, 100, 120, 100),
    "CO04": (320, 100, 120, 100),
    "CO08": (500, None, None, None),
    "CO26": (30, None, None, None),
    "CO28": (10, None, None, None),
    "CO29": (25, None, None, None),
    "RCO01": (320, 100, 120, 100),
    "RCO04": (320, 100, 120, 100),
    "RCR01": (500, None, None, None),
    "RCR02": (5_000_000, None, None, None),
    "RCR03": (30, None, None, None),
    "RCR04": (15, None, None, None),
    "RCR13": (20, None, None, None),
    "P01": (50, None, None, None),
    "P02": (60, None, None, None),
    "P03": (25, None, None, None),
}

SECTIONS = {
    "summary": "Projektet har nått företag i alla tre länen. (Syntetisk demotext.)",
    "progress": "Rådgivning och analyser följer planen; workshopar har lockat fler företag än väntat. "
    "(Syntetisk demotext.)",
    "deviations": "Färre studiebesök än planerat; flyttas till nästa period. (Syntetisk demotext.)",
}

OUTCOME_EVIDENCE = {
    OutcomeKind.NEW_TO_MARKET: "Ny produkt lanserad på mässa",
    OutcomeKind.NEW_TO_FIRM: "Ny produktlinje i egen tillverkning",
    OutcomeKind.PROCESS_INNOVATION: "Ny automatiserad produktionscell i drift",
    OutcomeKind.ORGANISATIONAL_INNOVATION: "Nytt arbetssätt för underhåll infört",
    OutcomeKind.HIGH_DIGITAL_INTENSITY: "Affärssystem och digital orderhantering införda",
    OutcomeKind.RESEARCH_COOPERATION: "Samarbetsavtal med högskola",
    OutcomeKind.PRIVATE_INVESTMENT: "Styrelsebeslut om investering",
}


def load(seed: int) -> dict:
    rng = random.Random(seed + 50)
    manager = get_user_model().objects.get(username=MANAGER)
    project = _project(rng, manager)
    outcomes = _outcomes(rng, project, manager)
    deminimis = deminimis_demo.load_demo(seed)  # aid of the demo activities; a group near the ceiling
    # Other parts' demo data come here (before closing: a closed period freezes what it reports).
    from spets.programme.services import figures as figure_services  # part C: time, cost, figures
    from spets.programme.services import time_demo

    time_and_figures = {**time_demo.load_demo(seed, project), **figure_services.load_demo(seed)}
    closed = _close_past_periods(project, manager)
    return {
        "project": project.code,
        "deminimis": deminimis,
        "periods": ReportingPeriod.objects.filter(project=project).count(),
        "closed": closed,
        "outcomes": outcomes,
        "time_and_figures": time_and_figures,
    }


def _project(rng: random.Random, manager) -> Project:
    project = Project.objects.create(
        code=PROJECT_CODE,
        name="Industriell omställning i Norra Mellansverige",
        funder="Europeiska regionala utvecklingsfonden (REACT-EU), Tillväxtverket",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        indirect_rate_percent=Decimal("15.00"),
        inkind_rate_sek=Decimal("700.00"),
        synthetic=True,
    )
    for org in Organisation.objects.filter(in_programme=True).order_by("slug"):
        participant = Participant.objects.create(project=project, organisation=org, lead=org.slug == LEAD)
        staff = Decimal(rng.randrange(3_000_000, 9_000_000, 50_000))
        lines = {
            BudgetLineKind.STAFF: staff,
            BudgetLineKind.EXTERNAL: Decimal(rng.randrange(300_000, 2_000_000, 50_000)),
            BudgetLineKind.TRAVEL: Decimal(rng.randrange(80_000, 300_000, 10_000)),
            BudgetLineKind.INDIRECT: (staff * project.indirect_rate_percent / 100).quantize(Decimal("1")),
        }
        BudgetLine.objects.bulk_create(
            [BudgetLine(participant=participant, kind=k, amount_sek=v) for k, v in lines.items()]
        )
    SupportTypeMapping.objects.bulk_create(
        [
            SupportTypeMapping(project=project, activity_type=kind, support_type=support, financial=financial)
            for kind, (support, financial) in MAPPING.items()
        ]
    )
    targets = []
    for indicator, values in TARGETS.items():
        for county, value in zip((None, "17", "20", "21"), values, strict=True):
            if value is not None:
                targets.append(Target(project=project, indicator=indicator, county_id=county, value=value))
    Target.objects.bulk_create(targets)
    setup_services.create_periods(manager, project.pk)
    return project


def _outcomes(rng: random.Random, project: Project, manager) -> int:
    """A handful of outcomes for supported companies, dated after their first support (synthetic)."""
    today = timezone.localdate()
    first: dict[int, tuple[datetime.date, int]] = {}
    for cid, day, org in (
        Activity.objects.filter(type__in=list(MAPPING), date__gte=project.starts_on, date__lte=today)
        .values_list("companies", "date", "organisation_id")
        .order_by("date", "id")
    ):
        if cid is not None and cid not in first:
            first[cid] = (day, org)
    if not first:
        return 0
    chosen = rng.sample(sorted(first), k=min(24, len(first)))
    kinds = list(OUTCOME_EVIDENCE)
    rows = []
    for i, cid in enumerate(chosen):
        day, org = first[cid]
        kind = kinds[i % len(kinds)]
        span = max(1, (today - day).days)
        rows.append(
            CompanyOutcome(
                company_id=cid,
                kind=kind,
                date=day + datetime.timedelta(days=rng.randint(0, span - 1)),
                organisation_id=org,
                evidence=OUTCOME_EVIDENCE[kind] + " (syntetiskt demoexempel)",
                amount_sek=Decimal(rng.randrange(200_000, 2_000_000, 50_000))
                if kind == OutcomeKind.PRIVATE_INVESTMENT
                else None,
                recorded_by=manager,
                synthetic=True,
            )
        )
    CompanyOutcome.objects.bulk_create(rows)
    return len(rows)


def _close_past_periods(project: Project, manager) -> list[str]:
    """Write the sections and close every half-year that ended by CLOSE_UP_TO and before today."""
    today = timezone.localdate()
    closed = []
    for period in ReportingPeriod.objects.filter(
        project=project, kind="half_year", ends_on__lte=CLOSE_UP_TO, ends_on__lt=today
    ).order_by("starts_on"):
        ReportSection.objects.bulk_create(
            [
                ReportSection(
                    period=period, key=key, text=f"{period.code}: {text}", version=1, updated_by=manager
                )
                for key, text in SECTIONS.items()
            ]
        )
        period_services.close_period(manager, period.pk)
        closed.append(period.code)
    open_periods = ReportingPeriod.objects.filter(
        project=project, closed_at__isnull=True, starts_on__lte=today
    )
    for period in open_periods.order_by("starts_on")[:1]:
        ReportSection.objects.create(
            period=period,
            key="summary",
            text=f"{period.code}: utkast. (Syntetisk demotext.)",
            version=1,
            updated_by=manager,
        )
    return closed
