"""Numbers as Swedish readers write them — one module for pages, PDFs and spreadsheets. Pure Python.

- Digits are grouped in threes with a narrow no-break space (U+202F, so "12 280" never breaks over two
  lines; PDFs print it as a plain space) and the decimal sign is a comma: 1234567.5 → "1 234 567,5". English uses "1,234,567.5".
- Counts (companies, jobs, hours) carry no decimals: 128213.8 jobs → "128 214".
- Amounts of money get the unit their size calls for: kr below 10 000, then tkr (thousands), mnkr
  (millions) and mdkr (billions), with one decimal below 100 of the unit: 12 279 681 124 → "12,3 mdkr",
  400 000 000 → "400 mnkr" (not "0,4 mdkr").
- Missing is not zero: ``None`` (and NaN) is shown as "–".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

THOUSANDS = "\u202f"  # narrow no-break space between groups of digits
NBSP = "\u00a0"  # between a number and its unit
MISSING = "–"

# (threshold, divisor, Swedish unit, English unit): the first row whose threshold the amount reaches.
MONEY_UNITS: tuple[tuple[float, float, str, str], ...] = (
    (1e9, 1e9, "mdkr", "bn SEK"),
    (1e6, 1e6, "mnkr", "m SEK"),
    (1e4, 1e3, "tkr", "k SEK"),
    (0.0, 1.0, "kr", "SEK"),
)


def _missing(value: object) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, float) and math.isnan(value)


def number(value: float | int | str | None, decimals: int = 0, lang: str = "sv") -> str:
    """``value`` with ``decimals`` decimals: "1 234 567,8" (sv, narrow no-break spaces) or "1,234,567.8" (en).
    Text that is not a number comes back unchanged; None → "–"."""
    if _missing(value):
        return MISSING
    try:
        figure = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(figure):
        return MISSING
    text = f"{figure:,.{int(decimals)}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # rounding −0,04 to one decimal gives "0,0", not "−0,0"
    if lang == "sv":
        text = text.replace(",", THOUSANDS).replace(".", ",")
    return text


def count(value: float | int | None, lang: str = "sv") -> str:
    """A count — companies, jobs, hours — without decimals: 128213.8 → "128 214"."""
    return number(value, 0, lang)


def percent(fraction: float | None, decimals: int = 1, lang: str = "sv") -> str:
    """A share given as a fraction: 0.3142 → "31,4 %" (a no-break space before the sign)."""
    if _missing(fraction):
        return MISSING
    return number(float(fraction) * 100, decimals, lang) + NBSP + "%"  # type: ignore[arg-type]


@dataclass(frozen=True)
class Scaled:
    """An amount of money in the unit its size calls for: ``value`` in ``unit`` with ``decimals``."""

    value: float
    unit: str
    decimals: int

    def text(self, lang: str = "sv") -> str:
        return number(self.value, self.decimals, lang) + NBSP + self.unit


def money_unit(amount_sek: float, lang: str = "sv") -> tuple[float, str]:
    """(divisor, unit) for an amount in kronor: the largest unit the amount's size reaches."""
    size = abs(amount_sek)
    for threshold, divisor, sv, en in MONEY_UNITS:
        if size >= threshold:
            return divisor, sv if lang == "sv" else en
    return 1.0, "kr" if lang == "sv" else "SEK"  # unreachable: the last threshold is 0


def scale_money(amount_sek: float, lang: str = "sv") -> Scaled:
    """12 279 681 124 kr → Scaled(12.28, "mdkr", 1); 400e6 → Scaled(400, "mnkr", 0); 5 500 → kr."""
    divisor, unit = money_unit(amount_sek, lang)
    value = amount_sek / divisor
    decimals = 1 if divisor > 1 and abs(round(value, 1)) < 100 else 0
    return Scaled(value, unit, decimals)


def money(amount_sek: float | int | None, lang: str = "sv") -> str:
    """An amount in kronor with the unit its size calls for: "12,3 mdkr", "400 mnkr", "5 500 kr"."""
    if _missing(amount_sek):
        return MISSING
    return scale_money(float(amount_sek), lang).text(lang)  # type: ignore[arg-type]


def money_in(amount_sek: float | int | None, unit: str, lang: str = "sv", decimals: int = 1) -> str:
    """An amount in a fixed unit (for a table whose column names the unit): money_in(4e8, "mdkr") →
    "0,4"."""
    if _missing(amount_sek):
        return MISSING
    divisor = {sv: d for _, d, sv, _ in MONEY_UNITS}[unit]
    return number(float(amount_sek) / divisor, decimals, lang)  # type: ignore[arg-type]


def auto(value: object, lang: str = "sv") -> str:
    """A number whose decimals nobody chose (a table cell in a report): whole numbers without
    decimals, otherwise as many as its size needs (350.0 → "350", 31.42 → "31,4", 0.125 → "0,13").
    Anything that is not a number is returned as text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return MISSING if value is None else str(value)
    if _missing(value) or float(value).is_integer():
        return number(value, 0, lang)
    size = abs(float(value))
    return number(value, 0 if size >= 100 else 1 if size >= 10 else 2, lang)
