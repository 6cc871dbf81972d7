"""A company's website is linked from its page: only http(s) addresses are saved, whatever the entry point."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from spets.companies.models import Company
from spets.companies.services import companies as company_services
from spets.core.errors import InvalidData
from spets.core.models import ApiToken
from spets.core.scoping import unscoped

pytestmark = pytest.mark.django_db


def _patch(client, user, company, body):
    return client.patch(
        f"/api/companies/companies/{company.pk}",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)[1]}",
    )


@pytest.mark.parametrize(
    "website",
    [
        "javascript:alert(document.cookie)",
        "JavaScript://x.se/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.se/",
    ],
)
def test_the_api_refuses_a_website_that_is_not_an_http_address_naming_the_field(
    client, anna, company, website
):
    response = _patch(client, anna, company, {"version": 1, "website": website})
    assert response.status_code == 422 and "website" in response.json()["detail"]
    with unscoped():
        assert Company.objects.get(pk=company.pk).website == ""


def test_an_http_address_is_saved(client, anna, company):
    response = _patch(client, anna, company, {"version": 1, "website": "https://www.testbolaget.se/"})
    assert response.status_code == 200 and response.json()["website"] == "https://www.testbolaget.se/"


def test_the_service_checks_new_companies_too(anna):
    with pytest.raises(InvalidData) as exc:
        company_services.create_company(
            anna,
            {
                "orgnr": "5560000019",
                "name": "X AB",
                "municipality_id": "2081",
                "website": "javascript:alert(1)",
            },
        )
    assert "website" in exc.value.errors


def test_the_import_uses_the_same_rule():
    from spets.companies.services import imports

    with pytest.raises(ValidationError):
        imports.WEBSITE_VALIDATOR("ftp://files.example.se/")
    imports.WEBSITE_VALIDATOR("https://www.testbolaget.se/")
