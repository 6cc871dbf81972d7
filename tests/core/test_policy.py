"""The role policy is one table: each role's capabilities, read by every app's permissions and scopes."""

import pytest

from spets.core.policy import GRANTS, Can, can, roles_with
from spets.core.roles import Role

# The table as the product promises it (docs/architecture.md, "Roles").
EXPECTED = {
    # Private means private: nobody reads another organisation's private notes, programme managers included.
    Role.PROGRAMME_MANAGER: set(Can) - {Can.SEE_ALL_PRIVATE},
    Role.ADVISOR: {
        Can.READ_COMPANY_DATA,
        Can.READ_RECORDS,
        Can.SEE_CONTACTS,
        Can.WRITE_COMPANY_DATA,
        Can.SEE_OWN_PRIVATE,
        Can.SEE_AGGREGATES,
        Can.EXPORT,
    },
    Role.VIEWER: {
        Can.READ_COMPANY_DATA,
        Can.READ_RECORDS,
        Can.SEE_CONTACTS,
        Can.SEE_OWN_PRIVATE,
        Can.SEE_AGGREGATES,
        Can.EXPORT,
    },
    Role.ANALYST: {Can.READ_COMPANY_DATA, Can.SEE_AGGREGATES, Can.EXPORT, Can.IMPORT_STATISTICS},
    Role.COMPANY: set(),
}


def test_every_role_has_exactly_the_capabilities_the_product_promises():
    assert {role: set(caps) for role, caps in GRANTS.items()} == EXPECTED


@pytest.mark.parametrize("capability", list(Can))
def test_each_persona_is_answered_from_the_table(personas, capability):
    for user in personas.values():
        assert can(user, capability) == (capability in EXPECTED[user.role])


def test_inactive_and_anonymous_users_may_do_nothing(anna):
    from django.contrib.auth.models import AnonymousUser

    anna.is_active = False
    assert not any(can(anna, c) for c in Can)
    assert not any(can(AnonymousUser(), c) for c in Can)
    assert not any(can(None, c) for c in Can)


def test_a_superuser_may_do_everything(lisa):
    lisa.is_superuser = True
    assert all(can(lisa, c) for c in Can)


def test_roles_with_a_capability_lists_the_writers():
    assert set(roles_with(Can.WRITE_COMPANY_DATA)) == {Role.PROGRAMME_MANAGER, Role.ADVISOR}
