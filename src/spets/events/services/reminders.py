"""Reminder e-mails before an event: each registered participant once, the day before (by default).
`send_reminders` is what a scheduler calls (and `spets events remind`); it is idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from spets.core.scoping import unscoped
from spets.events.models import Registration, Status
from spets.events.services import mail

HOURS_AHEAD = 24


def send_reminders(
    now: datetime.datetime | None = None, hours_ahead: int = HOURS_AHEAD, base_url: str | None = None
) -> int:
    """Remind everyone registered (not waiting, not cancelled, not yet reminded, with an e-mail address)
    for events starting within `hours_ahead` hours from `now`. Returns the number of e-mails sent."""
    now = now or timezone.now()
    sent = 0
    with unscoped():
        due = (
            Registration.objects.filter(
                status=Status.REGISTERED,
                reminded_at__isnull=True,
                event__starts_at__gt=now,
                event__starts_at__lte=now + datetime.timedelta(hours=hours_ahead),
                contact__anonymised=False,
            )
            .exclude(contact__email="")
            .select_related("event__organisation", "contact__company")
            .order_by("event__starts_at", "pk")
        )
        for registration in due:
            sent += mail.send_reminder(registration.event, registration.contact, base_url)
            # Marked one by one, so a failing mail server leaves the rest for the next run.
            Registration.objects.filter(pk=registration.pk).update(reminded_at=now)
    return sent
