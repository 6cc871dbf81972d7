"""Register a company's contact for an event, cancel, and the waiting list.

Places are counted under a lock on the event row (`select_for_update`; SQLite's IMMEDIATE transactions
serialise writers), so two people asking for the last place at once cannot both get it. A registration
is one row per person and event: registering again after cancelling reopens it at the end of the queue.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from spets.companies.models import Contact
from spets.core.audit import log_action
from spets.core.errors import Conflict, InvalidData
from spets.core.scoping import unscoped
from spets.events import permissions as perm
from spets.events.models import Channel, Event, Registration, Status
from spets.events.services import links, mail


class AlreadyRegistered(Conflict):
    """The person already has a place (or is on the waiting list) for this event."""


class EventFull(Conflict):
    """No place is free; the caller may offer the waiting list."""

    def __init__(self, event: Event):
        self.event = event
        super().__init__(
            _(
                "The event is full (%(capacity)s places). You can join the waiting list: you get a place "
                "automatically if someone cancels."
            )
            % {"capacity": event.capacity}
        )


def taken(event: Event) -> int:
    with unscoped():
        return Registration.objects.filter(event=event, status=Status.REGISTERED).count()


def counts(event: Event) -> tuple[int, int]:
    """(places taken, people waiting)."""
    with unscoped():
        rows = Registration.objects.filter(event=event).values_list("status", flat=True)
        statuses = list(rows)
    return statuses.count(Status.REGISTERED), statuses.count(Status.WAITING)


def _place(event_id: int, contact: Contact, *, channel: str, user, waiting_list: bool) -> Registration:
    now = timezone.now()
    with transaction.atomic(), unscoped():
        event = Event.objects.select_for_update().get(pk=event_id)
        if event.starts_at <= now:
            raise InvalidData(
                {
                    "event": _("Registration has closed: the event started %(when)s.")
                    % {"when": formats.date_format(timezone.localtime(event.starts_at), "j F Y H:i")}
                }
            )
        registration = Registration.objects.filter(event=event, contact=contact).first()
        if registration is not None and registration.status != Status.CANCELLED:
            message = (
                _("%(name)s is already registered for this event.")
                if registration.status == Status.REGISTERED
                else _("%(name)s is already on the waiting list for this event.")
            )
            raise AlreadyRegistered(message % {"name": contact.name})
        full = taken(event) >= event.capacity
        if full and not waiting_list:
            raise EventFull(event)
        registration = registration or Registration(
            event=event, contact=contact, company_id=contact.company_id
        )
        registration.status = Status.WAITING if full else Status.REGISTERED
        registration.channel = channel
        registration.registered_by = user if channel == Channel.ADVISOR else None
        registration.queued_at = now
        registration.attended = None
        registration.hours = None
        registration.save()
        log_action(
            user,
            "create",
            registration,
            company_id=contact.company_id,
            changes={"event": event.title, "status": registration.status, "channel": channel},
        )
    return registration


def register(user, event_id: int, contact_id: int, *, waiting_list: bool = False) -> Registration:
    """An advisor registers a company's contact (the company is the contact's). On a full event this
    raises EventFull unless `waiting_list` asks for a place on the waiting list."""
    perm.require(perm.can_register(user), _("only advisors and programme managers register participants"))
    Event.objects.for_user(user).filter(pk=event_id).distinct().get()  # 404 for an event out of sight
    contact = Contact.objects.for_user(user).filter(pk=contact_id, anonymised=False).first()
    if contact is None:
        raise InvalidData({"contact": _("unknown contact")})
    return _place(event_id, contact, channel=Channel.ADVISOR, user=user, waiting_list=waiting_list)


def register_by_link(token: str, *, waiting_list: bool = False) -> Registration:
    """The contact named by a signed link registers themself (links.LinkNotFound: a 404)."""
    event, contact = links.resolve(token)
    return _place(event.pk, contact, channel=Channel.LINK, user=None, waiting_list=waiting_list)


def registration_for_link(token: str) -> Registration | None:
    """The link's contact's current registration (registered or waiting), if any."""
    event, contact = links.resolve(token)
    with unscoped():
        return (
            Registration.objects.filter(event=event, contact=contact).exclude(status=Status.CANCELLED).first()
        )


def promote_waiting(event: Event, *, user=None) -> list[Registration]:
    """Give free places to the waiting list in the order places were asked for. Call inside the
    transaction holding the event's lock; e-mail the promoted with `notify_promoted` after it commits."""
    promoted = []
    with unscoped():
        free = event.capacity - taken(event)
        queue = Registration.objects.filter(event=event, status=Status.WAITING).order_by("queued_at", "pk")
        for registration in list(queue[: max(free, 0)]):
            registration.status = Status.REGISTERED
            registration.save(update_fields=["status", "updated_at"])
            log_action(
                user,
                "update",
                registration,
                company_id=registration.company_id,
                changes={"event": event.title, "status": Status.REGISTERED, "from": Status.WAITING},
            )
            promoted.append(registration)
    return promoted


def notify_promoted(promoted: list[Registration], base_url: str | None = None) -> int:
    sent = 0
    with unscoped():
        for registration in promoted:
            event = Event.objects.select_related("organisation").get(pk=registration.event_id)
            contact = Contact.objects.select_related("company").get(pk=registration.contact_id)
            sent += mail.send_place_offered(event, contact, base_url)
    return sent


def _cancel(registration_id: int, user) -> tuple[Registration, list[Registration]]:
    with transaction.atomic(), unscoped():
        registration = Registration.objects.get(pk=registration_id)
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        if registration.status == Status.CANCELLED:
            return registration, []
        if registration.attended:
            raise Conflict(
                _("The participant's attendance is recorded: the registration can no longer be cancelled.")
            )
        was = registration.status
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        log_action(
            user,
            "update",
            registration,
            company_id=registration.company_id,
            changes={"event": event.title, "status": Status.CANCELLED, "from": was},
        )
        promoted = promote_waiting(event, user=user) if was == Status.REGISTERED else []
    return registration, promoted


def cancel(user, registration_id: int, base_url: str | None = None) -> list[Registration]:
    """An advisor cancels a registration; the first on the waiting list gets the place (and an e-mail).
    Returns the promoted registrations."""
    perm.require(perm.can_register(user), _("only advisors and programme managers cancel registrations"))
    Registration.objects.for_user(user).get(pk=registration_id)  # 404 for rows out of sight
    _registration, promoted = _cancel(registration_id, user)
    notify_promoted(promoted, base_url)
    return promoted


def cancel_by_link(token: str, base_url: str | None = None) -> list[Registration]:
    """The contact cancels through their link (nothing to cancel: nothing happens)."""
    registration = registration_for_link(token)
    if registration is None:
        return []
    _registration, promoted = _cancel(registration.pk, None)
    notify_promoted(promoted, base_url)
    return promoted
