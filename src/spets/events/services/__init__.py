"""The events' work: events.py (create, change), registrations.py (register, cancel, waiting list),
links.py (signed registration links and invitations), attendance.py (attendance → the register's
activities), reminders.py (reminder e-mails), exports.py (participant list as XLSX).

`events_this_week` is here for the start page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from spets.events.models import Event


def events_this_week(user, today: datetime.date) -> list[Event]:
    """The events `user` may see that start in the seven days from `today` (today included, local time),
    earliest first: for programme staff every organisation's events, for a company user the events their
    company is registered for. The organiser is fetched along (`event.organisation`)."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = start + datetime.timedelta(days=7)
    events = Event.objects.for_user(user).filter(starts_at__gte=start, starts_at__lt=end)
    # distinct: a company user's scope joins the registrations (two colleagues, one event).
    return list(events.select_related("organisation").distinct().order_by("starts_at", "pk"))
