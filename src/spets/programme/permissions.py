"""Who may do what in programme follow-up; the rules are the role policy's (`spets.core.policy`)."""

from __future__ import annotations

from spets.core.errors import Forbidden
from spets.core.policy import Can, can


def can_see_programme(user) -> bool:
    """Reports, indicators and their drill-down: programme staff who read company records."""
    return can(user, Can.READ_RECORDS)


def can_manage_programme(user) -> bool:
    """Close periods, set targets and budgets, override the de minimis ceiling: programme managers."""
    return can(user, Can.MANAGE_PROGRAMME)


def can_report_time(user) -> bool:
    return can(user, Can.WRITE_COMPANY_DATA) and user.organisation_id is not None


def can_see_time_of(user, organisation_id: int | None) -> bool:
    """Time reports: the person's own organisation, and programme managers."""
    return can(user, Can.MANAGE_PROGRAMME) or (
        can(user, Can.READ_RECORDS)
        and organisation_id is not None
        and organisation_id == user.organisation_id
    )


def can_see_programme_figures(user) -> bool:
    """The overview and the progress report's aggregate figures: programme staff, analysts included
    (no company rows: the drill-down and the participant list ask `can_see_programme`)."""
    return can(user, Can.SEE_AGGREGATES)


def can_export_participants(user) -> bool:
    """The participant list (förteckning över deltagande företag): company rows, a bulk download."""
    return can(user, Can.READ_RECORDS) and can(user, Can.EXPORT)


def can_record_outcomes(user) -> bool:
    """Outcomes of support at a company (a new product, an investment): advisors and programme managers."""
    return can(user, Can.WRITE_COMPANY_DATA) and user.organisation_id is not None


def require(allowed: bool, reason: str) -> None:
    if not allowed:
        raise Forbidden(reason)
