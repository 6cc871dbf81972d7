"""Template filters for numbers the Swedish way (spets.core.numbers) and small helpers."""

from __future__ import annotations

from django import template

from spets.core import i18n, numbers

register = template.Library()


@register.filter
def num(value, decimals: int = 0) -> str:
    """1234567.8 → '1 234 568' (sv, no-break spaces) or '1,234,568' (en); None → '–' (missing is not
    zero)."""
    return numbers.number(value, int(decimals), i18n.active_language())


@register.filter
def count(value) -> str:
    """A count (companies, jobs, hours) without decimals: 128213.8 → '128 214'."""
    return numbers.count(value, i18n.active_language())


@register.filter
def kr(value) -> str:
    """An amount in kronor with the unit its size calls for: '12,3 mdkr', '400 mnkr', '5 500 kr'."""
    return numbers.money(value, i18n.active_language())


@register.filter
def mnkr(value) -> str:
    """SEK → billions (mdkr) with one decimal, for a column or figure whose label names the unit."""
    return numbers.money_in(value, "mdkr", i18n.active_language())


@register.filter
def pct(value, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.3142 → '31,4 %'."""
    return numbers.percent(value, int(decimals), i18n.active_language())


@register.simple_tag(takes_context=True)
def pick(context, sv: str, en: str) -> str:
    """Choose the Swedish or English variant of a data field by the active language."""
    return i18n.pick(sv, en)
