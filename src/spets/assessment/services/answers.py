"""Answers: validated by the pure core, stored one row per respondent × question.

A refused answer raises the core's AnswerError naming every bad question (pages word it with
`texts.answer_error_text`, the API answers 422 with its message).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from spets.assessment.models import Answer, Assessment, Respondent, Status
from spets.assessment.respondents import plain
from spets.assessment.scoring import validate_answers
from spets.assessment.services.assessments import framework_for, writable_assessment
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.scoping import unscoped


def save_answers(user, assessment_id: int, respondent_id: int, answers: dict[str, Any]) -> dict[str, Any]:
    assessment = writable_assessment(user, assessment_id)
    return store_answers(assessment, respondent_id, answers, user)


def store_answers(
    assessment: Assessment, respondent_id: int, answers: dict[str, Any], user=None
) -> dict[str, Any]:
    """Validate with the pure core (AnswerError names every bad question), then upsert each row.

    Each answer is its own row keyed by (respondent, question): concurrent saves by two respondents
    touch different rows and both survive. None removes the row (unanswered is not zero). `user` is
    None when the company answers through a link."""
    if assessment.completed:
        raise InvalidData({"assessment": "the assessment is completed; start a follow-up to answer again"})
    clean = validate_answers(framework_for(assessment), answers)
    stored = {}
    with transaction.atomic(), unscoped():
        if not Respondent.objects.filter(pk=respondent_id, assessment=assessment).exists():
            raise InvalidData(
                {"respondent": f"respondent {respondent_id} does not belong to this assessment"}
            )
        for qid, value in clean.items():
            if value is None:
                Answer.objects.filter(respondent_id=respondent_id, question_id=qid).delete()
                stored[qid] = None
                continue
            stored[qid] = plain(value)
            _upsert(assessment.pk, respondent_id, qid, stored[qid], user)
        Assessment.objects.filter(pk=assessment.pk, status=Status.PLANNED).update(status=Status.IN_PROGRESS)
        log_action(
            user,
            "update",
            assessment,
            company_id=assessment.company_id,
            changes={f"answer {respondent_id}/{qid}": v for qid, v in stored.items()},
        )
    return stored


def _upsert(assessment_id: int, respondent_id: int, qid: str, value: Any, user) -> None:
    by = user if user is not None and getattr(user, "is_authenticated", False) else None
    updated = Answer.objects.filter(respondent_id=respondent_id, question_id=qid).update(
        value=value, updated_by=by, updated_at=timezone.now()
    )
    if updated:
        return
    try:
        with transaction.atomic():  # savepoint: a parallel insert of the same row is retried as update
            Answer(
                assessment_id=assessment_id,
                respondent_id=respondent_id,
                question_id=qid,
                value=value,
                updated_by=by,
            ).save()
    except IntegrityError:
        Answer.objects.filter(respondent_id=respondent_id, question_id=qid).update(
            value=value, updated_by=by, updated_at=timezone.now()
        )
