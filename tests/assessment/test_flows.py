"""Interview with autosave, bad answers named, unanswered ≠ zero, respondents' consistency, follow-up
and T0→T1 comparison, recommendations into the action plan."""

from __future__ import annotations

import datetime
import html

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from spets.assessment import services
from spets.assessment.errors import AnswerError
from spets.assessment.models import ActionPlanItem, Answer, Assessment, Round, Status
from spets.core.dates import add_months
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped
from tests.factories import IMPROVED, MIXED, completed, respondent_id


def _client(user, lang: str | None = None):
    c = Client()
    c.force_login(user)
    if lang:  # as the language switch sets it; otherwise the default Swedish UI
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def test_an_advisor_starts_an_assessment_by_organisation_number(anna, company):
    c = _client(anna)
    r = c.post(
        "/assessment/new/",
        {
            "company": "556000-0001",
            "framework": "dma-sme-v1",
            "mode": "interview",
            "respondent_name": "Vera VD",
            "respondent_role": "VD",
        },
    )
    with unscoped():
        a = Assessment.objects.get(company=company)
    assert r["Location"] == f"/assessment/{a.pk}/"
    assert (a.framework_id, a.framework_version, a.method_version, a.round) == ("dma-sme", 1, "1.0", "T0")
    assert AuditEntry.objects.filter(
        object_type="assessment.Assessment", action="create", company_id=company.pk
    ).exists()
    missing = c.post(
        "/assessment/new/", {"company": "5560009999", "framework": "dma-sme-v1", "mode": "interview"}
    )
    assert "Det finns inget företag med det organisationsnumret" in missing.content.decode()  # Swedish UI


