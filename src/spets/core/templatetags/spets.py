"""Number formatting the Swedish way (thin spaces, decimal comma) and small helpers."""

from __future__ import annotations

from django import template

from spets.core import i18n

register = template.Library()


@register.filter
def num(value, decimals: int = 0) -> str:
    """1234567.8 → '1 234 568' (sv) or '1,234,568' (en); None → '–' (missing is not zero)."""
    if value is None or value == "":
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{number:,.{int(decimals)}f}"
    if i18n.active_language() == "sv":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


@register.filter
def mnkr(value) -> str:
    """SEK → billions (mdkr) with one decimal."""
    return "–" if value is None else num(float(value) / 1e9, 1)


@register.filter
def pct(value, decimals: int = 1) -> str:
    return "–" if value is None else num(float(value) * 100, decimals) + "\u00a0%"


@register.simple_tag(takes_context=True)
def pick(context, sv: str, en: str) -> str:
    """Choose the Swedish or English variant of a data field by the active language."""
    return i18n.pick(sv, en)
