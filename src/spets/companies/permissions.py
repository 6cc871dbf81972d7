"""Who may do what in the register. Used by the pages, the API and the services alike.

Reading rows is decided by each model's scope (`objects = ScopedManager(...)`); this module answers the
questions about actions and pages. Both ask the one role policy, `spets.core.policy`.
"""

from __future__ import annotations

from spets.core.errors import Forbidden
from spets.core.policy import Can, can, own_company_id


def can_use_register(user) -> bool:
    """Search, company pages, offers catalogue: programme staff."""
    return can(user, Can.READ_COMPANY_DATA)


def can_view_company_page(user, company_id: int) -> bool:
    return can_use_register(user) or (own_company_id(user) is not None and own_company_id(user) == company_id)


def is_writer(user) -> bool:
    """Advisors and programme managers change data; analysts, viewers and company users read."""
    return can(user, Can.WRITE_COMPANY_DATA)


def can_edit_company(user) -> bool:
    return is_writer(user)


def can_manage_contacts(user) -> bool:
    return is_writer(user) and can(user, Can.SEE_CONTACTS)


def can_see_contacts(user) -> bool:
    return can(user, Can.SEE_CONTACTS)


def can_handle_personal_data_requests(user) -> bool:
    """GDPR export and erasure are the controller's decision: programme managers."""
    return can(user, Can.MANAGE_PROGRAMME)


def can_log_activity(user) -> bool:
    return is_writer(user) and user.organisation_id is not None


def can_edit_activity(user, activity) -> bool:
    return is_writer(user) and (
        can(user, Can.MANAGE_PROGRAMME) or activity.organisation_id == user.organisation_id
    )


def can_see_referrals(user) -> bool:
    """The referral inbox: referrals name companies' needs and consent, so not for analysts."""
    return can_use_register(user) and can(user, Can.READ_RECORDS)


def can_refer(user) -> bool:
    return is_writer(user) and user.organisation_id is not None


def can_answer_referral(user, referral) -> bool:
    """Accept, decline or complete: the receiving organisation (or a programme manager)."""
    return is_writer(user) and (
        can(user, Can.MANAGE_PROGRAMME) or referral.to_organisation_id == user.organisation_id
    )


def can_manage_offers(user, organisation_id: int | None) -> bool:
    return is_writer(user) and (
        can(user, Can.MANAGE_PROGRAMME)
        or (organisation_id is not None and organisation_id == user.organisation_id)
    )


def can_see_audit(user) -> bool:
    """The change history names contacts, so it is for those who see contact data and write."""
    return is_writer(user) and can(user, Can.SEE_CONTACTS)


def require(allowed: bool, reason: str) -> None:
    if not allowed:
        raise Forbidden(reason)
