"""The offers catalogue: each organisation keeps its own services; which offers a company is eligible for."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from spets.companies import permissions as perm
from spets.companies.models import ActivityType, Company, Offer
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.models import Organisation

OFFER_FIELDS = (
    "name",
    "description",
    "type",
    "focus_area_id",
    "eligible_sizes",
    "eligible_sni",
    "eligible_counties",
    "typical_hours",
    "value_sek",
    "capacity",
    "active",
)


def _offer_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in OFFER_FIELDS}
    errors = {}
    if "name" in values and not (values["name"] or "").strip():
        errors["name"] = "an offer needs a name"
    if "type" in values and values["type"] not in ActivityType.values:
        errors["type"] = f"{values['type']!r} is not a type ({', '.join(ActivityType.values)})"
    for sizes in [values.get("eligible_sizes") or ""]:
        bad = [
            s
            for s in sizes.replace(" ", "").split(",")
            if s and s not in ("micro", "small", "medium", "large")
        ]
        if bad:
            errors["eligible_sizes"] = f"unknown size class {', '.join(bad)}"
    if errors:
        raise InvalidData(errors)
    return values


def create_offer(user, organisation_id: int, data: dict[str, Any]) -> Offer:
    perm.require(
        perm.can_manage_offers(user, organisation_id), "only the organisation's advisors keep its offers"
    )
    values = _offer_values(data)
    for key in ("name", "type"):
        if key not in values:
            raise InvalidData({key: "required"})
    organisation = Organisation.objects.get(pk=organisation_id)
    with transaction.atomic():
        offer = Offer.objects.for_user(user).create(organisation=organisation, **values)
        log_action(user, "create", offer, changes={k: str(v) for k, v in values.items()})
    return offer


def update_offer(user, offer_id: int, data: dict[str, Any]) -> Offer:
    offer = Offer.objects.for_user(user).get(pk=offer_id)
    perm.require(
        perm.can_manage_offers(user, offer.organisation_id),
        "only the organisation's advisors keep its offers",
    )
    values = _offer_values(data)
    with transaction.atomic():
        changes = {}
        for key, value in values.items():
            if getattr(offer, key) != value:
                changes[key] = [str(getattr(offer, key)), str(value)]
                setattr(offer, key, value)
        if changes:
            offer.save()
            log_action(user, "update", offer, changes=changes)
    return offer


def eligible_offers(user, company_id: int) -> list[Offer]:
    company = Company.objects.for_user(user).select_related("municipality", "sni").get(pk=company_id)
    return [
        o
        for o in Offer.objects.for_user(user).filter(active=True).select_related("organisation")
        if o.eligible(company)
    ]
