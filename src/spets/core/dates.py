"""Date helpers shared by the apps."""

from __future__ import annotations

import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), moved back to the month's last day when it has none."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for dom in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, dom)
        except ValueError:
            continue
    raise AssertionError("unreachable")
