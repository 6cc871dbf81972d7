"""The role policy: what each role may do. The one place where roles are compared.

Every app's `permissions.py` asks `can(user, Can.X)`; scoped managers (`spets.core.scoping`) ask it to
decide which rows a user sees. Changing what a role may do is a change to `GRANTS` below and nothing else.

Roles (a user belongs to one organisation and has one role there):
- programme manager: everything except other organisations' private content (GDPR requests, every
  referral, periods); like everyone outside the owning organisation they see that a private activity
  exists, its date, organisation and hours — what reporting needs — never its title, notes or outcome;
- advisor: works with companies: reads and writes company data, contacts, own organisation's private notes;
- analyst: aggregates and shared master data, adds statistics files to the shared store; never contacts, company records or private notes;
- viewer: reads what an advisor reads, writes nothing;
- company user: their own company only (`User.company_id_scope`), shared content only.
A superuser has every capability.
"""

from __future__ import annotations

from enum import StrEnum

from spets.core.roles import Role


class Can(StrEnum):
    READ_COMPANY_DATA = "read_company_data"  # shared master data: companies, workplaces, offers, activities
    READ_RECORDS = "read_records"  # records about one company beyond master data: assessments, referrals
    SEE_CONTACTS = "see_contacts"  # people: contacts and what names them (the change history)
    WRITE_COMPANY_DATA = "write_company_data"  # edit companies and contacts, log activities, refer, assess
    SEE_OWN_PRIVATE = "see_own_private"  # the own organisation's private activities and notes
    SEE_ALL_PRIVATE = "see_all_private"  # every organisation's private content (no role: superusers only)
    SEE_AGGREGATES = "see_aggregates"  # dashboards, benchmarks and statistics across companies
    EXPORT = "export"  # bulk downloads of company data
    MANAGE_PROGRAMME = "manage_programme"  # programme-wide work: GDPR requests, every referral, periods
    IMPORT_STATISTICS = "import_statistics"  # add statistics files (PX, JSON-stat, CSV) to the shared store


_STAFF = {Can.READ_COMPANY_DATA, Can.SEE_AGGREGATES, Can.EXPORT}
_READER = _STAFF | {Can.READ_RECORDS, Can.SEE_CONTACTS, Can.SEE_OWN_PRIVATE}

GRANTS: dict[str, frozenset[Can]] = {
    # Private means private: not even a programme manager reads another organisation's private notes.
    Role.PROGRAMME_MANAGER: frozenset(set(Can) - {Can.SEE_ALL_PRIVATE}),
    Role.ADVISOR: frozenset(_READER | {Can.WRITE_COMPANY_DATA}),
    Role.VIEWER: frozenset(_READER),
    Role.ANALYST: frozenset(_STAFF | {Can.IMPORT_STATISTICS}),
    Role.COMPANY: frozenset(),
}


def is_active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def can(user, capability: Can) -> bool:
    """True when the (active) user's role grants the capability."""
    if not is_active(user):
        return False
    if user.is_superuser:
        return True
    return capability in GRANTS.get(user.role, frozenset())


def is_programme_staff(user) -> bool:
    """Staff of a programme organisation: every role that reads the shared register."""
    return can(user, Can.READ_COMPANY_DATA)


def own_company_id(user) -> int | None:
    """The one company a company user may see (None for everyone else)."""
    return getattr(user, "company_id_scope", None) if is_active(user) else None


def roles_with(capability: Can) -> list[str]:
    """The roles that hold a capability, for queries such as "every user who may log hours"."""
    return [role for role, granted in GRANTS.items() if capability in granted]
