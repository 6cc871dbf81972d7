"""Who may use the statistics pages (the atlas, the stored cubes) and the API at /api/stats/: every
logged-in user, whatever their role (programme manager, advisor, analyst, viewer, company user). The
statistics are published aggregates, no company data.

Anonymous visitors are sent to the login page (pages) or refused by the API's authentication (401).
Pages and API ask :func:`can_read_statistics`; the role policy (``spets.core.policy``) decides
who is an active user.
"""

from __future__ import annotations

import functools

from spets.core.errors import Forbidden
from spets.core.permissions import page_view
from spets.core.policy import Can, can, is_active


def can_read_statistics(user) -> bool:
    # no capability of the role policy is needed: published statistics are open to every active user,
    # company users included (Can.SEE_AGGREGATES would shut them out)
    return is_active(user)


def require_statistics(user) -> None:
    """Raise Forbidden (403) unless ``user`` may read the statistics."""
    if not can_read_statistics(user):
        raise Forbidden("the statistics are for logged-in users")


def statistics_page(view):
    """A statistics page: login first (anonymous → the login page), then :func:`can_read_statistics`
    (→ 403)."""

    @page_view
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        require_statistics(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def can_import_statistics(user) -> bool:
    """Adding files to the shared store: analysts and programme managers (the role policy's
    ``IMPORT_STATISTICS``); everyone else reads."""
    return can(user, Can.IMPORT_STATISTICS)


def require_import(user) -> None:
    if not can_import_statistics(user):
        raise Forbidden("only analysts and programme managers add statistics files")
