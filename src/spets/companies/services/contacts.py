"""Contacts: people at companies, personal data under GDPR. Create and update (optimistic locking), the
data subject's access (export) and erasure requests, and the retention job that anonymises contacts whose
retention period has ended. The change history records personal fields by name only."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from spets.companies import permissions as perm
from spets.companies.models import Company, Contact, LawfulBasis
from spets.companies.services.companies import field_values, stale
from spets.core.audit import diff, log_action, redact_entries
from spets.core.errors import Conflict, InvalidData
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped

CONTACT_FIELDS = (
    "name",
    "title",
    "email",
    "phone",
    "lawful_basis",
    "interest_assessment",
    "consent_date",
    "consent_source",
    "consent_scope",
    "retention_start",
    "retention_months",
    "legal_hold_until",
    "legal_hold_reason",
)
# Contact fields whose values an audit entry may hold; for every other (personal) field it records only that
# the field changed, so an erased person does not live on in the change history.
CONTACT_AUDIT_VALUES = frozenset(
    {"lawful_basis", "consent_date", "retention_start", "retention_months", "legal_hold_until"}
)
NOT_RECORDED = "(changed, value not recorded)"


def contact_audit_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """A contact's changes as the audit log keeps them: personal fields by name only."""
    return {
        k: (v if k in CONTACT_AUDIT_VALUES or k == "import" else NOT_RECORDED) for k, v in changes.items()
    }


def contact_label(contact_id: int) -> str:
    """How the audit log names a contact: by number, never by the person's name."""
    return f"contact #{contact_id}"


