"""Who may do what with matches, cohorts, peer learning and the network view (asks spets.core.policy)."""

from __future__ import annotations

from spets.core.errors import Forbidden
from spets.core.policy import Can, can


def can_see_matches(user) -> bool:
    """Matches read a company's assessment gaps and priorities: staff who read records."""
    return can(user, Can.READ_COMPANY_DATA) and can(user, Can.READ_RECORDS)


def can_refer(user) -> bool:
    return can(user, Can.WRITE_COMPANY_DATA) and user.organisation_id is not None


def can_see_cohorts(user) -> bool:
    return can(user, Can.READ_COMPANY_DATA) and can(user, Can.READ_RECORDS)


def can_manage_cohorts(user) -> bool:
    return can_see_cohorts(user) and can(user, Can.WRITE_COMPANY_DATA)


def can_invite(user) -> bool:
    return can_manage_cohorts(user) and can(user, Can.SEE_CONTACTS)


def can_record_consent(user) -> bool:
    return can_manage_cohorts(user)


def can_see_network(user) -> bool:
    """Counts of referrals between organisations: an aggregate for the steering group."""
    return can(user, Can.SEE_AGGREGATES)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Forbidden(message)
