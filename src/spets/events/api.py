"""Events API at /api/events/: events, registrations, cancellation, attendance.

Same rules as the pages: events and registrations come from `for_user`; writes go through the services,
which raise Forbidden (403), InvalidData (422), Conflict (409: already registered, the event is full —
ask again with `waiting_list: true`); rows out of sight answer 404.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.responses import Status

from spets.core.policy import own_company_id
from spets.events import permissions as perm
from spets.events.models import Registration
from spets.events.services import attendance, registrations
from spets.events.services import events as event_services

router = Router(tags=["events"])


class EventOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    capacity: int
    taken: int = Field(..., description="Places taken (registered participants)")
    waiting: int = Field(..., description="People on the waiting list")
    organisation_id: int
    cohort_id: int | None
    synthetic: bool


class RegistrationOut(Schema):
    id: int
    event_id: int
    company_id: int
    contact_id: int
    status: str
    channel: str
    queued_at: datetime.datetime
    attended: bool | None
    hours: Decimal | None
    activity_id: int | None = Field(None, description="The register's support activity attendance wrote")


class RegistrationIn(Schema):
    contact_id: int
    waiting_list: bool = Field(False, description="On a full event: join the waiting list instead of a 409")


class Mark(Schema):
    registration_id: int
    hours: Decimal | None = Field(..., description="Hours attended; null: did not come")


class AttendanceIn(Schema):
    marks: list[Mark]


class AttendanceOut(Schema):
    activity_ids: list[int]


@router.get("/", response=list[EventOut])
def list_events(
    request, starts_from: datetime.date | None = None, starts_before: datetime.date | None = None
):
    """The events the user may see, earliest first (optionally those starting in a date range)."""
    perm.require(
        perm.can_see_events(request.user), "the events are for programme staff and participating companies"
    )
    events = event_services.visible_events(request.user)
    if starts_from:
        events = events.filter(starts_at__date__gte=starts_from)
    if starts_before:
        events = events.filter(starts_at__date__lt=starts_before)
    return list(events.order_by("starts_at", "pk")[:500])


@router.get("/{event_id}", response=EventOut)
def get_event(request, event_id: int):
    perm.require(
        perm.can_see_events(request.user), "the events are for programme staff and participating companies"
    )
    return event_services.get_event(request.user, event_id)


@router.get("/{event_id}/registrations", response=list[RegistrationOut])
def list_registrations(request, event_id: int):
    """Everyone who asked for a place (registered, waiting, cancelled), in the order they asked."""
    user = request.user
    # Staff who see contacts get everyone; a company user their own company's rows (the scope decides).
    perm.require(
        perm.can_see_participants(user) or own_company_id(user) is not None,
        "the participant list is for staff who see contacts",
    )
    event = event_services.get_event(user, event_id)
    return list(Registration.objects.for_user(user).filter(event=event).order_by("queued_at", "pk"))


@router.post("/{event_id}/registrations", response={201: RegistrationOut})
def register(request, event_id: int, payload: RegistrationIn):
    return Status(
        201,
        registrations.register(request.user, event_id, payload.contact_id, waiting_list=payload.waiting_list),
    )


@router.post("/{event_id}/registrations/{registration_id}/cancel", response=RegistrationOut)
def cancel(request, event_id: int, registration_id: int):
    """Cancel a registration; the first on the waiting list gets the place (and an e-mail)."""
    Registration.objects.for_user(request.user).get(pk=registration_id, event_id=event_id)
    registrations.cancel(request.user, registration_id)
    return Registration.objects.for_user(request.user).get(pk=registration_id)


@router.post("/{event_id}/attendance", response=AttendanceOut)
def mark_attendance(request, event_id: int, payload: AttendanceIn):
    """Mark attendance; writes the register's support activities (one per company)."""
    written = attendance.record_attendance(
        request.user, event_id, {m.registration_id: m.hours for m in payload.marks}
    )
    return {"activity_ids": [a.pk for a in written]}
