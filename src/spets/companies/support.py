"""Support work services: logging activities with advisor hours, the offers catalogue, a company's timeline
and hours by organisation. Functions take ids and the acting user; each change writes an audit entry."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Sum

from spets.companies import permissions as perm
from spets.companies.models import (
    Activity,
    ActivityAdvisor,
    ActivityType,
    Company,
    Contact,
    Offer,
    Referral,
    ReferralStatus,
    Visibility,
)
from spets.companies.services import InvalidData
from spets.core.audit import log_action
from spets.core.models import FocusArea, Organisation, User
from spets.core.policy import Can, roles_with
from spets.core.scoping import unscoped

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


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidData({"hours": f"{value!r} is not a number of hours"}) from None
    if hours <= 0 or hours > 1000:
        raise InvalidData({"hours": f"{hours} hours: give a positive number up to 1000"})
    return hours


def _plain_hours(hours: Decimal) -> str:
    """2.50 → "2.5", 3.00 → "3": how the audit entry records hours."""
    text = f"{hours:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_advisor_hours(user, advisor_hours: list[tuple[int, Any]]) -> list[tuple[User, Decimal]]:
    """Each advisor once, an active advisor (or programme manager) of the user's organisation, with hours > 0.
    A programme manager may record advisors of any organisation."""
    ids = [advisor_id for advisor_id, _h in advisor_hours]
    advisors = {
        u.pk: u
        for u in User.objects.filter(
            pk__in=ids, is_active=True, role__in=roles_with(Can.WRITE_COMPANY_DATA)
        )
    }
    checked, seen = [], set()
    for advisor_id, value in advisor_hours:
        advisor = advisors.get(advisor_id)
        if advisor is None or (
            advisor.organisation_id != user.organisation_id and not user.is_programme_manager
        ):
            raise InvalidData(
                {"advisor_hours": f"advisor {advisor_id} is not an advisor of {user.organisation}"}
            )
        if advisor_id in seen:
            raise InvalidData(
                {
                    "advisor_hours": f"advisor {advisor.get_username()} is listed twice: "
                    "give one row per advisor with their total hours"
                }
            )
        seen.add(advisor_id)
        try:
            checked.append((advisor, _hours(value)))
        except InvalidData as exc:
            raise InvalidData(
                {"advisor_hours": f"advisor {advisor.get_username()}: {exc.errors['hours']}"}
            ) from None
    return checked


def log_activity(
    user,
    *,
    type: str,
    title: str,
    date: datetime.date,
    company_ids: list[int],
    advisor_hours: list[tuple[int, Any]],
    focus_area_codes: list[str] | None = None,
    offer_id: int | None = None,
    outcome: str = "",
    follow_up_date: datetime.date | None = None,
    visibility: str = Visibility.PROGRAMME,
    contact_ids: list[int] | None = None,
) -> Activity:
    """Record support work of the user's organisation with one or more companies."""
    perm.require(
        perm.can_log_activity(user), "only advisors and programme managers of an organisation log activities"
    )
    errors = {}
    if type not in ActivityType.values:
        errors["type"] = f"{type!r} is not an activity type ({', '.join(ActivityType.values)})"
    if visibility not in Visibility.values:
        errors["visibility"] = f"{visibility!r}: choose {' or '.join(Visibility.values)}"
    if not title.strip():
        errors["title"] = "give the activity a title"
    if not company_ids:
        errors["company_ids"] = "an activity concerns at least one company"
    if not advisor_hours:
        errors["advisor_hours"] = "record at least one advisor with hours"
    if follow_up_date and follow_up_date < date:
        errors["follow_up_date"] = "the follow-up date is before the activity"
    if errors:
        raise InvalidData(errors)
    companies = list(Company.objects.for_user(user).filter(pk__in=company_ids))
    if len(companies) != len(set(company_ids)):
        raise InvalidData({"company_ids": "unknown company"})
    hours = check_advisor_hours(user, advisor_hours)
    offer = None
    if offer_id:
        offer = Offer.objects.for_user(user).filter(pk=offer_id).first()
        if offer is None:
            raise InvalidData({"offer_id": "unknown offer"})
    areas = list(FocusArea.objects.filter(code__in=focus_area_codes or []))
    if len(areas) != len(set(focus_area_codes or [])):
        raise InvalidData({"focus_area_codes": "unknown focus area"})
    contacts = list(Contact.objects.for_user(user).filter(pk__in=contact_ids or [], company__in=companies))
    # Everything is checked above; related managers of scoped models need an explicit opt-out.
    with transaction.atomic(), unscoped():
        activity = Activity.objects.create(
            type=type,
            title=title.strip(),
            date=date,
            organisation_id=user.organisation_id,
            offer=offer,
            outcome=outcome,
            follow_up_date=follow_up_date,
            visibility=visibility,
            created_by=user,
        )
        activity.companies.set(companies)
        activity.focus_areas.set(areas)
        activity.contacts.set(contacts)
        ActivityAdvisor.objects.bulk_create(
            [ActivityAdvisor(activity=activity, advisor=a, hours=h) for a, h in hours]
        )
        # A private activity's entry (its title is in object_repr) is for its organisation only.
        readers = [activity.organisation_id] if visibility == Visibility.ORGANISATION else None
        # One text value: the audit log keeps flat values (username and hours, no names of people).
        per_advisor = ", ".join(f"{advisor.get_username()} {_plain_hours(h)}" for advisor, h in hours)
        total = _plain_hours(sum(h for _a, h in hours))
        for company in companies:
            log_action(
                user,
                "create",
                activity,
                company_id=company.pk,
                visible_to=readers,
                changes={
                    "type": type,
                    "date": date.isoformat(),
                    "visibility": visibility,
                    "hours": total,
                    "advisors": per_advisor,
                    "companies": len(companies),
                },
            )
    return activity


