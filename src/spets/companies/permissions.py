"""Who may do what in the register. Used by the pages, the API and the services alike.

Reading is decided by each model's `scope_queryset` (what rows a user sees); this module decides
writing and the few pages that are about a role rather than about rows. Rules in one place:

- programme managers may do everything, including GDPR export and erasure;
- advisors edit company master data and contacts, log activities for their own organisation, refer
  companies, answer referrals sent to their organisation and keep their organisation's offers;
- analysts and viewers only read (analysts never see contact data or private notes);
- a company user reads their own company page and nothing else.
"""

from __future__ import annotations

from spets.core.models import Role
from spets.core.permissions import Forbidden  # noqa: E402,F401  (one exception for every app)


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def can_use_register(user) -> bool:
    """Search, company pages, offers catalogue: programme staff."""
    return _active(user) and user.is_programme_staff


def can_view_company_page(user, company_id: int) -> bool:
    if not _active(user):
        return False
    return user.is_programme_staff or user.company_id_scope == company_id


def is_writer(user) -> bool:
    """Advisors and programme managers change data; analysts, viewers and company users read."""
    return _active(user) and (user.is_programme_manager or user.role == Role.ADVISOR)


def can_edit_company(user) -> bool:
    return is_writer(user)


def can_manage_contacts(user) -> bool:
    return is_writer(user)


def can_see_contacts(user) -> bool:
    return _active(user) and (user.is_programme_manager or user.role in (Role.ADVISOR, Role.VIEWER))


def can_handle_personal_data_requests(user) -> bool:
    """GDPR export and erasure are the controller's decision: programme managers."""
    return _active(user) and user.is_programme_manager


def can_log_activity(user) -> bool:
    return is_writer(user) and user.organisation_id is not None


def can_edit_activity(user, activity) -> bool:
    return is_writer(user) and (user.is_programme_manager or activity.organisation_id == user.organisation_id)


def can_see_referrals(user) -> bool:
    """The referral inbox: programme staff except analysts (referrals name companies' needs and consent)."""
    return can_use_register(user) and user.role != Role.ANALYST


def can_refer(user) -> bool:
    return is_writer(user) and user.organisation_id is not None


def can_answer_referral(user, referral) -> bool:
    """Accept, decline or complete: the receiving organisation (or a programme manager)."""
    return is_writer(user) and (
        user.is_programme_manager or referral.to_organisation_id == user.organisation_id
    )


def can_manage_offers(user, organisation_id: int | None) -> bool:
    return is_writer(user) and (
        user.is_programme_manager or (organisation_id is not None and organisation_id == user.organisation_id)
    )


def can_see_audit(user) -> bool:
    """The change history names contacts, so it is for those who may see contact data and write."""
    return is_writer(user)


def can_have_api_token(user) -> bool:
    return _active(user) and (user.is_programme_staff or bool(user.company_id_scope))


def require(allowed: bool, reason: str) -> None:
    if not allowed:
        raise Forbidden(reason)
