"""`headroom_eur`, the public de minimis question other apps ask (the matching app's eligibility test):
the group's remaining headroom in EUR on a day, or None when nothing is known about the company's aid.
Amounts as in test_deminimis_ledger (February 2025: 11.4700 SEK per EUR, 1 000 SEK per hour)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from spets.programme.services.deminimis import headroom_eur
from tests.factories import make_company
from tests.programme.deminimis_setup import declare, log, make_group, make_project

pytestmark = pytest.mark.django_db


def test_a_company_with_no_grant_and_no_declaration_has_unknown_headroom(company):
    assert headroom_eur(company.pk, datetime.date(2025, 2, 1)) is None


def test_a_company_that_does_not_exist_has_unknown_headroom(db):
    assert headroom_eur(987_654, datetime.date(2025, 2, 1)) is None


def test_a_declaration_of_no_other_aid_gives_the_whole_ceiling(anna, company):
    declare(anna, company, on=datetime.date(2024, 12, 1), none=True)
    assert headroom_eur(company.pk, datetime.date(2025, 2, 1)) == Decimal(300_000)
    # Under Regulation 1407/2013 (before 2024) the ceiling is 200 000 EUR.
    assert headroom_eur(company.pk, datetime.date(2023, 6, 1)) == Decimal(200_000)


def test_the_headroom_counts_the_whole_group_from_any_member(anna, db):
    make_project()
    parent, first, second = make_group("Koncernen AB", "Dotter Ett AB", "Dotter Två AB")
    declare(anna, first, ("2024-06-01", 290_000, "EUR", "Region Dalarna"), on=datetime.date(2024, 12, 1))
    log(anna, [second], "2025-02-01", hours=3)  # 3 000 SEK / 11.47 = 261.55 EUR
    for member in (parent, first, second):
        assert headroom_eur(member.pk, datetime.date(2025, 2, 1)) == Decimal("9738.45")
    # Three years later the window has passed the declared aid and the grant.
    assert headroom_eur(parent.pk, datetime.date(2028, 3, 1)) == Decimal(300_000)
    # An unrelated company still knows nothing.
    assert headroom_eur(make_company(name="Fristående AB").pk, datetime.date(2025, 2, 1)) is None


def test_a_programme_grant_alone_is_enough_to_know_the_headroom(anna, company):
    make_project()
    log(anna, [company], "2025-02-01", hours=3)
    assert headroom_eur(company.pk, datetime.date(2025, 2, 1)) == Decimal("299738.45")


def test_aid_over_the_ceiling_gives_a_negative_headroom(anna, company):
    declare(
        anna,
        company,
        ("2024-06-01", 200_000, "EUR", "Vinnova"),
        ("2024-09-01", 110_000, "EUR", "Region Dalarna"),
        on=datetime.date(2024, 12, 1),
    )
    assert headroom_eur(company.pk, datetime.date(2025, 2, 1)) == Decimal(-10_000)
