"""Attendance: who came and for how many hours; attendance counts as support in the register.

Marking attendance writes one support activity per company and event through the register's own
service (`companies.services.activities.log_activity`), so the register's checks run as for any activity
(the de minimis ceiling, no hours in an approved month) and the programme's indicators count the
company once, however many of its people came. The activity's type follows the kind of event
(`models.ACTIVITY_TYPE`); its hours are the company's time at the event (the longest attendance among its
participants: two colleagues at one workshop are one company supported for the workshop's hours),
recorded on the advisor who marks attendance. Attendance in the register is final here: a correction is
made on the activity in the register.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies.models import Activity, Company, Visibility
from spets.companies.services.activities import log_activity
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.scoping import unscoped
from spets.events import permissions as perm
from spets.events.models import ACTIVITY_TYPE, Event, Registration, Status


def _hours(value: Any, event: Event, name: str) -> Decimal:
    try:
        hours = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise InvalidData(
            {"hours": _("%(name)s: %(value)r is not a number of hours") % {"name": name, "value": value}}
        ) from None
    if not Decimal(0) < hours <= event.hours:
        raise InvalidData(
            {
                "hours": _("%(name)s: give hours above 0 and at most the event's %(max)s hours")
                % {"name": name, "max": event.hours}
            }
        )
    return hours.quantize(Decimal("0.01"))


def record_attendance(user, event_id: int, marks: dict[int, Any]) -> list[Activity]:
    """Mark attendance: `marks` maps registration ids to the hours attended, or None for absent. Writes
    the register's activities for companies attending for the first time; all or nothing."""
    event = Event.objects.for_user(user).filter(pk=event_id).distinct().get()
    perm.require(perm.can_manage_event(user, event), _("only the organiser marks attendance"))
    perm.require(user.organisation_id is not None, _("attendance is recorded by an organisation's advisor"))
    if event.starts_at > timezone.now():
        raise InvalidData({"attendance": _("Attendance is marked once the event has started.")})
    with unscoped():
        registrations = {
            r.pk: r
            for r in Registration.objects.filter(event=event, status=Status.REGISTERED).select_related(
                "contact"
            )
        }
    checked: dict[int, Decimal | None] = {}
    for registration_id, value in marks.items():
        registration = registrations.get(registration_id)
        if registration is None:
            raise InvalidData(
                {
                    "attendance": _("registration %(id)s is not a place at this event")
                    % {"id": registration_id}
                }
            )
        hours = None if value in (None, "") else _hours(value, event, registration.contact.name)
        if registration.activity_id and hours != registration.hours:
            raise InvalidData(
                {
                    "attendance": _(
                        "%(name)s: the attendance is already in the register; correct it on the activity"
                    )
                    % {"name": registration.contact.name}
                }
            )
        checked[registration_id] = hours
    with transaction.atomic():
        with unscoped():
            for registration_id, hours in checked.items():
                registration = registrations[registration_id]
                if registration.activity_id:
                    continue
                registration.attended = hours is not None
                registration.hours = hours
                registration.save(update_fields=["attended", "hours", "updated_at"])
            in_register = set(
                Registration.objects.filter(event=event, activity__isnull=False).values_list(
                    "company_id", flat=True
                )
            )
        attending: dict[int, list[Registration]] = defaultdict(list)
        for registration in registrations.values():
            if registration.attended and registration.company_id not in in_register:
                attending[registration.company_id].append(registration)
        activities = [
            _write_activity(user, event, company_id, rows) for company_id, rows in sorted(attending.items())
        ]
        log_action(
            user,
            "update",
            event,
            changes={
                "attended": sum(1 for h in checked.values() if h is not None),
                "absent": sum(1 for h in checked.values() if h is None),
                "activities": len(activities),
            },
        )
    return activities


def _write_activity(user, event: Event, company_id: int, rows: list[Registration]) -> Activity:
    try:
        activity = log_activity(
            user,
            type=ACTIVITY_TYPE[event.kind],
            title=event.title,
            date=timezone.localdate(event.starts_at),
            company_ids=[company_id],
            advisor_hours=[(user.pk, max(r.hours for r in rows))],
            contact_ids=[r.contact_id for r in rows],
            visibility=Visibility.PROGRAMME,
        )
    except InvalidData as exc:
        with unscoped():
            name = Company.objects.get(pk=company_id).name
        raise InvalidData({"attendance": f"{name}: {exc}"}) from None
    with unscoped():
        Registration.objects.filter(pk__in=[r.pk for r in rows]).update(activity=activity)
    return activity
