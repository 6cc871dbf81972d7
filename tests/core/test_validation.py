"""Validation at the boundary: control characters refused naming the field (422, JSON on the API, a page
otherwise), out-of-range numbers and over-long text answer 422 naming the field, paging is clamped, and
every API error is JSON with a "detail" — a 500 included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spets.companies.models import Company, Contact, Offer
from spets.core.models import ApiToken
from spets.core.scoping import unscoped


@pytest.fixture
def api(client, anna):
    token = ApiToken.issue(anna)[1]
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/api/companies/companies?q=%00",
        "/api/companies/offers?organisation=%00",
        "/api/companies/companies?q=a%01b",
    ],
)
def test_a_control_character_in_an_api_query_is_a_422_naming_the_parameter(api, url):
    response = api.get(url)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][0] == "query" and detail["loc"][1] in ("q", "organisation")


@pytest.mark.parametrize(
    "url",
    ["/companies/?q=%00", "/companies/offers/?organisation=%00", "/companies/io/export/companies.csv?q=%00"],
)
def test_a_control_character_in_a_page_query_is_a_422_page_naming_the_field(client, anna, url):
    client.force_login(anna)
    response = client.get(url)
    assert response.status_code == 422
    text = response.content.decode()
    assert "styrtecken" in text and ("q " in text or "organisation " in text)


def test_a_nul_byte_in_a_json_body_is_refused_before_anything_is_written(api, company):
    response = api.post(
        f"/api/companies/companies/{company.pk}/contacts",
        {"name": "Eva\u0000 Ek"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]
    with unscoped():
        assert not Contact.objects.filter(company=company).exists()


def test_a_nul_byte_in_a_form_post_is_refused_naming_the_field(client, anna, company):
    client.force_login(anna)
    response = client.post(reverse("companies:contact_new", args=[company.pk]), {"name": "Eva\x00"})
    assert response.status_code == 422 and "name" in response.content.decode()


def test_tab_and_line_breaks_are_text_not_control_characters(api):
    assert api.get("/api/companies/companies?q=a%09b%0A").status_code == 200


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"value_sek": -1}, "value_sek"),
        ({"capacity": -5}, "capacity"),
        ({"capacity": 2**31}, "capacity"),
        ({"typical_hours": 1_000_000}, "typical_hours"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_out_of_range_offer_values_are_422_naming_the_field(api, payload, field):
    response = api.post(
        "/api/companies/offers",
        {"name": "Rådgivning", "type": "workshop", **payload},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert field in str(response.json()["detail"])
    with unscoped():
        assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"employees": 3_000_000_000}, "employees"),
        ({"turnover_sek": 2**63}, "turnover_sek"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_out_of_range_company_values_are_422_naming_the_field(api, payload, field):
    body = {"orgnr": "556036-0793", "name": "Nya Bolaget AB", "municipality_id": "2081", **payload}
    response = api.post("/api/companies/companies", body, content_type="application/json")
    assert response.status_code == 422 and field in str(response.json()["detail"])
    with unscoped():
        assert not Company.objects.filter(orgnr="5560360793").exists()


def test_an_e_mail_over_254_characters_is_422(api, company):
    response = api.post(
        f"/api/companies/companies/{company.pk}/contacts",
        {"name": "Eva Ek", "email": "e" * 300 + "@example.se"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "email" in str(response.json()["detail"])


def test_the_openapi_schema_shows_ranges_lengths_and_enums(client):
    spec = client.get("/api/openapi.json").json()
    schemas = spec["components"]["schemas"]
    offer = schemas["OfferIn"]["properties"]
    assert offer["capacity"]["anyOf"][0]["maximum"] == 2**31 - 1
    assert offer["value_sek"]["anyOf"][0]["minimum"] == 0
    assert offer["name"]["maxLength"] == 200
    assert "workshop" in offer["type"]["enum"]
    assert schemas["ContactIn"]["properties"]["email"]["maxLength"] == 254


def test_a_huge_page_number_is_clamped_on_the_search_page_and_refused_on_the_api(client, anna, api, company):
    client.force_login(anna)
    assert client.get("/companies/?page=99999999999999999999").status_code == 200
    response = api.get("/api/companies/companies?page=99999999999999999999")
    assert response.status_code == 422 and "page" in str(response.json()["detail"])


def test_an_unexpected_api_error_is_json_and_logged(api, monkeypatch, caplog):
    from spets.companies import search

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(search, "search", broken)
    response = api.get("/api/companies/companies")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"} and "boom" not in response.json()["detail"]
    assert any("API error" in r.message for r in caplog.records)


def test_a_control_character_in_the_path_is_not_found(client, anna):
    client.force_login(anna)
    assert client.get("/companies/%00/").status_code == 404


def test_the_api_docs_load_swagger_from_our_own_static_files(client, anna):
    client.force_login(anna)
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
