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


def check_activity(planned: PlannedActivity) -> None:
    for check in activity_checks:
        check(planned)


def record_activity(activity, planned: PlannedActivity) -> None:
    for hook in activity_recorded:
        hook(activity, planned)


def panels_for(user, company_id: int) -> list[dict]:
    return [panel for make in company_panels if (panel := make(user, company_id)) is not None]


def retention_hold(company_id: int, today: datetime.date) -> str | None:
    """Why the company's records may not be erased today (the reasons joined), or None."""
    reasons = [reason for hold in retention_holds if (reason := hold(company_id, today))]
    return "; ".join(reasons) or None


def prepare_merge(survivor_id: int, other_id: int) -> None:
    for hook in before_merge:
        hook(survivor_id, other_id)
