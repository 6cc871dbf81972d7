"""Register fixtures: a second company, activities with private notes, a contact, a referral.

The rows are built with tests/factories.py; the frozen clock (`frozen_time`) is in tests/conftest.py.
"""

from __future__ import annotations

import datetime

import pytest

from tests.factories import make_activity, make_company, make_contact, make_referral


@pytest.fixture
def other_company(db):
    return make_company(
        orgnr="5560000019",
        name="Andra Bruket AB",
        sni_id="17",
        municipality_id="1780",
        employees=80,
        size_class="medium",
    )


@pytest.fixture
def dalarna_notes(company, anna, bertil):
    """IUC Dalarna's shared meeting and its private note about the company."""
    shared = make_activity(
        company, "iuc-dalarna", advisors={anna: 3}, title="Inledande möte", outcome="Delad anteckning"
    )
    private = make_activity(
        company,
        "iuc-dalarna",
        advisors={bertil: 1.5},
        private=True,
        title="Internt möte",
        outcome="Hemlig anteckning om ägarskifte",
    )
    return shared, private


@pytest.fixture
def contact(company, anna):
    return make_contact(
        company,
        title="VD",
        email="eva@example.invalid",
        phone="070-1234567",
        interest_assessment="Kontaktperson för stödet",
        organisation=anna.organisation,
        retention_start=datetime.date(2024, 1, 1),
    )


@pytest.fixture
def referral(company, anna):
    """IUC Dalarna refers the company to Paper Province (bioeconomy), consent given 2025-03-01."""
    return make_referral(company, "iuc-dalarna", "paper-province", created_by=anna)
