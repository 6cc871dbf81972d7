"""Build eur_sek_rates.csv from the ECB's daily reference-rate history (run by hand, no network).

    python src/spets/programme/data/build_eur_sek_rates.py eurofxref-hist.csv > eur_sek_rates.csv

`eurofxref-hist.csv` is the European Central Bank's file of euro foreign exchange reference rates
(columns Date, USD, JPY, …, SEK, …; one row per ECB publication day). The rate for month M is the SEK
rate of the penultimate publication day of month M-1: the day on which, as we understand the Commission's
practice, its monthly accounting rate (InforEuro) for month M is set. Months after the last complete
month in the history are left out; a provisional row is added by hand (see the file's header).
"""

from __future__ import annotations

import csv
import datetime
import sys
from collections import defaultdict
from decimal import Decimal

FIRST, LAST = "2020-01", "2026-12"


def next_month(month: str) -> str:
    year, m = int(month[:4]), int(month[5:])
    return f"{year + m // 12}-{m % 12 + 1:02d}"


def _weekdays_after(day: str) -> bool:
    """True when a weekday follows `day` in its month (the ECB may still publish that month)."""
    date = datetime.date.fromisoformat(day)
    later = (date + datetime.timedelta(days=n) for n in range(1, 7))
    return any(d.month == date.month and d.weekday() < 5 for d in later)


def build(path: str) -> list[tuple[str, Decimal, str]]:
    days: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("SEK") not in (None, "", "N/A"):
                days[row["Date"][:7]].append((row["Date"], row["SEK"]))
    last_day = max(d for month in days.values() for d, _ in month)
    rows = []
    for month, published in sorted(days.items()):
        published.sort()
        target = next_month(month)
        # Only a month whose publication days are all in the file has a known penultimate day.
        complete = last_day[:7] > month or not _weekdays_after(last_day)
        if FIRST <= target <= LAST and complete and len(published) >= 2:
            day, rate = published[-2]
            rows.append((target, Decimal(rate).quantize(Decimal("0.0001")), day))
    return rows


if __name__ == "__main__":
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["month", "eur_sek", "ecb_date", "note"])
    for month, rate, day in build(sys.argv[1]):
        writer.writerow([month, f"{rate}", day, ""])
