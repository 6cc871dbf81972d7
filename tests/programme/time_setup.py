"""Builders for the time and cost tests: a project running 2025–2026 in which IUC Dalarna (project leader
bertil), Paper Province and IUC Gävleborg take part, with budget lines. Plain functions; the test modules
wrap them in fixtures."""

from __future__ import annotations

import datetime
from decimal import Decimal

from spets.programme.models import BudgetLine, Participant, Project
from tests.factories import org

D = datetime.date
PARTICIPANTS = ("iuc-dalarna", "paper-province", "iuc-gavleborg")


START, END = D(2025, 1, 1), D(2026, 12, 31)


def make_time_project(leader=None, starts_on=START, ends_on=END) -> Project:
    project = Project.objects.create(
        code="omstallning",
        name="Industriell omställning Norra Mellansverige",
        funder="Tillväxtverket (ERUF)",
        starts_on=starts_on,
        ends_on=ends_on,
        indirect_rate_percent=Decimal(15),
        inkind_rate_sek=Decimal(500),
    )
    for slug in PARTICIPANTS:
        participant = Participant.objects.create(
            project=project,
            organisation=org(slug),
            lead=slug == "iuc-dalarna",
            project_leader=leader if slug == "iuc-dalarna" else None,
        )
        for kind, amount in (
            ("staff", 1_000_000),
            ("external", 200_000),
            ("travel", 50_000),
            ("indirect", 150_000),
        ):
            BudgetLine.objects.create(participant=participant, kind=kind, amount_sek=Decimal(amount))
    return project


def participant(project: Project, slug: str) -> Participant:
    return Participant.objects.get(project=project, organisation__slug=slug)
