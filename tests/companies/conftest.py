"""Register fixtures: frozen time, a second company, activities with private notes, contacts."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from spets.companies.models import Activity, ActivityAdvisor, Company, Contact, Referral
from spets.core.models import Organisation
from spets.core.scoping import unscoped


class FrozenClock:
    """Patches django.utils.timezone.now (used by auto_now fields, localdate and our services)."""

    def __init__(self, start: datetime.datetime):
        self.now = start
        self._patch = mock.patch("django.utils.timezone.now", lambda: self.now)

    def tick(self, **delta) -> None:
        self.now = self.now + datetime.timedelta(**delta)


@pytest.fixture
def frozen_time():
    clock = FrozenClock(datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC))
    with clock._patch:
        yield clock


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


@pytest.fixture
def other_company(db):
    with unscoped():
        return Company.objects.create(
            orgnr="5560000019",
            name="Andra Bruket AB",
            sni_id="17",
            municipality_id="1780",
            employees=80,
            size_class="medium",
        )


def make_activity(company, org_slug, advisor, *, private=False, title="Möte", outcome="", hours=2):
    with unscoped():
        act = Activity.objects.create(
            type="advisory_meeting",
            title=title,
            date=datetime.date(2025, 2, 1),
            organisation=org(org_slug),
            outcome=outcome,
            visibility="organisation" if private else "programme",
        )
        act.companies.set([company])
        ActivityAdvisor.objects.create(activity=act, advisor=advisor, hours=hours)
    return act


@pytest.fixture
def dalarna_notes(company, anna, bertil):
    """IUC Dalarna's shared meeting and its private note about the company."""
    shared = make_activity(
        company, "iuc-dalarna", anna, title="Inledande möte", outcome="Delad anteckning", hours=3
    )
    private = make_activity(
        company,
        "iuc-dalarna",
        bertil,
        private=True,
        title="Internt möte",
        outcome="Hemlig anteckning om ägarskifte",
        hours=1.5,
    )
    return shared, private


@pytest.fixture
def contact(company, anna):
    with unscoped():
        return Contact.objects.create(
            company=company,
            name="Eva Ek",
            title="VD",
            email="eva@example.invalid",
            phone="070-1234567",
            interest_assessment="Kontaktperson för stödet",
            organisation=anna.organisation,
            retention_start=datetime.date(2024, 1, 1),
        )


@pytest.fixture
def referral(company, anna):
    with unscoped():
        return Referral.objects.create(
            company=company,
            from_organisation=org("iuc-dalarna"),
            to_organisation=org("paper-province"),
            reason="Bioekonomi",
            consent_date=datetime.date(2025, 3, 1),
            consent_how="muntligt",
            status_changed_at=timezone.now(),
            created_by=anna,
        )
