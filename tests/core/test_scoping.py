"""Company data is only reachable through a user scope; audit entries are append-only."""

import pytest

from spets.companies.models import Company
from spets.core.audit import log_action
from spets.core.models import AuditEntry
from spets.core.scoping import ScopeError, unscoped

pytestmark = pytest.mark.django_db


def test_an_unscoped_query_raises_and_names_the_fix(company):
    with pytest.raises(
        ScopeError, match=r"Company queried without a user scope: use Company.objects.for_user"
    ):
        list(Company.objects.all())


def test_programme_staff_see_master_data_and_company_users_only_their_own(company, anna, alf, lisa, carl):
    with unscoped():
        other = Company.objects.create(orgnr="5560000019", name="Annat AB", municipality_id="1780")
    for staff in (anna, alf, lisa):
        assert set(Company.objects.for_user(staff)) == {company, other}
    assert list(Company.objects.for_user(carl)) == [company]


def test_anonymous_and_inactive_users_see_nothing(company, anna):
    from django.contrib.auth.models import AnonymousUser

    assert not Company.objects.for_user(AnonymousUser()).exists()
    anna.is_active = False
    assert not Company.objects.for_user(anna).exists()


def test_audit_entries_record_who_and_what_and_cannot_be_changed(anna, company):
    entry = log_action(anna, "update", company, changes={"name": ["Old AB", "New AB"]}, company_id=company.pk)
    assert (entry.user_repr, entry.organisation.slug, entry.object_type, entry.changes) == (
        "anna",
        "iuc-dalarna",
        "companies.Company",
        {"name": ["Old AB", "New AB"]},
    )
    entry.action = "delete"
    with pytest.raises(PermissionError, match="append-only"):
        entry.save()
    with pytest.raises(PermissionError, match="append-only"):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "update"
