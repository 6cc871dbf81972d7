"""The active language, asked in one place: Swedish by default, English one click away.

Spets speaks two languages (`LANGUAGES`). Pages, downloads and commands ask :func:`active_language`
instead of parsing ``get_language()`` themselves; data with a Swedish and an English variant (industry
names, statistics titles) is chosen with :func:`pick`. A download may name its language in the query
(``?lang=sv|en``): :func:`requested_language` reads it and :func:`language_override` activates it
(or changes nothing when none was asked for); :func:`with_requested_language` does both for a view.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.utils import translation

LANGUAGES = ("sv", "en")


def active_language() -> str:
    """'en' while English is active, otherwise 'sv' (also when no language is active at all)."""
    return "en" if (translation.get_language() or "sv").startswith("en") else "sv"


def pick(sv: str, en: str | None) -> str:
    """The English variant while English is active and there is one, otherwise the Swedish one."""
    return en if active_language() == "en" and en else sv


def requested_language(query: Mapping[str, str], default: str | None = None) -> str | None:
    """The language a query names with ``lang=sv|en``; ``default`` when it names none or another."""
    lang = query.get("lang")
    return lang if lang in LANGUAGES else default


@contextmanager
def language_override(lang: str | None) -> Iterator[None]:
    """Activate ``lang`` inside the block; None keeps the active language (where Django's
    ``translation.override(None)`` would deactivate every translation)."""
    if lang is None:
        yield
        return
    with translation.override(lang):
        yield


def with_requested_language(view):
    """View decorator: ``?lang=sv|en`` renders the page or download (say, a PDF report) in that language;
    otherwise the user's UI language applies."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with language_override(requested_language(request.GET)):
            return view(request, *args, **kwargs)

    return wrapper