def test_autosave_stores_one_question_and_shows_saved(anna, assessment):
    c = _client(anna)
    rid = respondent_id(assessment)
    r = c.post(
        f"/assessment/{assessment.pk}/answer/?respondent={rid}",
        {"question": "readiness.basic", "value": ["website", "erp"]},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and 'data-testid="saved"' in r.content.decode()
    with unscoped():
        assert Answer.objects.get(respondent_id=rid, question_id="readiness.basic").value == [
            "erp",
            "website",
        ]
    # the interview page shows the saved answer ticked
    page = c.get(f"/assessment/{assessment.pk}/interview/").content.decode()
    assert 'value="erp" checked' in page


def test_an_answer_outside_the_scale_is_refused_naming_the_question(anna, assessment):
    c = _client(anna, "en")  # the scoring core's reasons are checked in English, the language set explicitly
    r = c.post(
        f"/assessment/{assessment.pk}/answer/?respondent={respondent_id(assessment)}",
        {"question": "readiness.advanced", "simulation": "7"},
    )
    assert r.status_code == 422
    text = r.content.decode()
    assert "readiness.advanced" in text and "outside the scale" in text and "simulation" in text
    with unscoped():
        assert not Answer.objects.filter(assessment=assessment).exists()
    with pytest.raises(AnswerError) as exc:
        services.save_answers(
            anna, assessment.pk, respondent_id(assessment), {"green.considerations": {"it_energy": "maybe"}}
        )
    assert exc.value.question_ids == ["green.considerations"]


def test_a_number_that_is_not_a_number_is_named(anna, company):
    a = services.create_assessment(anna, company.pk, "spets-profile-v1")
    r = _client(anna).post(
        f"/assessment/{a.pk}/answer/?respondent={respondent_id(a)}",
        {"question": "global.export_share", "value": "lots"},
    )
    assert r.status_code == 422 and "global.export_share" in r.content.decode()
    r = _client(anna, "en").post(
        f"/assessment/{a.pk}/answer/?respondent={respondent_id(a)}",
        {"question": "global.export_share", "value": "140"},
    )
    assert r.status_code == 422 and "outside the allowed range" in r.content.decode()


def test_refused_answers_are_worded_in_swedish_on_the_interview_and_self_assessment_pages(
    anna, company, assessment
):
    # Swedish default UI: the core's reasons are worded with the question's and row's Swedish labels
    r = _client(anna).post(
        f"/assessment/{assessment.pk}/answer/?respondent={respondent_id(assessment)}",
        {"question": "readiness.advanced", "simulation": "7"},
    )
    text = html.unescape(r.content.decode())
    assert r.status_code == 422
    assert (
        "Frågan «Hur långt har företaget kommit med var och en av dessa avancerade tekniker?» "
        "(readiness.advanced): rad «Simulering och digitala tvillingar» (simulation): 7 ligger utanför skalan"
    ) in text
    assert "outside the scale" not in text
    a = services.create_assessment(anna, company.pk, "spets-profile-v1")
    _link, token = services.create_link(anna, a.pk)
    r = Client().post(f"/assessment/s/{token}/answer/", {"question": "global.export_share", "value": "140"})
    text = html.unescape(r.content.decode())
    assert r.status_code == 422
    assert "(global.export_share): 140 ligger utanför det tillåtna intervallet 0–100" in text
    assert "outside the allowed range" not in text


def test_unanswered_is_not_zero(anna, assessment):
    services.save_answers(anna, assessment.pk, respondent_id(assessment), {"readiness.basic": []})
    result = services.current_result(assessment)
    assert result.dimensions["readiness"].status == "partial"  # basic answered (none apply), advanced not
    assert result.dimensions["strategy"].score is None and result.dimensions["strategy"].status == "missing"
    page = _client(anna).get(f"/assessment/{assessment.pk}/").content.decode()
    assert "50\u00a0%" in page  # readiness coverage shown
    # clearing an answer makes it unanswered again, not zero
    r = _client(anna).post(
        f"/assessment/{assessment.pk}/answer/?respondent={respondent_id(assessment)}",
        {"question": "readiness.basic", "clear": "1"},
    )
    assert "Obesvarad (sparat)" in r.content.decode()  # Swedish UI
    assert services.current_result(assessment).dimensions["readiness"].status == "missing"


def test_two_respondents_and_the_consistency_view(anna, assessment):
    second = services.add_respondent(anna, assessment.pk, "Per Produktion", "Produktionschef")
    services.save_answers(
        anna, assessment.pk, respondent_id(assessment), {"readiness.basic": ["website", "erp"]}
    )
    services.save_answers(anna, assessment.pk, second.pk, {"readiness.basic": ["website"]})
    page = _client(anna).get(f"/assessment/{assessment.pk}/consistency/").content.decode()
    assert "Per Produktion" in page and "Vera VD" in page
    assert 'data-question="readiness.basic"' in page and "0,10" in page  # one of ten items differs


def test_complete_stores_a_stamped_result_and_follow_up_compares(anna, company, assessment):
    services.save_answers(anna, assessment.pk, respondent_id(assessment), MIXED)
    c = _client(anna)
    c.post(f"/assessment/{assessment.pk}/complete/")
    with unscoped():
        assessment.refresh_from_db()
    assert assessment.status == Status.COMPLETED
    assert (assessment.result["framework_id"], assessment.result["method_version"]) == ("dma-sme", "1.0")
    r = c.post(f"/assessment/{assessment.pk}/follow-up/", {"months": "6"})
    with unscoped():
        t1 = Assessment.objects.get(follows=assessment)
    assert r["Location"] == f"/assessment/{t1.pk}/"
    assert t1.round == Round.T1 and t1.status == Status.PLANNED
    assert t1.scheduled_for == add_months(timezone.localtime(assessment.completed_at).date(), 6)
    with unscoped():
        rid = t1.respondents.first().pk
    services.save_answers(anna, t1.pk, rid, IMPROVED)
    services.complete(anna, t1.pk)
    page = c.get(f"/assessment/{t1.pk}/compare/").content.decode()
    rows = {row.split('"')[0]: row for row in page.split('data-dimension="')[1:]}
    assert "+20,0" in rows["strategy"]  # preparedness 4 -> 8 of 10: (2.5 + 4) x 5 = 32.5 -> 52.5
    assert "+40,0" in rows["automation"] and "↑" in rows["automation"]  # 40 -> 80: average -> advanced
    assert "+0,0" not in rows["human"] and ">0,0<" in rows["human"]  # unchanged, no sign
    assert 'data-testid="warning"' not in page  # same method version


def test_method_version_difference_is_warned(anna, company):
    t0 = completed(anna, company.pk, MIXED)
    t1 = services.schedule_follow_up(anna, t0.pk)
    with unscoped():
        Assessment.objects.filter(pk=t1.pk).update(method_version="1.0-alt")
        rid = t1.respondents.first().pk
    services.save_answers(anna, t1.pk, rid, MIXED)
    services.complete(anna, t1.pk)
    page = _client(anna).get(f"/assessment/{t1.pk}/compare/").content.decode()
    assert 'data-testid="warning"' in page and "metodversionen skiljer sig (1.0 före, 1.0-alt efter)" in page


def test_recommendation_becomes_an_action_plan_item(anna, company, assessment, peers, offers):
    services.save_answers(anna, assessment.pk, respondent_id(assessment), MIXED)
    services.complete(anna, assessment.pk)
    c = _client(anna)
    page = c.get(f"/assessment/{assessment.pk}/").content.decode()
    assert "Digital mognadsanalys" in page  # eligible (small), recommended for the data/strategy gaps
    assert "Stor-företagsprogram" not in page  # only for large companies: not eligible
    offer = offers[0]
    c.post(
        f"/assessment/{assessment.pk}/plan/",
        {"measure": offer.name, "offer": offer.pk, "responsible": offer.organisation_id, "rules": "dma-data"},
    )
    with unscoped():
        item = ActionPlanItem.objects.get(company=company)
    assert (item.offer_id, item.status, item.updated_by_id) == (offer.pk, "planned", anna.pk)
    c.post(f"/assessment/plan/{item.pk}/", {"status": "in_progress", "due_date": "2025-12-31"})
    with unscoped():
        item.refresh_from_db()
    assert (item.status, item.due_date) == ("in_progress", datetime.date(2025, 12, 31))
    r = c.post(f"/assessment/plan/{item.pk}/", {"status": "finished"})
    assert r.status_code == 302
    with unscoped():
        item.refresh_from_db()
    assert item.status == "in_progress"


def test_priorities_weight_the_ranking(anna, company, assessment, peers, offers):
    services.save_answers(anna, assessment.pk, respondent_id(assessment), MIXED)
    services.complete(anna, assessment.pk)
    from spets.assessment.peers import recommendations

    with unscoped():
        a = Assessment.objects.select_related("company__municipality", "company__sni").get(pk=assessment.pk)
    result = services.current_result(a)
    neutral, _ = recommendations(a, result, {})
    services.set_priorities(anna, company.pk, {"digitalisation": 5, "automation": 1})
    weighted, _ = recommendations(a, result, services.priorities(company.pk))
    n = {r.offer.name: r.priority for r in neutral}
    w = {r.offer.name: r.priority for r in weighted}
    assert w["Digital mognadsanalys"] == pytest.approx(n["Digital mognadsanalys"] * 5 / 3)
    assert w["Automationscheck"] == pytest.approx(n["Automationscheck"] / 3)
    with pytest.raises(services.InvalidData, match="1–5"):
        services.set_priorities(anna, company.pk, {"automation": 9})
