"""A company's timeline: what happened with it, newest first, in pages — the activities and referrals the
user may see, and the entries other apps add (assessments, events: `extensions.timeline_entries`).

Paging is by position in the merged list: a page from `offset` reads at most `offset + limit` rows of
each source (each newest first), merges them and cuts the page out, so "show older" works however the
sources interleave. Activities cost three queries (rows, advisors' hours, focus areas), referrals one, and
each registered app its own fixed few, whatever the length of the history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies import extensions
from spets.companies import permissions as perm
from spets.companies.extensions import TimelineEntry
from spets.companies.models import Activity, ActivityAdvisor, Referral, Visibility
from spets.core.models import FocusArea
from spets.core.numbers import number
from spets.core.scoping import unscoped

TIMELINE_PAGE = 20  # entries shown on the company page before "show more"


@dataclass
class TimelineItem:
    """One line of the timeline: an activity (`activity`) or another kind of entry (`entry`)."""

    day: datetime.date
    moment: tuple  # sorts entries of one day: newest first
    kind: str  # "activity", "referral", or what an app's entry says ("assessment", "event", …)
    activity: Activity | None = None
    entry: TimelineEntry | None = None


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def timeline(user, company_id: int, *, offset: int = 0, limit: int | None = None) -> list[Activity]:
    """The activities with the company that the user may see, newest first, across organisations (the API's
    list). Three queries whatever their number: the activities (organisation and offer joined), their
    advisors' hours and their focus areas. `offset`/`limit` page through a long history."""
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


def referral_entries(user, company_id: int, limit: int | None = None) -> list[TimelineEntry]:
    """The company's referrals the user may see (the two organisations involved and programme managers),
    newest first, as timeline entries dated when they were sent."""
    if not perm.can_see_referrals(user):
        return []
    qs = (
        Referral.objects.for_user(user)
        .filter(company_id=company_id)
        .select_related("from_organisation", "to_organisation")
        .order_by("-created_at", "-id")
    )
    inbox = reverse("companies:referrals")
    return [
        TimelineEntry(
            date=r.created_at,
            kind="referral",
            title=_("Referred from %(sender)s to %(receiver)s")
            % {"sender": r.from_organisation.name, "receiver": r.to_organisation.name},
            url=inbox,
            organisation=r.from_organisation.name,
            detail=_("Status: %(status)s") % {"status": r.get_status_display().lower()},
        )
        for r in (qs if limit is None else qs[:limit])
    ]


def private_entries(user, company_id: int, limit: int | None = None) -> list[TimelineEntry]:
    """Other organisations' private activities with the company, as the register's readers may see them:
    that each exists, its date, organisation and hours (reporting counts them) — never its title, notes
    or outcome, which stay inside the owning organisation."""
    if not perm.can_use_register(user):
        return []
    readable = Activity.objects.for_user(user).filter(companies__id=company_id).values("pk")
    with unscoped():
        qs = (
            Activity.objects.filter(companies__id=company_id, visibility=Visibility.ORGANISATION)
            .exclude(pk__in=readable)
            .annotate(total_hours=Sum("advisors__hours"))
            .values("date", "organisation__name", "total_hours")
            .order_by("-date", "-id")
        )
        rows = list(qs if limit is None else qs[:limit])
    return [
        TimelineEntry(
            date=r["date"],
            kind="private",
            title=_("Private activity"),
            organisation=r["organisation__name"],
            detail=_("%(hours)s h; only %(organisation)s reads what was done")
            % {"hours": number(r["total_hours"] or 0, 1), "organisation": r["organisation__name"]},
        )
        for r in rows
    ]


def _entry_item(entry: TimelineEntry) -> TimelineItem:
    moment: Any = entry.date
    stamp = moment.timestamp() if isinstance(moment, datetime.datetime) else 0.0
    return TimelineItem(day=_day(moment), moment=(stamp, 0), kind=entry.kind, entry=entry)


def company_timeline(
    user, company_id: int, *, offset: int = 0, limit: int | None = None, with_referrals: bool = True
) -> list[TimelineItem]:
    """The company's timeline as the user may see it, newest first; `offset`/`limit` page through a long
    history. `with_referrals=False` skips the referrals query when the caller knows there are none."""
    wanted = None if limit is None else offset + limit
    items = [
        TimelineItem(day=a.date, moment=(0.0, a.pk), kind="activity", activity=a)
        for a in timeline(user, company_id, limit=wanted)
    ]
    others = referral_entries(user, company_id, wanted) if with_referrals else []
    others += private_entries(user, company_id, wanted)
    others += extensions.timeline_entries_for(user, company_id)
    items += [_entry_item(e) for e in others]
    items.sort(key=lambda item: (item.day, item.moment), reverse=True)
    return items[offset:] if wanted is None else items[offset:wanted]


def timeline_page(
    user, company_id: int, offset: int = 0, size: int = TIMELINE_PAGE, *, with_referrals: bool = True
) -> tuple[list[TimelineItem], bool]:
    """One page of the timeline and whether older entries follow (read as one extra entry)."""
    rows = company_timeline(user, company_id, offset=offset, limit=size + 1, with_referrals=with_referrals)
    return rows[:size], len(rows) > size
