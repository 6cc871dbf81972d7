"""Bulk reads of personal data are audited (who, what, filter, rows); audit rows are append-only in the
database too on PostgreSQL, except the GDPR redaction path; another organisation's self-assessment link
cannot be revoked (issue 15.11)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from spets.assessment import services as assessment_services
from spets.core.audit import log_action, redact_entries
from spets.core.errors import Forbidden
from spets.core.models import ApiToken, AuditEntry
from tests.factories import make_contact


def reads(what: str):
    return list(AuditEntry.objects.filter(action="read", object_type=what).order_by("id"))


def test_a_contacts_export_shows_up_in_the_audit_log_with_filter_and_rows(client, anna, company):
    make_contact(company, name="Eva Ek")
    make_contact(company, name="Olof Ås")
    client.force_login(anna)
    response = client.get(f"/companies/io/export/contacts.csv?company={company.pk}")
    b"".join(response.streaming_content)
    (entry,) = reads("companies.contacts.csv")
    assert entry.user == anna and entry.organisation_id == anna.organisation_id
    assert entry.changes == {"filters": f"company={company.pk}", "rows": 2}


def test_a_companies_export_records_the_search_it_came_from(client, anna, company):
    client.force_login(anna)
    client.get("/companies/io/export/companies.xlsx?q=Testbolaget")
    (entry,) = reads("companies.companies.xlsx")
    assert entry.changes == {"filters": "q=Testbolaget", "rows": 1}


def test_an_api_list_of_contacts_is_audited(client, anna, company):
    make_contact(company, name="Eva Ek")
    token = ApiToken.issue(anna)[1]
    response = client.get(
        f"/api/companies/companies/{company.pk}/contacts", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200 and len(response.json()) == 1
    (entry,) = reads("companies.contacts.api")
    assert entry.user == anna and entry.changes["rows"] == 1


def test_a_refused_export_writes_no_read_entry(client, alf, company):
    client.force_login(alf)
    assert client.get("/companies/io/export/contacts.csv").status_code == 403
    assert not reads("companies.contacts.csv")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_or_delete_an_audit_row(anna, company):
    entry = log_action(anna, "update", company, changes={"name": ["A", "B"]})
    for statement in (
        "UPDATE core_auditentry SET object_repr = 'forged' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [entry.pk])
    entry.refresh_from_db()
    assert entry.object_repr != "forged"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_gdpr_redaction_and_a_deleted_user_still_pass_the_trigger(anna, bertil, company):
    entry = log_action(bertil, "update", company, changes={"name": ["Eva", "Eva Ek"]})
    assert redact_entries(company._meta.label, company.pk, "erasure request") == 1
    entry.refresh_from_db()
    assert entry.changes == {"name": "(redacted)"}
    bertil.delete()  # the foreign key's SET_NULL is an allowed update
    entry.refresh_from_db()
    assert entry.user_id is None and entry.user_repr == "bertil"


def test_another_organisations_self_assessment_link_cannot_be_revoked(anna, lisa, petra, company):
    from tests.conftest import make_user

    varmland = make_user("vera", "advisor", "iuc-varmland")
    assessment = assessment_services.create_assessment(varmland, company.pk, "dma-sme-v1", "self")
    link, _token = assessment_services.create_link(varmland, assessment.pk)
    with pytest.raises(Forbidden):
        assessment_services.revoke_link(anna, link.pk)
    link.refresh_from_db()
    assert link.revoked_at is None
    assessment_services.revoke_link(petra, link.pk)  # a programme manager may
    link.refresh_from_db()
    assert link.revoked_at is not None