class RetentionHold(Conflict):
    """Erasure refused: a legal retention period still applies. `reason` says until when and why."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"erasure refused: {reason}")


# --- create and update --------------------------------------------------------------------------------


def _validate_contact(values: dict[str, Any]) -> None:
    errors = {}
    if not (values.get("name") or "").strip():
        errors["name"] = "a contact needs a name"
    if values.get("lawful_basis") == LawfulBasis.CONSENT:
        for key in ("consent_date", "consent_source", "consent_scope"):
            if not values.get(key):
                errors[key] = "required when the lawful basis is consent"
    elif values.get("lawful_basis") == LawfulBasis.LEGITIMATE_INTEREST:
        if not (values.get("interest_assessment") or "").strip():
            errors["interest_assessment"] = "record the legitimate interest assessment"
    else:
        errors["lawful_basis"] = "choose legitimate interest or consent"
    if errors:
        raise InvalidData(errors)


def create_contact(user, company_id: int, data: dict[str, Any]) -> Contact:
    perm.require(perm.can_manage_contacts(user), "only advisors and programme managers add contacts")
    company = Company.objects.for_user(user).get(pk=company_id)
    values = {k: v for k, v in data.items() if k in CONTACT_FIELDS}
    values.setdefault("lawful_basis", LawfulBasis.LEGITIMATE_INTEREST)
    _validate_contact(values)
    with transaction.atomic():
        contact = Contact(company=company, organisation_id=user.organisation_id, **values)
        contact.save()
        log_action(
            user,
            "create",
            contact,
            company_id=company.pk,
            object_repr=contact_label(contact.pk),
            changes=contact_audit_changes({k: [None, v] for k, v in values.items() if v not in (None, "")}),
        )
    return contact


def update_contact(user, contact_id: int, data: dict[str, Any], expected_version: int) -> Contact:
    perm.require(perm.can_manage_contacts(user), "only advisors and programme managers edit contacts")
    with transaction.atomic():
        contact = Contact.objects.for_user(user).select_for_update().get(pk=contact_id)
        if contact.anonymised:
            raise InvalidData({"name": "this contact has been anonymised and cannot be edited"})
        if contact.version != expected_version:
            entry = (
                AuditEntry.objects.filter(object_type="companies.Contact", object_id=str(contact_id))
                .order_by("-at", "-id")
                .first()
            )
            raise stale(contact.version, entry)
        before = field_values(contact, CONTACT_FIELDS)
        for key, value in data.items():
            if key in CONTACT_FIELDS:
                setattr(contact, key, value)
        after = field_values(contact, CONTACT_FIELDS)
        _validate_contact(after)
        changes = diff(before, after)
        if changes:
            contact.version += 1
            contact.save()
            log_action(
                user,
                "update",
                contact,
                company_id=contact.company_id,
                object_repr=contact_label(contact.pk),
                changes=contact_audit_changes(changes),
            )
    return contact


# --- GDPR: access (export) and erasure ----------------------------------------------------------------


def export_person(user, contact_id: int) -> dict[str, Any]:
    """Everything the register holds about one person (GDPR art. 15), as plain JSON-able data.

    Includes activities the person took part in from every organisation, private ones too: the data
    subject is entitled to all of it. That is why only programme managers may run it.
    """
    perm.require(perm.can_handle_personal_data_requests(user), "only programme managers answer GDPR requests")
    contact = Contact.objects.for_user(user).select_related("company", "organisation").get(pk=contact_id)
    with unscoped():
        activities = list(contact.activities.select_related("organisation").order_by("date"))
    history = AuditEntry.objects.filter(object_type="companies.Contact", object_id=str(contact.pk)).order_by(
        "at"
    )
    log_action(
        user,
        "export",
        contact,
        company_id=contact.company_id,
        object_repr=contact_label(contact.pk),
        changes={"gdpr": "access request"},
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "synthetic": contact.synthetic,
        "person": {
            f: (v.isoformat() if isinstance(v, datetime.date) else v)
            for f, v in field_values(contact, CONTACT_FIELDS).items()
        },
        "company": {"orgnr": contact.company.orgnr, "name": contact.company.name},
        "registered_by": contact.organisation.name if contact.organisation_id else None,
        "anonymised": contact.anonymised,
        "retention": {
            "clock_starts": contact.retention_start.isoformat(),
            "keep_until": contact.retention_ends.isoformat(),
            "legal_retention_until": contact.legal_hold_until.isoformat()
            if contact.legal_hold_until
            else None,
            "legal_retention_reason": contact.legal_hold_reason,
        },
        "activities": [
            {
                "date": a.date.isoformat(),
                "type": a.type,
                "title": a.title,
                "organisation": a.organisation.name,
                "outcome": a.outcome,
            }
            for a in activities
        ],
        "history": [
            {"at": e.at.isoformat(), "by": e.user_repr, "action": e.action, "changes": e.changes}
            for e in history
        ],
    }


def erasure_refusal(contact: Contact, today: datetime.date) -> str | None:
    """Why the contact may not be erased today, or None."""
    if contact.anonymised:
        return "already anonymised"
    if contact.legal_hold_until and contact.legal_hold_until >= today:
        reason = contact.legal_hold_reason or "a legal retention period"
        return (
            f"cannot be erased before {contact.legal_hold_until + datetime.timedelta(days=1)}: "
            f"{reason} (kept until {contact.legal_hold_until})"
        )
    return None


def _anonymise(contact: Contact, user, reason: str) -> None:
    contact.name = f"Anonymiserad kontakt {contact.pk}"
    contact.title = contact.email = contact.phone = ""
    contact.interest_assessment = contact.consent_source = contact.consent_scope = ""
    contact.consent_date = None
    contact.anonymised = True
    contact.anonymised_at = timezone.now()
    contact.version += 1
    contact.save()
    # Earlier entries lose the values they hold about the person; the "erase" entry says why, without them.
    redact_entries("companies.Contact", contact.pk, reason, user=user, company_id=contact.company_id)


def erase_contact(user, contact_id: int, today: datetime.date | None = None) -> Contact:
    """Anonymise a person on request (GDPR art. 17); refused while a legal retention period applies."""
    perm.require(perm.can_handle_personal_data_requests(user), "only programme managers answer GDPR requests")
    today = today or timezone.localdate()
    with transaction.atomic():
        contact = Contact.objects.for_user(user).select_for_update().get(pk=contact_id)
        refusal = erasure_refusal(contact, today)
        if refusal:
            raise RetentionHold(refusal)
        _anonymise(contact, user, "erasure request")
    return contact


def apply_retention(today: datetime.date | None = None) -> list[int]:
    """Anonymise every contact whose retention period (and any legal retention) has ended. System job."""
    today = today or timezone.localdate()
    erased = []
    with unscoped(), transaction.atomic():
        candidates = Contact.objects.filter(anonymised=False, retention_start__lte=today).exclude(
            legal_hold_until__gte=today
        )
        for contact in candidates.iterator():
            if contact.erasable_from() <= today:
                _anonymise(contact, None, f"retention period ended ({contact.erasable_from()})")
                erased.append(contact.pk)
    return erased
