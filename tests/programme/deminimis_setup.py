"""Builders for the de minimis tests: a programme project (the ledger records aid inside one), company
groups, offers and declarations. Plain functions; the test modules wrap them in fixtures."""

from __future__ import annotations

import datetime
from decimal import Decimal

from spets.companies.models import Offer
from spets.companies.services.activities import log_activity
from spets.core.scoping import unscoped
from spets.programme.models import Participant, Project
from spets.programme.services.deminimis_ledger import DeclaredAid, record_declaration
from tests.factories import make_company, org

PARTICIPANTS = ("iuc-dalarna", "iuc-gavleborg", "paper-province", "iuc-varmland")


def make_project(
    starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2027, 12, 31), participants=PARTICIPANTS
) -> Project:
    project = Project.objects.create(
        code=f"p{starts_on.year}",
        name="Industriell omställning Norra Mellansverige",
        starts_on=starts_on,
        ends_on=ends_on,
        indirect_rate_percent=Decimal(15),
        inkind_rate_sek=Decimal(500),
    )
    for slug in participants:
        Participant.objects.create(project=project, organisation=org(slug))
    return project


def make_group(*names: str):
    """A parent (the first name) and its subsidiaries: one single undertaking."""
    parent = make_company(name=names[0])
    return [parent] + [make_company(name=name, parent=parent) for name in names[1:]]


def make_offer(slug: str = "iuc-dalarna", **fields) -> Offer:
    with unscoped():
        return Offer.objects.create(
            organisation=org(slug), name=fields.pop("name", "Energikartläggning"), type="analysis", **fields
        )


def declare(user, company, *entries, on=datetime.date(2023, 1, 2), none=False):
    """`entries` as (date, amount, currency, grantor) tuples."""
    return record_declaration(
        user,
        company.pk,
        declared_on=on,
        no_other_aid=none,
        entries=[DeclaredAid(datetime.date.fromisoformat(d), g, a, c) for d, a, c, g in entries],
    )


def log(user, companies, day, hours=3, **extra):
    """An activity by `user` on `day` (ISO date) with `companies`, `hours` by the user alone."""
    return log_activity(
        user,
        type=extra.pop("type", "advisory_meeting"),
        title=extra.pop("title", "Rådgivning"),
        date=datetime.date.fromisoformat(day),
        company_ids=[c.pk for c in companies],
        advisor_hours=[(user.pk, hours)],
        **extra,
    )
