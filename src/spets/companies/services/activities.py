"""Activities: support work of one organisation with one or more companies, each advisor with their own hours,
and the hours a company received by organisation."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum

from spets.companies import extensions
from spets.companies import permissions as perm
from spets.companies.models import (
    Activity,
    ActivityAdvisor,
    ActivityType,
    Company,
    Contact,
    Offer,
    Visibility,
)
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.models import FocusArea, User
from spets.core.policy import Can, roles_with
from spets.core.scoping import unscoped


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
        for u in User.objects.filter(pk__in=ids, is_active=True, role__in=roles_with(Can.WRITE_COMPANY_DATA))
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
    override_reason: str = "",
) -> Activity:
    """Record support work of the user's organisation with one or more companies. `override_reason` is a
    programme manager's recorded decision for checks that allow one (spets.companies.extensions)."""
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
    planned = extensions.PlannedActivity(
        user=user,
        organisation_id=user.organisation_id,
        type=type,
        date=date,
        company_ids=tuple(c.pk for c in companies),
        advisor_hours=tuple((a.pk, h) for a, h in hours),
        offer_id=offer.pk if offer else None,
        override_reason=override_reason,
    )
    extensions.check_activity(planned)  # higher layers' rules (de minimis ceiling, approved months)
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
        extensions.record_activity(activity, planned)
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
