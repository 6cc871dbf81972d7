"""The company's priorities (1–5 per focus area; they weight the recommendations) and its action plan."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q

from spets.assessment.models import ActionPlanItem, Assessment, CompanyPriority, PlanStatus
from spets.assessment.permissions import is_writer, require
from spets.companies.models import Company, Offer
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.models import FocusArea, Organisation
from spets.core.scoping import unscoped


def priorities(company_id: int) -> dict[str, int]:
    with unscoped():
        return dict(
            CompanyPriority.objects.filter(company_id=company_id).values_list("focus_area__code", "rating")
        )


def plan_for(user, assessment: Assessment):
    """The action plan shown with an assessment: the measures of its own T0 → T1 chain and the company's
    general ones (no assessment), as the user may see them — never the measures another organisation
    agreed in its own assessment of the company (a brand-new T0 starts with no one else's overdue work)."""
    root_id = assessment.follows_id or assessment.pk
    chain = Assessment.objects.for_user(user).filter(Q(pk=root_id) | Q(follows_id=root_id)).values("pk")
    return (
        ActionPlanItem.objects.for_user(user)
        .filter(company_id=assessment.company_id)
        .filter(Q(assessment__isnull=True) | Q(assessment_id__in=chain))
        .select_related("responsible", "offer")
    )


def set_priorities(user, company_id: int, ratings: dict[str, int | None]) -> dict[str, int]:
    require(is_writer(user), "only advisors and programme managers record priorities")
    Company.objects.for_user(user).get(pk=company_id)
    areas = {a.code: a for a in FocusArea.objects.all()}
    errors = {code: "unknown focus area" for code in ratings if code not in areas}
    for code, rating in ratings.items():
        if rating is not None and (
            isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5
        ):
            errors[code] = f"priority must be 1–5, not {rating!r}"
    if errors:
        raise InvalidData(errors)
    before = priorities(company_id)
    with transaction.atomic(), unscoped():
        for code, rating in ratings.items():
            if rating is None:
                CompanyPriority.objects.filter(company_id=company_id, focus_area=areas[code]).delete()
            else:
                CompanyPriority.objects.update_or_create(
                    company_id=company_id,
                    focus_area=areas[code],
                    defaults={"rating": rating, "updated_by": user},
                )
        after = priorities(company_id)
        log_action(
            user,
            "update",
            None,
            object_type="assessment.CompanyPriority",
            object_id=company_id,
            company_id=company_id,
            changes={k: [before.get(k), after.get(k)] for k in ratings},
        )
    return after


def _clean_plan(data: dict[str, Any], partial: bool) -> dict[str, Any]:
    errors, clean = {}, {}
    if "measure" in data or not partial:
        measure = (data.get("measure") or "").strip()
        if not measure:
            errors["measure"] = "describe the measure"
        clean["measure"] = measure[:300]
    if "responsible_id" in data or not partial:
        if not Organisation.objects.filter(pk=data.get("responsible_id") or 0).exists():
            errors["responsible_id"] = "choose the responsible organisation"
        clean["responsible_id"] = data.get("responsible_id")
    if "status" in data:
        if data["status"] not in PlanStatus.values:
            errors["status"] = f"unknown status {data['status']!r} (known: {', '.join(PlanStatus.values)})"
        clean["status"] = data["status"]
    if "due_date" in data:
        if data["due_date"] is not None and not isinstance(data["due_date"], datetime.date):
            errors["due_date"] = "expected a date YYYY-MM-DD"
        clean["due_date"] = data["due_date"]
    if data.get("offer_id") is not None:
        with unscoped():
            if not Offer.objects.filter(pk=data["offer_id"]).exists():
                errors["offer_id"] = f"no offer {data['offer_id']}"
        clean["offer_id"] = data["offer_id"]
    if errors:
        raise InvalidData(errors)
    return clean


def add_plan_item(
    user, company_id: int, data: dict[str, Any], assessment_id: int | None = None, rules: str = ""
) -> ActionPlanItem:
    require(is_writer(user), "only advisors and programme managers keep action plans")
    Company.objects.for_user(user).get(pk=company_id)
    clean = _clean_plan(data, partial=False)
    with transaction.atomic():
        item = ActionPlanItem(
            company_id=company_id, assessment_id=assessment_id, rules=rules[:200], updated_by=user, **clean
        )
        item.save()
        log_action(
            user,
            "create",
            item,
            company_id=company_id,
            changes={k: v for k, v in clean.items() if v is not None},
        )
    return item


def update_plan_item(user, item_id: int, data: dict[str, Any]) -> ActionPlanItem:
    require(is_writer(user), "only advisors and programme managers keep action plans")
    item = ActionPlanItem.objects.for_user(user).get(pk=item_id)
    clean = _clean_plan(data, partial=True)
    before = {k: getattr(item, k) for k in clean}
    with transaction.atomic():
        for key, value in clean.items():
            setattr(item, key, value)
        item.updated_by = user
        item.save()
        log_action(
            user,
            "update",
            item,
            company_id=item.company_id,
            changes={k: [before[k], clean[k]] for k in clean if before[k] != clean[k]},
        )
    return item
