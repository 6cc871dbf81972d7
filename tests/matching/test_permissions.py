"""Every persona on every matching page and endpoint (anonymous visitors are sent to log in)."""

from __future__ import annotations

import pytest
from django.test import Client

from spets.core.models import ApiToken
from spets.matching.services import cohorts as cohort_services
from tests.matching.setup import matched_offers

READERS = {"anna": 200, "bertil": 200, "cecilia": 200, "petra": 200, "lisa": 200, "alf": 403, "carl": 403}
AGGREGATES = {**READERS, "alf": 200}
REFERRERS = {**READERS, "lisa": 403}
WRITERS = {"anna": 302, "bertil": 302, "cecilia": 302, "petra": 302, "lisa": 403, "alf": 403, "carl": 403}


@pytest.fixture
def world(personas, company):
    offers = matched_offers()
    cohort = cohort_services.create_cohort(personas["anna"], "Kohort", [company.pk])
    return {"company": company, "offer": offers["automation"], "cohort": cohort}


def _pages(w):
    c, o, k = w["company"].pk, w["offer"].pk, w["cohort"].pk
    return [
        ("/matching/", READERS),
        ("/matching/cohorts/propose/", READERS),
        (f"/matching/cohorts/{k}/", READERS),
        (f"/matching/company/{c}/", READERS),
        (f"/matching/company/{c}/offers/{o}/refer/", REFERRERS),
        ("/matching/peers/", READERS),
        ("/matching/network/", AGGREGATES),
    ]


def test_every_persona_on_every_page(personas, world, frozen_time):
    for url, expected in _pages(world):
        assert Client().get(url).status_code == 302, url  # anonymous: to the log-in page
        for name, status in expected.items():
            client = Client()
            client.force_login(personas[name])
            assert client.get(url).status_code == status, (name, url)


def _writes(w):
    c, k = w["company"].pk, w["cohort"].pk
    return [
        ("/matching/cohorts/new/", {"name": "Ny", "companies": str(c)}),
        (f"/matching/cohorts/{k}/add/", {"orgnr": "5560000001"}),
        (f"/matching/cohorts/{k}/members/{c}/lock/", {}),
        (f"/matching/cohorts/{k}/members/{c}/unlock/", {}),
        (f"/matching/cohorts/{k}/invite/", {"message": "Hej"}),
        (f"/matching/company/{c}/consent/", {"consent_date": "2025-03-01", "consent_how": "muntligt"}),
        (f"/matching/company/{c}/consent/withdraw/", {}),
        (f"/matching/cohorts/{k}/members/{c}/remove/", {}),
    ]


def test_every_persona_on_every_change(personas, world, frozen_time):
    edit = f"/matching/cohorts/{world['cohort'].pk}/edit/"
    for name, status in WRITERS.items():
        client = Client()
        client.force_login(personas[name])
        for url, data in _writes(world):
            assert client.post(url, data).status_code == status, (name, url)
        expected_edit = 422 if status == 302 else status  # a stale version: shown again with the error
        assert client.post(edit, {"version": 0, "name": "X", "status": "active"}).status_code == expected_edit
        assert client.get(edit).status_code == 405


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_every_persona_on_every_endpoint(personas, world, frozen_time):
    c, k = world["company"].pk, world["cohort"].pk
    gets = [
        (f"/api/matching/companies/{c}/offers", READERS),
        ("/api/matching/cohorts", READERS),
        (f"/api/matching/cohorts/{k}", READERS),
        ("/api/matching/peers/pairs", READERS),
        ("/api/matching/network", AGGREGATES),
    ]
    for url, expected in gets:
        assert Client().get(url).status_code == 401, url
        for name, status in expected.items():
            assert Client().get(url, **_bearer(personas[name])).status_code == status, (name, url)
    for name, status in READERS.items():
        response = Client().post(
            "/api/matching/cohorts/proposals",
            {"sni_prefix": "25"},
            content_type="application/json",
            **_bearer(personas[name]),
        )
        assert response.status_code == (422 if status == 200 else 403), name  # too few companies: 422
    for name, status in WRITERS.items():
        response = Client().post(
            "/api/matching/cohorts",
            {"name": "API", "company_ids": [c]},
            content_type="application/json",
            **_bearer(personas[name]),
        )
        assert response.status_code == (201 if status == 302 else 403), name