TIMELINE_PAGE = 20  # activities shown on the company page before "show more"


def timeline(user, company_id: int, *, offset: int = 0, limit: int | None = None) -> list[Activity]:
    """The activities with the company that the user may see, newest first, across organisations.

    Three queries whatever the number of activities: the activities (organisation and offer joined), their
    advisors' hours and their focus areas. `offset`/`limit` page through a long history.
    """
    advisors = Prefetch(
        "advisors",
        queryset=ActivityAdvisor.objects.for_user(user)
        .select_related("advisor")
        .only(
            "id",
            "activity_id",
            "hours",
            "advisor",
            "advisor__username",
            "advisor__first_name",
            "advisor__last_name",
        ),
    )
    qs = (
        Activity.objects.for_user(user)
        .filter(companies__id=company_id)
        .order_by("-date", "-id")
        .select_related("organisation", "offer")
        .prefetch_related(advisors, Prefetch("focus_areas", queryset=FocusArea.objects.all()))
    )
    if limit is not None:
        qs = qs[offset : offset + limit]
    elif offset:
        qs = qs[offset:]
    return list(qs)


def timeline_page(
    user, company_id: int, offset: int = 0, size: int = TIMELINE_PAGE
) -> tuple[list[Activity], bool]:
    """One page of the timeline and whether older activities follow (read as one extra row)."""
    rows = timeline(user, company_id, offset=offset, limit=size + 1)
    return rows[:size], len(rows) > size


def hours_by_organisation(company_id: int) -> list[dict[str, Any]]:
    """Total advisor hours per organisation for a company. An aggregate: includes private activities
    (their hours, never their notes), so the funder's question 'how many hours' has one answer."""
    with unscoped():
        rows = (
            ActivityAdvisor.objects.filter(activity__companies__id=company_id)
            .values("activity__organisation__name")
            .annotate(hours=Sum("hours"))
            .order_by("-hours")
        )
        return [{"organisation": r["activity__organisation__name"], "hours": r["hours"]} for r in rows]


def open_referrals_query(user):
    """Referrals still in progress (sent or accepted) that the user may see."""
    return Referral.objects.for_user(user).filter(status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED))


def open_referrals(user, company_id: int) -> list[Referral]:
    return list(
        open_referrals_query(user)
        .filter(company_id=company_id)
        .select_related("from_organisation", "to_organisation")
    )


# --- offers -------------------------------------------------------------------------------------------


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
