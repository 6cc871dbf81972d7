"""An event as an .ics file (the pure writer is `ics.py`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from spets.events.ics import CalendarEvent, calendar


def ics_filename(event) -> str:
    return f"{slugify(event.title) or 'event'}-{event.pk}.ics"


def calendar_file(event, base_url: str | None = None) -> bytes:
    site = (settings.BASE_URL if base_url is None else base_url).rstrip("/")
    description = "\n\n".join(
        part
        for part in (event.description, f"{event.organisation.name} · {event.get_kind_display()}")
        if part
    )
    return calendar(
        CalendarEvent(
            uid=f"event-{event.pk}@spets",
            summary=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            stamp=timezone.now(),
            location=event.place,
            description=description,
            url=f"{site}{reverse('events:detail', args=[event.pk])}" if site else "",
        )
    )
