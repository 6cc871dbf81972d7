"""Builders for the reporting tests (part A): a project 2024-01-01 – 2026-12-31 with the eight
organisations, the demo's support-type mapping, half-year periods and a final report. Plain functions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from spets.core.models import Organisation
from spets.programme.models import (
    Participant,
    PeriodKind,
    Project,
    ReportingPeriod,
    SupportTypeMapping,
)
from spets.programme.services.setup import half_years

MAPPING = {
    "advisory_meeting": ("advice", False),
    "company_visit": ("advice", False),
    "workshop": ("workshop", False),
    "analysis": ("analysis", False),
}


def make_reporting_project(**overrides) -> Project:
    fields = {
        "code": "nmsv",
        "name": "Industriell omställning i Norra Mellansverige",
        "starts_on": datetime.date(2024, 1, 1),
        "ends_on": datetime.date(2026, 12, 31),
        "indirect_rate_percent": Decimal(15),
        "inkind_rate_sek": Decimal(700),
    }
    fields.update(overrides)
    project = Project.objects.create(**fields)
    for org in Organisation.objects.filter(in_programme=True):
        Participant.objects.create(project=project, organisation=org, lead=org.slug == "iuc-gavleborg")
    for kind, (support, financial) in MAPPING.items():
        SupportTypeMapping.objects.create(
            project=project, activity_type=kind, support_type=support, financial=financial
        )
    for code, starts, ends in half_years(project.starts_on, project.ends_on):
        ReportingPeriod.objects.create(project=project, code=code, starts_on=starts, ends_on=ends)
    ReportingPeriod.objects.create(
        project=project,
        code="final",
        kind=PeriodKind.FINAL,
        starts_on=project.starts_on,
        ends_on=project.ends_on,
    )
    return project


def period(project: Project, code: str) -> ReportingPeriod:
    return ReportingPeriod.objects.get(project=project, code=code)
