"""API: answers validated with the question named, results with peer position, comparison, token auth."""

from __future__ import annotations

from django.test import Client

from spets.assessment import services
from spets.core.models import ApiToken
from tests.factories import IMPROVED, MIXED, completed, respondent_id


def test_answers_through_the_api_with_a_token(anna, assessment):
    _token, key = ApiToken.issue(anna)
    c = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = f"/api/assessment/assessments/{assessment.pk}/answers"
    ok = c.post(
        url,
        {"respondent_id": respondent_id(assessment), "answers": {"readiness.basic": ["erp"]}},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json() == {"saved": {"readiness.basic": ["erp"]}}
    bad = c.post(
        url,
        {
            "respondent_id": respondent_id(assessment),
            "answers": {"readiness.advanced": {"iot": 6}, "no.such": 1},
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    detail = bad.json()["detail"]
    assert "question 'readiness.advanced'" in detail and "question 'no.such'" in detail
    assert c.get(url).json()["by_respondent"] == {
        str(respondent_id(assessment)): {"readiness.basic": ["erp"]}
    }
    wrong = c.post(
        url, {"respondent_id": 999999, "answers": {"readiness.basic": []}}, content_type="application/json"
    )
    assert wrong.status_code == 422 and "respondent" in wrong.json()["detail"]


def test_results_and_comparison(anna, company, peers):
    t0 = completed(anna, company.pk, MIXED)
    t1 = services.schedule_follow_up(anna, t0.pk)
    c = Client()
    c.force_login(anna)
    assert c.get(f"/api/assessment/assessments/{t1.pk}/comparison").status_code == 404  # T1 not done yet
    from spets.core.scoping import unscoped

    with unscoped():
        rid = t1.respondents.first().pk
    services.save_answers(anna, t1.pk, rid, IMPROVED)
    services.complete(anna, t1.pk)
    results = c.get(f"/api/assessment/assessments/{t0.pk}/results").json()
    assert results["stored"] and results["result"]["method_version"] == "1.0"
    assert (
        results["peer_position"]["sni_section"]["n"] == 7
        and results["peer_position"]["sni_section"]["percentile"] is not None
    )
    comp = c.get(f"/api/assessment/assessments/{t1.pk}/comparison").json()
    assert (
        comp["dimensions"]["automation"]["delta"] == 40
        and comp["dimensions"]["automation"]["crossing"] == "up"
    )
    assert comp["warnings"] == []
    listed = c.get(f"/api/assessment/assessments?company_id={company.pk}&round=T1").json()
    assert [a["id"] for a in listed] == [t1.pk] and listed[0]["overall"] is not None
