"""A company's timeline: the activities with it that the user may see, newest first, in pages."""

from __future__ import annotations

from django.db.models import Prefetch

from spets.companies.models import Activity, ActivityAdvisor
from spets.core.models import FocusArea

TIMELINE_PAGE = 20  # activities shown on the company page before "show more"


def timeline(user, company_id: int, *, offset: int = 0, limit: int | None = None) -> list[Activity]:
    """The activities with the company that the user may see, newest first, across organisations.

    Three queries whatever the number of activities: the activities (organisation and offer joined), their
    advisors' hours and their focus areas. `offset`/`limit` page through a long history.
    """
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


def timeline_page(
    user, company_id: int, offset: int = 0, size: int = TIMELINE_PAGE
) -> tuple[list[Activity], bool]:
    """One page of the timeline and whether older activities follow (read as one extra row)."""
    rows = timeline(user, company_id, offset=offset, limit=size + 1)
    return rows[:size], len(rows) > size
