"""Company and contact services: optimistic locking, validation, audit, GDPR access and erasure."""

from __future__ import annotations

import datetime

import pytest

from spets.companies.models import Company, Contact
from spets.companies.permissions import Forbidden
from spets.companies.services import activities
from spets.companies.services import companies as company_services
from spets.companies.services import contacts as contact_services
from spets.companies.services.companies import StaleVersion
from spets.companies.services.contacts import RetentionHold
from spets.core.errors import InvalidData
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped


def test_an_advisor_updates_master_data_and_the_audit_names_the_changed_fields(anna, company):
    updated = company_services.update_company(
        anna, company.pk, {"employees": 60, "website": "https://t.example"}, 1
    )
    assert updated.version == 2
    assert updated.size_class == "medium"  # recomputed from the headcount
    entry = AuditEntry.objects.get(object_type="companies.Company", action="update")
    assert entry.user_repr == "anna" and entry.company_id == company.pk
    assert entry.changes["employees"] == [12, 60] and entry.changes["size_class"] == ["small", "medium"]


def test_a_stale_save_is_refused_and_names_who_saved_meanwhile(anna, cecilia, company):
    company_services.update_company(anna, company.pk, {"name": "Annas namn AB"}, expected_version=1)
    with pytest.raises(StaleVersion) as exc:
        company_services.update_company(cecilia, company.pk, {"name": "Cecilias namn AB"}, expected_version=1)
    assert exc.value.changed_by == "anna" and exc.value.current_version == 2
    with unscoped():
        assert Company.objects.get(pk=company.pk).name == "Annas namn AB"


def test_readers_cannot_edit_companies(alf, lisa, carl, company):
    for user in (alf, lisa, carl):
        with pytest.raises(Forbidden):
            company_services.update_company(user, company.pk, {"name": "X"}, 1)


def test_a_new_company_with_a_bad_orgnr_is_refused_naming_the_luhn_rule(anna):
    with pytest.raises(InvalidData) as exc:
        company_services.create_company(
            anna, {"orgnr": "556000-0002", "name": "Fel AB", "municipality_id": "2081"}
        )
    assert "Luhn" in exc.value.errors["orgnr"] and "should be 1" in exc.value.errors["orgnr"]


def test_a_sole_traders_number_is_flagged_as_personal_data(anna):
    company = company_services.create_company(
        anna, {"orgnr": "811228-9874", "name": "Svenssons Svets", "municipality_id": "2081"}
    )
    assert company.personal_data is True


def test_consent_needs_date_source_and_scope(anna, company):
    with pytest.raises(InvalidData) as exc:
        contact_services.create_contact(
            anna,
            company.pk,
            {"name": "Per Persson", "lawful_basis": "consent", "consent_date": datetime.date(2025, 1, 1)},
        )
    assert set(exc.value.errors) == {"consent_source", "consent_scope"}


def test_legitimate_interest_needs_a_recorded_assessment(anna, company):
    with pytest.raises(InvalidData) as exc:
        contact_services.create_contact(
            anna, company.pk, {"name": "Per Persson", "lawful_basis": "legitimate_interest"}
        )
    assert "interest_assessment" in exc.value.errors


def test_contact_creation_is_audited_on_the_company(anna, company):
    contact = contact_services.create_contact(
        anna, company.pk, {"name": "Per Persson", "interest_assessment": "Kund"}
    )
    entry = AuditEntry.objects.get(object_type="companies.Contact", object_id=str(contact.pk))
    assert entry.action == "create" and entry.company_id == company.pk and "name" in entry.changes
    # The entry names the personal fields set, not their values (GDPR: erasure must not leave them here).
    assert "Per Persson" not in str(entry.changes) and "Per Persson" not in entry.object_repr


def test_gdpr_export_contains_everything_about_the_person(petra, anna, contact, company):
    act = activities.log_activity(
        anna,
        type="workshop",
        title="Workshop",
        date=datetime.date(2025, 2, 2),
        company_ids=[company.pk],
        advisor_hours=[(anna.pk, 2)],
        contact_ids=[contact.pk],
        visibility="organisation",
        outcome="Privat",
    )
    data = contact_services.export_person(petra, contact.pk)
    assert data["person"]["email"] == "eva@example.invalid"
    assert data["company"]["orgnr"] == company.orgnr
    assert [a["title"] for a in data["activities"]] == [act.title]
    assert data["retention"]["keep_until"] == "2027-01-01"


def test_only_programme_managers_answer_gdpr_requests(anna, contact):
    with pytest.raises(Forbidden):
        contact_services.export_person(anna, contact.pk)
    with pytest.raises(Forbidden):
        contact_services.erase_contact(anna, contact.pk)


def test_erasure_is_refused_while_a_legal_retention_period_applies(petra, contact):
    with unscoped():
        Contact.objects.filter(pk=contact.pk).update(
            legal_hold_until=datetime.date(2035, 12, 31), legal_hold_reason="ERUF-projektets handlingar"
        )
    with pytest.raises(RetentionHold) as exc:
        contact_services.erase_contact(petra, contact.pk, today=datetime.date(2026, 1, 1))
    assert "2036-01-01" in str(exc.value) and "ERUF" in str(exc.value)
    with unscoped():
        assert Contact.objects.get(pk=contact.pk).email == "eva@example.invalid"


def test_erasure_anonymises_and_the_audit_keeps_no_personal_data(petra, contact):
    contact_services.erase_contact(petra, contact.pk, today=datetime.date(2026, 1, 1))
    with unscoped():
        erased = Contact.objects.get(pk=contact.pk)
    assert erased.anonymised and erased.email == "" and erased.phone == "" and "Eva" not in erased.name
    entry = AuditEntry.objects.get(action="erase")
    assert "Eva" not in str(entry.changes) and "Eva" not in entry.object_repr


def test_automatic_erasure_waits_for_the_legal_retention_period(contact):
    with unscoped():
        Contact.objects.filter(pk=contact.pk).update(legal_hold_until=datetime.date(2030, 6, 30))
    # Retention clock (36 months from 2024-01-01) ended in 2027, but the project records must be kept.
    assert contact_services.apply_retention(today=datetime.date(2028, 1, 1)) == []
    assert contact_services.apply_retention(today=datetime.date(2030, 6, 30)) == []
    assert contact_services.apply_retention(today=datetime.date(2030, 7, 1)) == [contact.pk]
    with unscoped():
        assert Contact.objects.get(pk=contact.pk).anonymised


def test_automatic_erasure_when_the_retention_clock_runs_out(contact):
    assert contact_services.apply_retention(today=datetime.date(2026, 12, 31)) == []
    assert contact_services.apply_retention(today=datetime.date(2027, 1, 1)) == [contact.pk]
    assert contact_services.apply_retention(today=datetime.date(2027, 1, 2)) == []  # idempotent


def test_the_retention_command_runs_the_job(contact, frozen_time):
    from django.core.management import call_command

    frozen_time.move_to(datetime.datetime(2027, 2, 1, 3, 0, tzinfo=datetime.UTC))
    call_command("apply_retention")
    with unscoped():
        assert Contact.objects.get(pk=contact.pk).anonymised
