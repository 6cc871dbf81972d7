"""Assessment API at /api/assessment/: assessments, results, answers, comparison, dashboard.

Same permissions as the pages: rows from `services.readable_assessment`, writes through the services.
Errors are answered by `spets.api` (403 not allowed, 404 not visible, 422 naming the field); refused
answers (the pure core's AnswerError) are 422 naming every question.
"""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Router, Schema
from ninja.errors import HttpError

from spets.assessment import permissions, services
from spets.assessment.errors import AnswerError
from spets.assessment.frameworks import DMA_FRAMEWORK_ID, FRAMEWORK_IDS
from spets.assessment.models import Assessment
from spets.assessment.peers import dashboard, peer_position

router = Router(tags=["assessment"])

NO_ROWS = "assessment rows are not shown to this role; use /dashboard"


def _assessment(request, assessment_id: int) -> Assessment:
    permissions.require(permissions.can_see_rows(request.user), NO_ROWS)
    return services.readable_assessment(request.user, assessment_id)


class AssessmentOut(Schema):
    id: int
    company_id: int
    company: str
    framework: str
    framework_id: str
    framework_version: int
    method_version: str
    round: str
    mode: str
    status: str
    scheduled_for: datetime.date | None
    completed_at: datetime.datetime | None
    follows_id: int | None
    organisation_id: int
    overall: float | None
    synthetic: bool

    @staticmethod
    def resolve_company(obj) -> str:
        return obj.company.name

    @staticmethod
    def resolve_overall(obj) -> float | None:
        return ((obj.result or {}).get("overall") or {}).get("score")


class AnswersIn(Schema):
    respondent_id: int
    answers: dict[str, Any]


class AnswersOut(Schema):
    saved: dict[str, Any]


@router.get("/assessments", response=list[AssessmentOut])
def assessments(
    request, company_id: int | None = None, framework_id: str | None = None, round: str | None = None
):
    permissions.require(permissions.can_see_rows(request.user), NO_ROWS)
    qs = Assessment.objects.for_user(request.user).select_related("company")
    if company_id:
        qs = qs.filter(company_id=company_id)
    if framework_id:
        qs = qs.filter(framework_id=framework_id)
    if round:
        qs = qs.filter(round=round)
    return list(qs[:1000])


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def assessment(request, assessment_id: int):
    return _assessment(request, assessment_id)


@router.get("/assessments/{assessment_id}/results")
def results(request, assessment_id: int):
    a = _assessment(request, assessment_id)
    result = services.current_result(a)
    position = peer_position(a, result) if result.overall.score is not None else {}
    return {
        "stored": bool(a.result),
        "result": result.to_dict(),
        "peer_position": {g: p.__dict__ for g, p in position.items()},
    }


@router.get("/assessments/{assessment_id}/answers")
def answers(request, assessment_id: int):
    a = _assessment(request, assessment_id)
    return {"by_respondent": services.answers_by_respondent(a)}


@router.post("/assessments/{assessment_id}/answers", response=AnswersOut)
def save_answers(request, assessment_id: int, payload: AnswersIn):
    a = _assessment(request, assessment_id)
    try:
        saved = services.save_answers(request.user, a.pk, payload.respondent_id, payload.answers)
    except AnswerError as exc:  # the pure core cannot raise core.errors: 422 with its message
        raise HttpError(422, str(exc)) from None
    return {"saved": saved}


@router.get("/assessments/{assessment_id}/comparison")
def comparison(request, assessment_id: int):
    a = _assessment(request, assessment_id)
    compared = services.comparison(a)
    if compared is None:
        raise HttpError(404, "no completed baseline and follow-up to compare")
    base, comp = compared
    return {
        "baseline_id": base.pk,
        "follow_up_id": a.pk,
        "method_before": comp.method_before,
        "method_after": comp.method_after,
        "warnings": [w.__dict__ for w in comp.warnings],
        "dimensions": {k: c.__dict__ for k, c in comp.dimensions.items()},
        "overall": comp.overall.__dict__,
    }


@router.get("/dashboard")
def programme_dashboard(request, framework_id: str = DMA_FRAMEWORK_ID):
    permissions.require(permissions.can_see_aggregates(request.user), "the dashboard is for programme staff")
    if framework_id not in FRAMEWORK_IDS:
        raise HttpError(422, f"unknown framework_id {framework_id!r} (known: {', '.join(FRAMEWORK_IDS)})")
    data = dashboard(framework_id)
    return {
        "framework_id": framework_id,
        "companies": data["n"],
        "min_peers": data["min_peers"],
        "groups": {g: {k: s.__dict__ for k, s in t.items()} for g, t in data["tables"].items()},
        "dimensions": {k: (s.__dict__ if s else None) for k, s in data["dimensions"].items()},
    }
