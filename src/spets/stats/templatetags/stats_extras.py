"""Showing a statistic with its status: a suppressed figure reads `..`, never 0."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.core.templatetags.spets import num

register = template.Library()

# Status codes that are words get a compact mark (explained in a legend line under each table) and the
# word as a tooltip; symbols such as footnote markers are shown as they are, raised.
STATUS_MARKS = {"partial": "†"}
STATUS_WORDS = {"partial": gettext_lazy("partial sum: some parts are missing")}


@register.simple_tag
def statvalue(value, status="", decimals=0):
    """The number (Swedish formatting) with its status marker, or the status symbol alone."""
    if value is None:
        return format_html(
            '<span class="status" data-status="{}" title="{}">{}</span>',
            status or "..",
            _("not available"),
            status or "..",
        )
    if status:
        return format_html(
            '{}<sup class="status" data-status="{}" title="{}">{}</sup>',
            num(value, decimals),
            status,
            str(STATUS_WORDS.get(status, status)),
            STATUS_MARKS.get(status, status),
        )
    return num(value, decimals)


@register.filter
def lq(value):
    return "–" if value is None else num(value, 2)


@register.filter
def signed(value, decimals=0):
    if value is None:
        return "–"
    text = num(abs(value), decimals)
    if round(abs(value), decimals) == 0:  # -0.3 shown with 0 decimals is no change: "0", never "−0"
        return text
    return ("+" if value > 0 else "−") + text
