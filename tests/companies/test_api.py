"""API behaviour beyond the permission matrix: tokens, locking, validation messages, scoping."""

from __future__ import annotations

import json

from django.core.management import call_command

from spets.core.models import ApiToken


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_token_auth_and_stale_update_answer_409_naming_who(client, anna, bertil, company):
    ok = client.patch(
        f"/api/companies/companies/{company.pk}",
        json.dumps({"version": 1, "employees": 20}),
        content_type="application/json",
        **bearer(bertil),
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(
        f"/api/companies/companies/{company.pk}",
        json.dumps({"version": 1, "name": "X"}),
        content_type="application/json",
        **bearer(anna),
    )
    assert stale.status_code == 409 and "bertil" in stale.json()["detail"]


def test_bad_input_names_the_field(client, anna, company):
    response = client.post(
        "/api/companies/activities",
        json.dumps(
            {
                "type": "lunch",
                "title": "x",
                "date": "2025-01-01",
                "company_ids": [company.pk],
                "advisors": [{"advisor_id": anna.pk, "hours": 2}],
            }
        ),
        content_type="application/json",
        **bearer(anna),
    )
    assert response.status_code == 422 and "'lunch' is not an activity type" in response.json()["detail"]


def test_api_timeline_hides_private_notes_from_other_organisations(client, cecilia, company, dalarna_notes):
    response = client.get(f"/api/companies/activities?company_id={company.pk}", **bearer(cecilia))
    assert [a["title"] for a in response.json()] == ["Inledande möte"]


def test_search_api_pages(client, anna, company, other_company):
    response = client.get("/api/companies/companies?q=AB&page=1", **bearer(anna))
    body = response.json()
    assert (
        body["count"] == 2
        and body["pages"] == 1
        and {r["orgnr"] for r in body["results"]} == {company.orgnr, other_company.orgnr}
    )


def test_create_token_command_prints_a_working_token(anna, capsys, client):
    call_command("create_token", "anna")
    token = capsys.readouterr().out.strip()
    assert client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()["username"] == "anna"
