"""Search results show the owner organisation and the last contact — the newest activity the reader may see
— with a fixed number of queries however many rows the page holds."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from spets.companies import search as company_search
from tests.factories import make_activity, make_company

pytestmark = pytest.mark.django_db


def test_each_row_names_the_organisation_that_met_the_company_last(anna, cecilia, company, other_company):
    make_activity(company, "iuc-dalarna", anna, date=datetime.date(2025, 1, 10))
    make_activity(company, "paper-province", cecilia, date=datetime.date(2025, 2, 10))
    rows = {c.name: c for c in company_search.search(anna, {}).rows}
    assert rows["Testbolaget Mekaniska AB"].last_contact == datetime.date(2025, 2, 10)
    assert rows["Testbolaget Mekaniska AB"].owner_organisation == "Paper Province"
    assert rows["Andra Bruket AB"].last_contact is None and rows["Andra Bruket AB"].owner_organisation is None


def test_a_private_note_counts_only_for_its_own_organisation(anna, cecilia, company):
    make_activity(company, "paper-province", cecilia, date=datetime.date(2025, 1, 10))
    make_activity(company, "iuc-dalarna", anna, date=datetime.date(2025, 3, 1), private=True)
    [for_anna] = company_search.search(anna, {"q": "Testbolaget"}).rows
    [for_cecilia] = company_search.search(cecilia, {"q": "Testbolaget"}).rows
    assert (for_anna.owner_organisation, for_anna.last_contact) == ("IUC Dalarna", datetime.date(2025, 3, 1))
    assert (for_cecilia.owner_organisation, for_cecilia.last_contact) == (
        "Paper Province",
        datetime.date(2025, 1, 10),
    )


def test_the_columns_cost_no_query_per_row(client, anna, cecilia, django_assert_max_num_queries):
    for i in range(30):
        c = make_company(name=f"Radbolaget {i:02d} AB")
        make_activity(
            c, "iuc-dalarna" if i % 2 else "paper-province", anna, date=datetime.date(2025, 1, 1 + i)
        )
    with django_assert_max_num_queries(2):  # the municipality lookup and the page of rows
        rows = company_search.search(anna, {"q": "radbolaget"}).rows
        assert len(rows) == 30 and all(r.owner_organisation and r.last_contact for r in rows)
    client.force_login(anna)
    client.get(reverse("companies:search"), {"q": "radbolaget"})  # warms the cached filter lists
    # session, user, organisation, demo banner, referrals badge, municipality lookup, rows
    with django_assert_max_num_queries(7):
        html = client.get(reverse("companies:search"), {"q": "radbolaget"}).content.decode()
    assert html.count('data-testid="owner"') == 30 and "2025-01-30" in html and "Paper Province" in html
    data = client.get(reverse("companies:search"), {"q": "radbolaget 29", "format": "json"}).json()
    assert data["results"][0]["owner_organisation"] == "IUC Dalarna"
    assert data["results"][0]["last_contact"] == "2025-01-30"


@pytest.mark.parametrize("persona", ["anna", "cecilia", "petra", "lisa", "alf"])
def test_programme_staff_see_the_columns(client, personas, persona, company):
    make_activity(company, "iuc-dalarna", personas["anna"], date=datetime.date(2025, 2, 1))
    client.force_login(personas[persona])
    html = client.get(reverse("companies:search")).content.decode()
    assert "IUC Dalarna" in html and "2025-02-01" in html


def test_company_users_get_no_search(client, carl):
    client.force_login(carl)
    assert client.get(reverse("companies:search")).status_code == 403
