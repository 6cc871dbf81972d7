"""Extension points: apps in higher layers (programme, matching) take part in the register's work without
the register importing them, which the dependency order forbids. An app registers its functions in its
AppConfig.ready(); the register calls them at the named moments.

- `activity_checks`: before an activity is written; a check raises `core.errors.InvalidData` to refuse it
  (e.g. the de minimis ceiling, hours on an approved month).
- `activity_recorded`: after the activity and its hours are written, inside the same transaction (e.g.
  the aid it grants); an exception rolls the whole activity back.
- `company_panels`: extra panels on the company page; each returns None or {"template": ..., **context}.
- `before_merge`: called with (survivor id, other id) inside the merge's transaction before the other
  record's rows move, so an app can settle rows that cannot simply move (one figure per company and year).
- `retention_holds`: records a company must keep (say, de minimis aid: 10 years); each takes
  (company_id, today) and returns None or the reason, which erasure of the company's records must respect.
- `timeline_entries`: more entries on the company's timeline (assessments, events), beside the register's
  own activities and referrals. Each takes (user, company_id) and returns a list of `TimelineEntry` (or
  dicts with the same keys): `date` (a date or datetime: when it happened), `kind` (a short code such as
  "assessment" or "event", also the entry's CSS class), `title` (already in the active language),
  `url` (a link to it, or ""), `organisation` (the responsible organisation's name, or ""); optionally
  `detail` (one more line of text). It returns only what the user may see (scoped queries), newest first
  or in any order, and costs a fixed number of queries whatever the company's history.
- `history_groups`: gather an app's many change-history entries about one thing (the ~60 answer saves of
  one self-assessment) into one line of the company's change history. Each takes (user, entries: the
  AuditEntry rows about to be shown) and returns {entry id: `HistoryGroup`} for the entries it groups;
  entries with the same `key` become one line with the group's title, link and summary. A fixed number
  of queries (scoped to the user) whatever the number of entries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class PlannedActivity:
    """An activity about to be written, as its checks see it (everything already validated)."""

    user: Any
    organisation_id: int
    type: str
    date: datetime.date
    company_ids: tuple[int, ...]
    advisor_hours: tuple[tuple[int, Decimal], ...]
    offer_id: int | None
    override_reason: str = ""  # a programme manager's recorded decision, when a check allows one


activity_checks: list[Callable[[PlannedActivity], None]] = []
activity_recorded: list[Callable[[Any, PlannedActivity], None]] = []
company_panels: list[Callable[[Any, int], dict | None]] = []
retention_holds: list[Callable[[int, datetime.date], str | None]] = []
before_merge: list[Callable[[int, int], None]] = []
timeline_entries: list[Callable[[Any, int], list]] = []
history_groups: list[Callable[[Any, list], dict]] = []


@dataclass(frozen=True)
class TimelineEntry:
    """One entry on a company's timeline from another app (see `timeline_entries`)."""

    date: datetime.date | datetime.datetime
    kind: str
    title: str
    url: str = ""
    organisation: str = ""
    detail: str = ""


def check_activity(planned: PlannedActivity) -> None:
    for check in activity_checks:
        check(planned)


def record_activity(activity, planned: PlannedActivity) -> None:
    for hook in activity_recorded:
        hook(activity, planned)


def panels_for(user, company_id: int) -> list[dict]:
    return [panel for make in company_panels if (panel := make(user, company_id)) is not None]


@dataclass(frozen=True)
class HistoryGroup:
    """One line of the change history standing for several entries (see `history_groups`)."""

    key: str  # entries with the same key are one line, e.g. "assessment:12"
    title: str  # what they are about, in the active language ("Self-assessment T0 (dma-sme)")
    url: str = ""  # a link to it, or ""
    summary: str = ""  # what happened, in words ("42 answers saved · completed")
    anonymous: str = ""  # who acted when an entry has no user (e.g. "the company, through its link")


def history_groups_for(user, entries: list) -> dict[int, HistoryGroup]:
    groups: dict[int, HistoryGroup] = {}
    for make in history_groups:
        groups.update(make(user, entries) or {})
    return groups


def timeline_entries_for(user, company_id: int) -> list[TimelineEntry]:
    """Every registered app's entries for the company's timeline (dicts turned into `TimelineEntry`)."""
    entries = []
    for make in timeline_entries:
        for entry in make(user, company_id) or ():
            entries.append(entry if isinstance(entry, TimelineEntry) else TimelineEntry(**entry))
    return entries


def retention_hold(company_id: int, today: datetime.date) -> str | None:
    """Why the company's records may not be erased today (the reasons joined), or None."""
    reasons = [reason for hold in retention_holds if (reason := hold(company_id, today))]
    return "; ".join(reasons) or None


def prepare_merge(survivor_id: int, other_id: int) -> None:
    for hook in before_merge:
        hook(survivor_id, other_id)
