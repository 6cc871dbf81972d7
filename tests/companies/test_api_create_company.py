"""POST /api/companies/companies: the same rules as the "Add a company" page, audited, for writers only."""

from __future__ import annotations

import json

import pytest

from spets.companies.models import Company
from spets.core.models import ApiToken, AuditEntry
from spets.core.scoping import unscoped

URL = "/api/companies/companies"
VALID = {
    "orgnr": "556000-0019",
    "name": "Nya Verkstaden AB",
    "municipality_id": "2081",
    "sni_id": "25",
    "employees": 30,
    "website": "https://nya.example.org",
}


def post(client, user, body):
    token = ApiToken.issue(user)[1]
    return client.post(
        URL, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_an_advisor_creates_a_company_and_it_is_audited(client, anna):
    response = post(client, anna, VALID)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["orgnr"] == "5560000019" and body["size_class"] == "small" and body["version"] == 1
    with unscoped():
        company = Company.objects.get(orgnr="5560000019")
    entry = AuditEntry.objects.get(company_id=company.pk, action="create")
    assert entry.user_repr == "anna" and entry.changes["name"] == [None, "Nya Verkstaden AB"]


def test_the_422_names_the_broken_org_nr_rule(client, anna):
    response = post(client, anna, VALID | {"orgnr": "556000-0018"})
    assert response.status_code == 422
    assert "orgnr" in response.json()["detail"] and "Luhn" in response.json()["detail"]


def test_a_number_already_registered_is_refused(client, anna, company):
    response = post(client, anna, VALID | {"orgnr": company.orgnr})
    assert response.status_code == 422 and "already in the register" in response.json()["detail"]


def test_website_must_be_a_web_address(client, anna):
    response = post(client, anna, VALID | {"website": "javascript:alert(1)"})
    assert response.status_code == 422 and "website" in response.json()["detail"]


def test_unknown_municipality_and_sni_list_the_valid_choices(client, anna):
    detail = post(client, anna, VALID | {"municipality_id": "9999"}).json()["detail"]
    assert "'9999'" in detail and "2081" in detail and "0114" in detail
    detail = post(client, anna, VALID | {"sni_id": "C"}).json()["detail"]
    assert "'C'" in detail and "25" in detail and "99" in detail
    detail = post(client, anna, VALID | {"status": "bankrupt"}).json()["detail"]
    assert "'bankrupt'" in detail and "active or ceased" in detail
    with unscoped():
        assert not Company.objects.exists()


def test_patch_checks_the_municipality_too(client, anna, company):
    token = ApiToken.issue(anna)[1]
    response = client.patch(
        f"{URL}/{company.pk}",
        json.dumps({"version": 1, "municipality_id": "0000"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422 and "'0000'" in response.json()["detail"]


def test_unknown_parent_is_refused(client, anna):
    response = post(client, anna, VALID | {"parent_id": 987654})
    assert response.status_code == 422 and "parent_id" in response.json()["detail"]


@pytest.mark.parametrize("persona", ["alf", "lisa", "carl"])
def test_readers_may_not_create_companies(client, personas, persona):
    response = post(client, personas[persona], VALID)
    assert response.status_code == 403
    with unscoped():
        assert not Company.objects.filter(orgnr="5560000019").exists()


def test_a_programme_manager_may(client, petra):
    assert post(client, petra, VALID).status_code == 201
