"""The matching API answers what the pages show, with the same errors."""

from __future__ import annotations

from spets.core.models import ApiToken
from tests.matching.setup import assessed_company, cohort_companies, matched_offers


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_the_offers_endpoint_ranks_and_explains(client, anna, frozen_time):
    company = assessed_company(anna)
    matched_offers()
    data = client.get(f"/api/matching/companies/{company.pk}/offers", **_bearer(anna)).json()
    assert data["framework_id"] == "dma-sme" and data["headroom_eur"] is None
    eligible = [m for m in data["matches"] if m["eligible"]]
    assert [m["rank"] for m in eligible] == [1, 2, 3]
    assert eligible[0]["offer"] == "Digital mognadsanalys"
    assert abs(sum(t["points"] for t in eligible[0]["terms"]) - eligible[0]["fit"]) < 1e-6
    refused = [m for m in data["matches"] if not m["eligible"]]
    assert refused[0]["refusals"] == ["size"] and refused[0]["fit"] is None


def test_proposals_and_a_new_cohort_through_the_api(client, anna, frozen_time):
    eight = cohort_companies(anna)
    found = client.post(
        "/api/matching/cohorts/proposals",
        {"sni_prefix": "25", "sizes": ["small"], "target": 8},
        content_type="application/json",
        **_bearer(anna),
    ).json()
    assert len(found["cohorts"]) == 1 and found["cohorts"][0]["counties"] == ["17", "20"]
    ids = [c["id"] for c in found["cohorts"][0]["companies"]]
    assert sorted(ids) == sorted(c.pk for c in eight)
    created = client.post(
        "/api/matching/cohorts",
        {"name": "Via API", "company_ids": ids},
        content_type="application/json",
        **_bearer(anna),
    )
    assert created.status_code == 201 and len(created.json()["members"]) == 8
    bad = client.post(
        "/api/matching/cohorts/proposals", {"target": 40}, content_type="application/json", **_bearer(anna)
    )
    assert bad.status_code == 422
    empty = client.post(
        "/api/matching/cohorts",
        {"name": " ", "company_ids": ids},
        content_type="application/json",
        **_bearer(anna),
    )
    assert empty.status_code == 422 and "name" in empty.json()["errors"]
