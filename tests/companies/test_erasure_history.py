"""Erasing a contact leaves no trace of the person in the change history: contact entries name personal fields
without their values, and erasure redacts whatever older entries still hold."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from spets.companies.services import contacts as contact_services
from spets.core.audit import log_action
from spets.core.models import ApiToken, AuditEntry

pytestmark = pytest.mark.django_db

PERSONAL = (
    "Ingrid Olsson",
    "ingrid.olsson@example.invalid",
    "070-9876543",
    "Ingrid Berg",
    "ingrid@berg.invalid",
    "073-1112233",
    "Huvudkontakt för energiprojektet",
)


def _traces(text: str) -> list[str]:
    return [value for value in PERSONAL if value in text]


def _history_text(contact_id: int) -> str:
    entries = AuditEntry.objects.filter(object_type="companies.Contact", object_id=str(contact_id))
    return json.dumps([[e.object_repr, e.changes] for e in entries], ensure_ascii=False)


def _created_and_updated(anna, company):
    contact = contact_services.create_contact(
        anna,
        company.pk,
        {
            "name": "Ingrid Olsson",
            "email": "ingrid.olsson@example.invalid",
            "phone": "070-9876543",
            "interest_assessment": "Huvudkontakt för energiprojektet",
        },
    )
    contact_services.update_contact(
        anna,
        contact.pk,
        {"name": "Ingrid Berg", "email": "ingrid@berg.invalid", "phone": "073-1112233"},
        contact.version,
    )
    return contact


def test_contact_entries_name_the_personal_fields_but_hold_no_values(anna, company):
    contact = _created_and_updated(anna, company)
    update = AuditEntry.objects.get(
        object_type="companies.Contact", object_id=str(contact.pk), action="update"
    )
    assert set(update.changes) == {"name", "email", "phone"}
    assert _traces(_history_text(contact.pk)) == []
    assert update.object_repr == f"contact #{contact.pk}"


def test_erasure_leaves_no_trace_of_the_person_in_history_page_or_api(client, anna, petra, company):
    contact = _created_and_updated(anna, company)
    # An entry written the old way (values and name), as entries before this fix were.
    log_action(
        anna,
        "update",
        contact,
        company_id=company.pk,
        object_repr="Ingrid Berg",
        changes={"email": ["ingrid.olsson@example.invalid", "ingrid@berg.invalid"]},
    )
    contact_services.erase_contact(petra, contact.pk, today=datetime.date(2026, 1, 1))

    assert _traces(_history_text(contact.pk)) == []
    assert (
        _traces(json.dumps(list(AuditEntry.objects.values("object_repr", "changes")), ensure_ascii=False))
        == []
    )
    erase = AuditEntry.objects.get(object_type="companies.Contact", object_id=str(contact.pk), action="erase")
    assert erase.changes["reason"] == "erasure request" and erase.changes["entries_redacted"] >= 3

    client.force_login(petra)
    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert 'data-testid="audit"' in page and _traces(page) == []
    _token, key = ApiToken.issue(petra)
    export = client.get(f"/api/companies/contacts/{contact.pk}/export", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert export.status_code == 200 and _traces(export.content.decode()) == []


def test_the_retention_job_redacts_the_history_too(anna, company):
    contact = _created_and_updated(anna, company)
    log_action(
        anna,
        "update",
        contact,
        company_id=company.pk,
        object_repr="Ingrid Berg",
        changes={"phone": ["070-9876543", "073-1112233"]},
    )
    assert contact.pk in contact_services.apply_retention(today=datetime.date(2035, 1, 1))
    assert _traces(_history_text(contact.pk)) == []


def test_redaction_is_the_only_change_an_entry_allows(anna, company):
    entry = log_action(anna, "update", company, company_id=company.pk, changes={"name": ["A", "B"]})
    entry.action = "delete"
    with pytest.raises(PermissionError):
        entry.save()
