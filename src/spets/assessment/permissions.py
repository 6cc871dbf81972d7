"""Who may do what with assessments. Pages, the API and the services ask here; the rules are the role
policy's (`spets.core.policy`). Which rows a user reads is each model's scope."""

from __future__ import annotations

from spets.core.errors import Forbidden
from spets.core.policy import Can, can, own_company_id


def is_writer(user) -> bool:
    """Advisors and programme managers run assessments and keep action plans."""
    return can(user, Can.WRITE_COMPANY_DATA)


def can_revoke_link(user, link) -> bool:
    """A self-assessment link is the asking organisation's channel to its company contact: its writers
    and programme managers revoke it; another organisation's advisor may not (issue 15.11), though the
    assessment itself is shared register data."""
    if not is_writer(user):
        return False
    if can(user, Can.MANAGE_PROGRAMME):
        return True
    creator_org = getattr(link.created_by, "organisation_id", None)
    return user.organisation_id is not None and user.organisation_id in (
        link.assessment.organisation_id,
        creator_org,
    )


def can_see_rows(user) -> bool:
    """Assessment pages with company rows: programme staff except analysts, and company users."""
    return can(user, Can.READ_RECORDS) or own_company_id(user) is not None


def can_see_aggregates(user) -> bool:
    """The programme dashboard: every programme role, analysts included."""
    return can(user, Can.SEE_AGGREGATES)


def require(allowed: bool, reason: str) -> None:
    if not allowed:
        raise Forbidden(reason)
