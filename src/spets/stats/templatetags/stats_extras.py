"""Showing a statistic with its status: a suppressed figure reads `..`, never 0."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.core.templatetags.spets import num

register = template.Library()

# Status codes that are words (symbols such as `..` are shown as they are).
STATUS_WORDS = {"partial": gettext_lazy("partial")}


@register.simple_tag
def statvalue(value, status="", decimals=0):
    """The number (Swedish formatting) with its status marker, or the status symbol alone."""
    if value is None:
        return format_html('<span class="status" data-status="{}" title="{}">{}</span>', status or "..",
                           _("not available"), status or "..")
    if status:
        return format_html('{} <span class="status" data-status="{}">{}</span>', num(value, decimals), status,
                           "(" + str(STATUS_WORDS.get(status, status)) + ")")
    return num(value, decimals)


@register.filter
def lq(value):
    return "–" if value is None else num(value, 2)


@register.filter
def signed(value, decimals=0):
    if value is None:
        return "–"
    text = num(abs(value), decimals)
    return ("+" if value >= 0 else "−") + text
