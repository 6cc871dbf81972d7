"""De minimis rules (pure: no Django): ceilings and windows, headroom, currency conversion, the value of
support, and the single undertaking as a walk over parent-company links.

Two regulations, each grant judged under the rule in force on its grant date:

- Commission Regulation (EU) 2023/2831, aid granted from 1 January 2024: at most EUR 300,000 to a single
  undertaking "over any period of three years" (Art. 3(2)). The window of a grant on day d is the three
  years ending on d: [d − 3 years + 1 day, d].
- Commission Regulation (EU) No 1407/2013, aid granted until 31 December 2023: at most EUR 200,000 "over
  any period of three fiscal years" (Art. 3(2)): the current fiscal year and the two before it, up to d.
  Fiscal years are calendar years unless a different start month is given (the register holds none).

All de minimis aid in a grant's window counts, whatever rule it was granted under (declared aid from other
grantors too). A new grant must keep its own window within its ceiling, and also the windows of later
grants that already reach back over its date (a back-dated activity): `headroom` takes the tightest.

Amounts are Decimal; EUR and SEK values are rounded to the cent/öre (half up).
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

REG_2023 = "2023/2831"
REG_2013 = "1407/2013"
NEW_RULE_FROM = datetime.date(2024, 1, 1)  # Regulation 2023/2831 applies to aid granted from this day
RETENTION_YEARS = 10  # records of individual aid: 10 years from the grant (2023/2831 Art. 6(4))

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    regulation: str
    ceiling_eur: Decimal
    rolling: bool  # True: any three years; False: current and two previous fiscal years
    title_sv: str
    title_en: str
    journal_sv: str
    journal_en: str


RULES: dict[str, Rule] = {
    REG_2023: Rule(
        REG_2023,
        Decimal(300_000),
        True,
        "Kommissionens förordning (EU) 2023/2831 av den 13 december 2023 om tillämpningen av artiklarna "
        "107 och 108 i fördraget om Europeiska unionens funktionssätt på stöd av mindre betydelse",
        "Commission Regulation (EU) 2023/2831 of 13 December 2023 on the application of Articles 107 and "
        "108 of the Treaty on the Functioning of the European Union to de minimis aid",
        "EUT L, 2023/2831, 15.12.2023",
        "OJ L, 2023/2831, 15.12.2023",
    ),
    REG_2013: Rule(
        REG_2013,
        Decimal(200_000),
        False,
        "Kommissionens förordning (EU) nr 1407/2013 av den 18 december 2013 om tillämpningen av artiklarna "
        "107 och 108 i fördraget om Europeiska unionens funktionssätt på stöd av mindre betydelse",
        "Commission Regulation (EU) No 1407/2013 of 18 December 2013 on the application of Articles 107 "
        "and 108 of the Treaty on the Functioning of the European Union to de minimis aid",
        "EUT L 352, 24.12.2013, s. 1",
        "OJ L 352, 24.12.2013, p. 1",
    ),
}


def rule_for(granted_on: datetime.date) -> Rule:
    """The rule in force on a grant date: 2023/2831 from 2024-01-01, 1407/2013 before."""
    return RULES[REG_2023 if granted_on >= NEW_RULE_FROM else REG_2013]


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def window(
    on: datetime.date, rule: Rule | None = None, fiscal_year_start_month: int = 1
) -> tuple[datetime.date, datetime.date]:
    """First and last day (inclusive) of the period whose aid counts for a grant on `on`.

    Rolling (2023/2831): [on − 3 years + 1 day, on]. Fiscal (1407/2013): from the start of the fiscal year
    two before the current one, to `on`."""
    rule = rule or rule_for(on)
    if rule.rolling:
        return years_before(on, 3) + datetime.timedelta(days=1), on
    start_year = on.year if on.month >= fiscal_year_start_month else on.year - 1
    return datetime.date(start_year - 2, fiscal_year_start_month, 1), on


@dataclass(frozen=True)
class Grant:
    """De minimis aid to one member of the single undertaking (ours or declared from another grantor)."""

    granted_on: datetime.date
    amount_eur: Decimal
    label: str = ""


def total_in(grants: Iterable[Grant], start: datetime.date, end: datetime.date) -> Decimal:
    return sum((g.amount_eur for g in grants if start <= g.granted_on <= end), Decimal(0))


@dataclass(frozen=True)
class Headroom:
    """What a new grant on `on` may still add. `binding_on` is the grant date whose window binds (`on`
    itself, or a later grant whose window reaches back over `on`)."""

    on: datetime.date
    rule: Rule
    window_start: datetime.date
    window_end: datetime.date
    used_eur: Decimal
    binding_on: datetime.date

    @property
    def ceiling_eur(self) -> Decimal:
        return self.rule.ceiling_eur

    @property
    def headroom_eur(self) -> Decimal:
        """Negative when the aid already exceeds the ceiling (a recorded decision, or declared aid)."""
        return self.rule.ceiling_eur - self.used_eur


def headroom(grants: Sequence[Grant], on: datetime.date) -> Headroom:
    """The headroom for a new grant on `on`: the smallest over its own window and the windows of later
    grants that include `on`.

    headroom(d) = ceiling(rule(d)) − Σ amount(g) for g with window_start(d) ≤ g.date ≤ d

    Sorted dates and running sums make each window's total two binary searches, so a back-dated grant
    in a long history costs O((n + k) log n) for n grants and k later grant dates.
    """
    ordered = sorted(grants, key=lambda g: g.granted_on)
    days = [g.granted_on for g in ordered]
    sums = [Decimal(0)]
    for g in ordered:
        sums.append(sums[-1] + g.amount_eur)
    later = sorted(set(days[bisect.bisect_right(days, on) :]))
    best: Headroom | None = None
    for day in [on, *later]:
        rule = rule_for(day)
        start, end = window(day, rule)
        if start > on:  # windows only move forward: no later one reaches back to `on`
            break
        used = sums[bisect.bisect_right(days, end)] - sums[bisect.bisect_left(days, start)]
        current = Headroom(on, rule, start, end, used, day)
        if best is None or current.headroom_eur < best.headroom_eur:
            best = current
    assert best is not None  # `on` itself is always a candidate
    return best


@dataclass(frozen=True)
class Assessment:
    headroom: Headroom
    amount_eur: Decimal

    @property
    def exceeds(self) -> bool:
        return self.amount_eur > self.headroom.headroom_eur


def assess(grants: Sequence[Grant], on: datetime.date, amount_eur: Decimal) -> Assessment:
    """Would new aid of `amount_eur` on `on` take the single undertaking over a ceiling?"""
    return Assessment(headroom(grants, on), amount_eur)


def retained_until(granted_on: datetime.date) -> datetime.date:
    """Last day a record of aid granted on `granted_on` must be kept (10 years from the grant)."""
    return years_before(granted_on, -RETENTION_YEARS)


# --- currency ------------------------------------------------------------------------------------------


class MissingRate(LookupError):
    """No EUR/SEK rate for the month of a grant."""

    def __init__(self, month: str):
        self.month = month
        super().__init__(f"no EUR/SEK rate for {month}")


def month_key(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def rate_for(rates: Mapping[str, Decimal], day: datetime.date) -> Decimal:
    """SEK per EUR for the month of `day` (rates keyed "YYYY-MM"); MissingRate names the month."""
    try:
        return rates[month_key(day)]
    except KeyError:
        raise MissingRate(month_key(day)) from None


def sek_to_eur(amount_sek: Decimal, sek_per_eur: Decimal) -> Decimal:
    """EUR = SEK / (SEK per EUR), rounded to the cent."""
    return (amount_sek / sek_per_eur).quantize(CENT, ROUND_HALF_UP)


def eur_to_sek(amount_eur: Decimal, sek_per_eur: Decimal) -> Decimal:
    return (amount_eur * sek_per_eur).quantize(CENT, ROUND_HALF_UP)


# --- the value of support ------------------------------------------------------------------------------

OFFER_RATE = "offer_rate"  # the company's share of the hours × the offer's market rate per hour
STATED_AMOUNT = "stated_amount"  # the offer's stated value per company (no typical hours given)
DEFAULT_RATE = "default_rate"  # the company's share of the hours × the programme's standard hourly rate


@dataclass(frozen=True)
class Value:
    method: str
    value_sek: Decimal
    hours: Decimal | None  # the company's share of the activity's hours
    hourly_rate_sek: Decimal | None


def company_hours(total_hours: Decimal, companies: int) -> Decimal:
    """An activity with several companies: its hours are split equally between them."""
    if companies < 1:
        raise ValueError("an activity has at least one company")
    return total_hours / companies


def support_value(
    total_hours: Decimal,
    companies: int,
    *,
    offer_value_sek: Decimal | None,
    offer_typical_hours: Decimal | None,
    default_rate_sek: Decimal,
) -> Value:
    """The value of one activity to each of its companies.

    - the offer has a value and typical hours: rate = value / typical hours; value = hours share × rate;
    - the offer has a value but no typical hours: the stated value per company;
    - otherwise (no offer, or an offer without a value): hours share × the programme's standard rate.
    """
    share = company_hours(total_hours, companies)
    if offer_value_sek is not None and offer_value_sek > 0:
        if offer_typical_hours:
            rate = offer_value_sek / offer_typical_hours
            return Value(OFFER_RATE, (share * rate).quantize(CENT, ROUND_HALF_UP), share, rate)
        return Value(STATED_AMOUNT, Decimal(offer_value_sek).quantize(CENT), None, None)
    return Value(
        DEFAULT_RATE, (share * default_rate_sek).quantize(CENT, ROUND_HALF_UP), share, default_rate_sek
    )


# --- the single undertaking ----------------------------------------------------------------------------


def top_of(start: int, parent_of: Callable[[int], int | None]) -> int:
    """The top parent of `start`, following parent links upwards. A loop in the links (A → B → A) stops
    the walk at the first company met twice."""
    seen = {start}
    current = start
    while (parent := parent_of(current)) is not None and parent not in seen:
        seen.add(parent)
        current = parent
    return current


def group_members(
    start: int, parent_of: Callable[[int], int | None], children_of: Callable[[set[int]], Iterable[int]]
) -> set[int]:
    """The single undertaking of `start`: its top parent and everything below it (breadth first, each
    company once; `children_of` answers for a whole level at a time). Always contains `start`."""
    top = top_of(start, parent_of)
    members, level = {top, start}, {top}
    while level:
        level = {c for c in children_of(level) if c not in members}
        members |= level
    return members
