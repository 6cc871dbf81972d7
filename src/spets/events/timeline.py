"""The company's timeline: its people's places at events (companies.extensions.timeline_entries)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from spets.companies.extensions import TimelineEntry
from spets.core.templatetags.spets import num
from spets.events.models import Registration, Status


def _state(r: Registration) -> str:
    if r.attended:
        return _("%(name)s attended, %(hours)s h") % {"name": r.contact.name, "hours": num(r.hours, 1)}
    if r.attended is False:
        return _("%(name)s did not come") % {"name": r.contact.name}
    if r.status == Status.WAITING:
        return _("%(name)s is on the waiting list") % {"name": r.contact.name}
    return _("%(name)s is registered") % {"name": r.contact.name}


def company_entries(user, company_id: int) -> list[TimelineEntry]:
    """One entry per event the company's people registered for (cancelled places left out), in one query."""
    rows = (
        Registration.objects.for_user(user)
        .filter(company_id=company_id)
        .exclude(status=Status.CANCELLED)
        .select_related("event__organisation", "contact")
        .order_by("-event__starts_at", "event_id", "pk")
    )
    by_event: dict[int, list[Registration]] = {}
    for r in rows:
        by_event.setdefault(r.event_id, []).append(r)
    return [
        TimelineEntry(
            date=group[0].event.starts_at,
            kind="event",
            title=f"{group[0].event.get_kind_display()}: {group[0].event.title}",
            url=reverse("events:detail", args=[group[0].event_id]),
            organisation=group[0].event.organisation.name,
            detail="; ".join(_state(r) for r in group),
        )
        for group in by_event.values()
    ]
