"""Assessments: start one, add respondents, read the answers and the result, complete, compare T0 → T1.

Read helpers (`framework_for`, `answers_by_respondent`, `current_result`, `comparison`) take the
Assessment the caller already fetched within the user's scope (`readable_assessment`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from spets.assessment.frameworks import FRAMEWORKS, Framework, load_framework
from spets.assessment.models import Answer, Assessment, Mode, Respondent, Round, Status
from spets.assessment.permissions import can_see_rows, is_writer, require
from spets.assessment.respondents import combine
from spets.assessment.scoring import Comparison, Result, compare, score
from spets.companies.models import Company
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.scoping import unscoped

# The lead respondent's name when none is given, by mode (Swedish: the company's language).
DEFAULT_RESPONDENT = {Mode.INTERVIEW: "Respondent 1", Mode.SELF: "Självskattning"}


def readable_assessment(user, assessment_id: int) -> Assessment:
    """One assessment the user may read: Forbidden for roles that see no rows (analysts), DoesNotExist
    outside the user's scope. Company, county, SNI, organisation and baseline come along."""
    require(can_see_rows(user), "assessment rows are not shown to this role")
    return (
        Assessment.objects.for_user(user)
        .select_related("company__municipality__county", "company__sni", "organisation", "follows")
        .get(pk=assessment_id)
    )


def writable_assessment(user, assessment_id: int) -> Assessment:
    """One assessment the user may change: advisors and programme managers, within their scope."""
    require(is_writer(user), "only advisors and programme managers change assessments")
    return Assessment.objects.for_user(user).select_related("company").get(pk=assessment_id)


# --- frameworks, answers and results -------------------------------------------------------------


def framework_for(assessment: Assessment) -> Framework:
    return load_framework(assessment.framework, method=assessment.method_version)


def answers_by_respondent(assessment: Assessment) -> dict[str, dict[str, Any]]:
    """{respondent id (str): {question id: answer}}, lead respondent first."""
    with unscoped():
        respondents = list(Respondent.objects.filter(assessment=assessment).order_by("position", "id"))
        rows = Answer.objects.filter(assessment=assessment).values_list(
            "respondent_id", "question_id", "value"
        )
        by: dict[str, dict[str, Any]] = {str(r.pk): {} for r in respondents}
        for respondent_id, qid, value in rows:
            by.setdefault(str(respondent_id), {})[qid] = value
    return by


def combined_answers(assessment: Assessment) -> dict[str, Any]:
    by = answers_by_respondent(assessment)
    return combine(framework_for(assessment), by, order=list(by)) if by else {}


def current_result(assessment: Assessment) -> Result:
    """The stored result of a completed assessment; a live score of the answers so far otherwise."""
    if assessment.result:
        return Result.from_dict(assessment.result)
    return score(framework_for(assessment), combined_answers(assessment))


def comparison(assessment: Assessment) -> tuple[Assessment, Comparison] | None:
    """(baseline, T0 → this follow-up), or None when either side has no stored result."""
    if not assessment.follows_id or not assessment.result:
        return None
    with unscoped():
        base = Assessment.objects.get(pk=assessment.follows_id)
    if not base.result:
        return None
    return base, compare(Result.from_dict(base.result), Result.from_dict(assessment.result))


# --- changes ---------------------------------------------------------------------------------------


def create_assessment(
    user,
    company_id: int,
    framework: str,
    mode: str = Mode.INTERVIEW,
    *,
    respondent_name: str = "",
    respondent_role: str = "",
) -> Assessment:
    require(
        is_writer(user) and user.organisation_id is not None,
        "only advisors and programme managers of an organisation start assessments",
    )
    errors = {}
    if framework not in FRAMEWORKS:
        errors["framework"] = f"unknown framework {framework!r} (known: {', '.join(FRAMEWORKS)})"
    if mode not in Mode.values:
        errors["mode"] = f"unknown mode {mode!r}"
    if errors:
        raise InvalidData(errors)
    company = Company.objects.for_user(user).get(pk=company_id)
    fw = load_framework(framework)
    with transaction.atomic():
        assessment = Assessment(
            company=company,
            framework=framework,
            framework_id=fw.id,
            framework_version=fw.version,
            method_version=fw.method_version,
            round=Round.T0,
            mode=mode,
            status=Status.IN_PROGRESS,
            organisation_id=user.organisation_id,
            created_by=user,
        )
        assessment.save()
        Respondent(
            assessment=assessment,
            name=respondent_name.strip() or DEFAULT_RESPONDENT[Mode(mode)],
            role=respondent_role.strip(),
        ).save()
        log_action(
            user,
            "create",
            assessment,
            company_id=company.pk,
            changes={"framework": framework, "mode": mode, "round": Round.T0},
        )
    return assessment


def add_respondent(user, assessment_id: int, name: str, role: str = "") -> Respondent:
    assessment = writable_assessment(user, assessment_id)
    if not name.strip():
        raise InvalidData({"name": "a respondent needs a name"})
    with transaction.atomic(), unscoped():
        position = Respondent.objects.filter(assessment=assessment).count()
        respondent = Respondent(
            assessment=assessment, name=name.strip(), role=role.strip(), position=position
        )
        respondent.save()
        log_action(
            user,
            "create",
            respondent,
            company_id=assessment.company_id,
            changes={"name": respondent.name, "role": respondent.role},
        )
    return respondent


def complete(user, assessment_id: int) -> Result:
    assessment = writable_assessment(user, assessment_id)
    return store_result(assessment, user)


def store_result(assessment: Assessment, user=None) -> Result:
    """Score the combined answers and store the result stamped with framework and method (once: a
    completed assessment keeps its result). `user` is None when the company submits through a link."""
    with transaction.atomic(), unscoped():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.completed:
            return Result.from_dict(locked.result)
        result = score(framework_for(locked), combined_answers(locked))
        locked.result = result.to_dict()
        locked.status = Status.COMPLETED
        locked.completed_at = timezone.now()
        locked.save(update_fields=["result", "status", "completed_at"])
        log_action(
            user,
            "update",
            locked,
            company_id=locked.company_id,
            changes={
                "status": Status.COMPLETED,
                "overall": result.overall.score,
                "method_version": result.method_version,
            },
        )
    assessment.refresh_from_db()
    return result
