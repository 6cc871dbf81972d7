"""An activity with several companies (a workshop) and several advisors of the organisation, each with their
own hours: on the page (org nr list, advisor rows) and in the API; validated, audited, on every timeline."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from spets.companies.models import Activity, Company
from spets.core.models import ApiToken, AuditEntry
from spets.core.scoping import unscoped


@pytest.fixture
def workshop_companies(company, other_company):
    with unscoped():
        third = Company.objects.create(
            orgnr="5560000027", name="Tredje Gjuteriet AB", sni_id="24", municipality_id="2080", employees=40
        )
    return [company, other_company, third]


def _form(company_numbers: str = "", **rows) -> dict:
    data = {
        "type": "workshop",
        "title": "Workshop om energieffektivisering",
        "date": "2025-03-01",
        "visibility": "programme",
        "other_companies": company_numbers,
    }
    data.update(rows)
    return data


def _post(client, user, company, data):
    client.force_login(user)
    return client.post(reverse("companies:activity_new", args=[company.pk]), data)


def test_the_form_offers_the_organisations_advisors_with_own_hours(client, anna, bertil, cecilia, company):
    client.force_login(anna)
    page = client.get(reverse("companies:activity_new", args=[company.pk])).content.decode()
    assert 'name="advisor_0"' in page and 'name="hours_0"' in page and 'name="advisor_1"' in page
    assert 'name="other_companies"' in page
    assert f'value="{bertil.pk}"' in page and f'value="{cecilia.pk}"' not in page


def test_a_workshop_with_three_companies_and_two_advisors(client, anna, bertil, cecilia, workshop_companies):
    first, second, third = workshop_companies
    response = _post(
        client,
        anna,
        first,
        _form(
            f"556000-0019\n{third.orgnr}", advisor_0=anna.pk, hours_0="3", advisor_1=bertil.pk, hours_1="1.5"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with unscoped():
        activity = Activity.objects.get()
        assert set(activity.companies.all()) == set(workshop_companies)
        assert {(a.advisor_id, a.hours) for a in activity.advisors.all()} == {
            (anna.pk, Decimal("3")),
            (bertil.pk, Decimal("1.5")),
        }
    entries = AuditEntry.objects.filter(object_type="companies.Activity", action="create")
    assert sorted(entries.values_list("company_id", flat=True)) == sorted(c.pk for c in workshop_companies)
    assert entries.first().changes["hours"] == "4.5"
    assert entries.first().changes["advisors"] == "anna 3, bertil 1.5"
    # On each company's timeline, seen by another organisation too (shared note).
    client.force_login(cecilia)
    for c in workshop_companies:
        page = client.get(reverse("companies:detail", args=[c.pk])).content.decode()
        assert "Workshop om energieffektivisering" in page and "4,5 h" in page


@pytest.mark.parametrize(
    "rows, message",
    [
        ({"advisor_0": "ANNA", "hours_0": "0"}, "hours_0"),
        ({"advisor_0": "ANNA", "hours_0": "-1"}, "hours_0"),
        ({"advisor_0": "ANNA", "hours_0": ""}, "hours_0"),
        ({"hours_0": "2"}, "advisor_0"),
        ({"advisor_0": "CECILIA", "hours_0": "2"}, "advisor_0"),
        ({"advisor_0": "ANNA", "hours_0": "2", "advisor_1": "ANNA", "hours_1": "1"}, "advisor_1"),
        ({}, "__all__"),
    ],
)
def test_advisor_rows_are_validated(client, anna, cecilia, company, rows, message):
    ids = {"ANNA": str(anna.pk), "CECILIA": str(cecilia.pk)}
    rows = {k: ids.get(v, v) for k, v in rows.items()}
    response = _post(client, anna, company, _form(**rows))
    assert response.status_code == 200
    assert message in response.context["form"].errors
    with unscoped():
        assert not Activity.objects.exists()


def test_unknown_and_malformed_org_numbers_are_named(client, anna, company):
    response = _post(client, anna, company, _form("5560000035, 12345", advisor_0=anna.pk, hours_0="1"))
    errors = " ".join(response.context["form"].errors["other_companies"])
    assert "556000-0035" in errors and "12345" in errors
    with unscoped():
        assert not Activity.objects.exists()


def _api(client, user, body):
    return client.post(
        "/api/companies/activities",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)[1]}",
    )


def _api_body(companies, advisors):
    return {
        "type": "workshop",
        "title": "Workshop",
        "date": "2025-03-01",
        "company_ids": [c.pk for c in companies],
        "advisors": [{"advisor_id": a.pk, "hours": h} for a, h in advisors],
    }


def test_api_takes_several_companies_and_advisors(client, anna, bertil, workshop_companies):
    response = _api(client, anna, _api_body(workshop_companies, [(anna, 2), (bertil, 1.25)]))
    assert response.status_code == 201 and Decimal(response.json()["hours"]) == Decimal("3.25")
    with unscoped():
        assert Activity.objects.get().companies.count() == 3


@pytest.mark.parametrize("case", ["zero hours", "other organisation", "same advisor twice", "viewer"])
def test_api_validates_the_advisors(client, anna, bertil, cecilia, lisa, company, case):
    advisors = {
        "zero hours": [(anna, 0)],
        "other organisation": [(anna, 1), (cecilia, 1)],
        "same advisor twice": [(anna, 1), (anna, 2)],
        "viewer": [(anna, 1), (lisa, 1)],
    }[case]
    if case == "viewer":  # a non-advisor of the own organisation does not record advisor hours
        lisa.organisation = anna.organisation
        lisa.save()
    response = _api(client, anna, _api_body([company], advisors))
    assert response.status_code == 422 and "advisor" in response.json()["detail"]
    with unscoped():
        assert not Activity.objects.exists()
