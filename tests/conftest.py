"""Shared fixtures. Personas (named like healthchecks' alice/bob/charlie):

- anna     advisor at IUC Dalarna
- bertil   advisor at IUC Dalarna (anna's colleague)
- cecilia  advisor at Paper Province (must not see IUC Dalarna's private notes)
- petra    programme manager (at IUC Gävleborg; sees everything)
- alf      analyst (Dalarna Science Park; aggregates, no contact data)
- lisa     viewer (IUC Värmland)
- carl     company user (sees only his own company)

Reference data (counties, municipalities, SNI, organisations) is loaded by the post-migrate hook when
the test database is created.
"""

from __future__ import annotations

import pytest

from spets.core.models import Organisation, Role, User
from spets.core.scoping import unscoped


def make_user(username: str, role: str, org_slug: str | None, **extra) -> User:
    org = Organisation.objects.get(slug=org_slug) if org_slug else None
    user = User.objects.create_user(username=username, password="secret-pass-123", role=role,
                                    organisation=org, email=f"{username}@example.invalid", **extra)
    return user


@pytest.fixture
def anna(db):
    return make_user("anna", Role.ADVISOR, "iuc-dalarna", first_name="Anna")


@pytest.fixture
def bertil(db):
    return make_user("bertil", Role.ADVISOR, "iuc-dalarna", first_name="Bertil")


@pytest.fixture
def cecilia(db):
    return make_user("cecilia", Role.ADVISOR, "paper-province", first_name="Cecilia")


@pytest.fixture
def petra(db):
    return make_user("petra", Role.PROGRAMME_MANAGER, "iuc-gavleborg", first_name="Petra")


@pytest.fixture
def alf(db):
    return make_user("alf", Role.ANALYST, "dalarna-science-park", first_name="Alf")


@pytest.fixture
def lisa(db):
    return make_user("lisa", Role.VIEWER, "iuc-varmland", first_name="Lisa")


@pytest.fixture
def company(db):
    """A small engineering company in Borlänge."""
    from spets.companies.models import Company

    with unscoped():
        return Company.objects.create(orgnr="5560000001", name="Testbolaget Mekaniska AB", sni_id="25",
                                      municipality_id="2081", employees=12, size_class="small")


@pytest.fixture
def carl(db, company):
    return make_user("carl", Role.COMPANY, None, company_id_scope=company.pk)


@pytest.fixture
def personas(anna, bertil, cecilia, petra, alf, lisa, carl):
    return {"anna": anna, "bertil": bertil, "cecilia": cecilia, "petra": petra, "alf": alf, "lisa": lisa,
            "carl": carl}


@pytest.fixture
def demo_data(db):
    """The whole synthetic demo data set (slow-ish: use in the few tests that need it)."""
    from spets.core.demo import load_demo

    return load_demo()
