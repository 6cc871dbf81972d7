"""Who may use the footprint: every logged-in user, whatever their role (programme manager, advisor,
analyst, viewer, company user). The pages and API show statistics and model results, no company data.

Anonymous visitors are sent to the login page (pages) or refused by the API's authentication (401).
Pages and API ask :func:`can_use_footprint`; the role policy (``spets.core.policy``) decides
who is an active user.
"""

from __future__ import annotations

import functools

from spets.core.errors import Forbidden
from spets.core.permissions import page_view
from spets.core.policy import is_active


def can_use_footprint(user) -> bool:
    # no capability of the role policy is needed: published statistics are open to every active user,
    # company users included (Can.SEE_AGGREGATES would shut them out)
    return is_active(user)


def require_footprint(user) -> None:
    """Raise Forbidden (403) unless ``user`` may use the footprint."""
    if not can_use_footprint(user):
        raise Forbidden("the footprint is for logged-in users")


def footprint_page(view):
    """A footprint page: login first (anonymous → the login page), then :func:`can_use_footprint` (→ 403)."""

    @page_view
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        require_footprint(request.user)
        return view(request, *args, **kwargs)

    return wrapper
