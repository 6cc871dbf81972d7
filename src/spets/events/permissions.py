"""Who may do what with events. Reading rows is decided by the models' scopes; these are the actions."""

from __future__ import annotations

from spets.core.errors import Forbidden
from spets.core.policy import Can, can, own_company_id


def can_see_events(user) -> bool:
    """The event list and pages: programme staff, and a company user (their company's events)."""
    return can(user, Can.READ_COMPANY_DATA) or own_company_id(user) is not None


def can_create_event(user) -> bool:
    return can(user, Can.WRITE_COMPANY_DATA) and user.organisation_id is not None


def can_manage_event(user, event) -> bool:
    """Edit, invite and mark attendance: the organising organisation's advisors and programme managers."""
    return can(user, Can.WRITE_COMPANY_DATA) and (
        can(user, Can.MANAGE_PROGRAMME) or event.organisation_id == user.organisation_id
    )


def can_register(user) -> bool:
    """Register a company's contact (or cancel a registration): advisors of every organisation, since the
    programme's events are open across county lines."""
    return can(user, Can.WRITE_COMPANY_DATA) and can(user, Can.SEE_CONTACTS)


def can_see_participants(user) -> bool:
    """The participant list names people: staff who see contacts."""
    return can(user, Can.READ_COMPANY_DATA) and can(user, Can.SEE_CONTACTS)


def can_export_participants(user) -> bool:
    return can_see_participants(user) and can(user, Can.EXPORT)


def require(allowed: bool, why: str) -> None:
    if not allowed:
        raise Forbidden(why)
