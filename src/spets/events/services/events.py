"""Create and change events; read them as a user may."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.core.audit import log_action
from spets.core.errors import Conflict, InvalidData
from spets.core.scoping import unscoped
from spets.events import permissions as perm
from spets.events.models import Event, EventKind, Registration, Status
from spets.events.services.registrations import notify_promoted, promote_waiting
from spets.matching.models import Cohort

MAX_CAPACITY = 1000
FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "place", "capacity", "cohort_id")


def visible_events(user) -> QuerySet[Event]:
    """The events the user may see, with their counts of places taken and waiting."""
    return (
        Event.objects.for_user(user)
        .distinct()
        .select_related("organisation")
        .annotate(taken=_count(Status.REGISTERED), waiting=_count(Status.WAITING))
    )


def _count(status: str) -> Coalesce:
    """Registrations of the event with this status, all of them: a company user's scope joins the
    registrations of their own company, which a plain Count would be limited to."""
    with unscoped():
        rows = (
            Registration.objects.filter(event=OuterRef("pk"), status=status)
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
    return Coalesce(Subquery(rows), 0)


def get_event(user, event_id: int) -> Event:
    """The event if the user may see it (else Event.DoesNotExist: a 404)."""
    return visible_events(user).get(pk=event_id)


def _check(values: dict[str, Any]) -> None:
    errors = {}
    if values["kind"] not in EventKind.values:
        errors["kind"] = _("%(kind)r is not a kind of event") % {"kind": values["kind"]}
    if not str(values["title"]).strip():
        errors["title"] = _("give the event a title")
    if not str(values["place"]).strip():
        errors["place"] = _("say where the event takes place")
    starts, ends = values["starts_at"], values["ends_at"]
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("the event ends before it starts")
    capacity = values["capacity"]
    if capacity is None or not 1 <= int(capacity) <= MAX_CAPACITY:
        errors["capacity"] = _("give the number of places, 1–%(max)s") % {"max": MAX_CAPACITY}
    if values["kind"] != EventKind.COHORT_MEETING and values.get("cohort_id"):
        errors["cohort_id"] = _("only a cohort meeting belongs to a cohort")
    elif values.get("cohort_id"):
        with unscoped():
            if not Cohort.objects.filter(pk=values["cohort_id"]).exists():
                errors["cohort_id"] = _("unknown cohort")
    if errors:
        raise InvalidData(errors)


def create_event(
    user,
    *,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    capacity: int,
    description: str = "",
    cohort_id: int | None = None,
) -> Event:
    """A new event organised by the user's organisation."""
    perm.require(perm.can_create_event(user), _("only advisors and programme managers organise events"))
    values = dict(
        kind=kind,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        capacity=capacity,
        cohort_id=cohort_id,
    )
    _check(values)
    with transaction.atomic():
        event = Event(
            organisation_id=user.organisation_id,
            created_by=user,
            **{**values, "title": title.strip(), "place": place.strip()},
        )
        event.save()
        log_action(user, "create", event, changes=_audit_values(values))
    return event


def update_event(
    user, event_id: int, expected_version: int, base_url: str | None = None, **changes: Any
) -> Event:
    """Change an event if nobody saved it since `expected_version`; more places move the waiting list up
    (and e-mail those who got a place)."""
    with transaction.atomic(), unscoped():
        event = Event.objects.select_for_update().get(pk=event_id)
        perm.require(perm.can_manage_event(user, event), _("only the organiser changes the event"))
        if event.version != expected_version:
            raise Conflict(
                _("Someone else saved this event meanwhile (version %(v)s). Reload the page and try again.")
                % {"v": event.version}
            )
        values = {name: changes.get(name, getattr(event, name)) for name in FIELDS}
        _check(values)
        registered = Registration.objects.filter(event=event, status=Status.REGISTERED).count()
        if values["capacity"] < registered:
            raise InvalidData(
                {"capacity": _("%(n)s people are registered: give at least %(n)s places") % {"n": registered}}
            )
        changed = {k: v for k, v in values.items() if getattr(event, k) != v}
        for name, value in values.items():
            setattr(event, name, value)
        event.version += 1
        event.save()
        if changed:
            log_action(user, "update", event, changes=_audit_values(changed))
        promoted = promote_waiting(event, user=user)
    notify_promoted(promoted, base_url)
    return event


def _audit_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (timezone.localtime(v).isoformat(timespec="minutes") if isinstance(v, datetime.datetime) else v)
        for k, v in values.items()
    }
