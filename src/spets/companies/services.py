"""Register services: company master data (with optimistic locking), contacts and GDPR requests.

Every function takes ids and the acting user, checks permissions, changes data inside a transaction and
writes an audit entry. Views and the API stay thin and call these.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from spets.companies import orgnr as orgnr_rules
from spets.companies import permissions as perm
from spets.companies.models import Company, CompanyStatus, Contact, LawfulBasis
from spets.companies.sizeclass import size_class
from spets.core.audit import diff, log_action, redact_entries
from spets.core.errors import Conflict, InvalidData  # noqa: F401  (InvalidData: raised here, re-exported)
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped
from spets.geo.models import Municipality, SniCode

COMPANY_FIELDS = (
    "name",
    "legal_form",
    "sni_id",
    "sni_codes",
    "municipality_id",
    "employees",
    "turnover_sek",
    "balance_sheet_sek",
    "website",
    "parent_id",
    "status",
)
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


class StaleVersion(Conflict):
    """Someone saved the record after the user opened it."""

    def __init__(self, current_version: int, changed_by: str, changed_at: datetime.datetime | None):
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(f"changed by {changed_by} meanwhile (now version {current_version})")


class RetentionHold(Conflict):
    """Erasure refused: a legal retention period still applies."""

    def __str__(self) -> str:
        return f"erasure refused: {super().__str__()}"


def _snapshot(obj, fields) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


# --- companies --------------------------------------------------------------------------------------


def check_orgnr(value: str) -> orgnr_rules.Orgnr:
    try:
        return orgnr_rules.parse(value)
    except orgnr_rules.OrgnrError as exc:
        raise InvalidData({"orgnr": str(exc)}) from None


# The company page links the website: only web addresses, never javascript: or data: URLs.
WEBSITE_VALIDATOR = URLValidator(schemes=["http", "https"])


def check_website(value: str | None) -> None:
    """Every entry point (form, API, import) saves through a check like this one."""
    if not value:
        return
    try:
        WEBSITE_VALIDATOR(value)
    except ValidationError:
        raise InvalidData({"website": f"{value[:100]!r} is not an http(s) web address"}) from None


def check_references(data: dict[str, Any]) -> None:
    """Municipality, primary SNI code and status must be known values (the form offers only those); the error
    lists the valid codes, so an API client can correct the request without another look-up."""
    errors = {}
    if "municipality_id" in data:
        value = data["municipality_id"]
        if not value or not Municipality.objects.filter(pk=value).exists():
            codes = Municipality.objects.order_by("code").values_list("code", flat=True)
            errors["municipality_id"] = (
                f"unknown municipality code {value!r}; valid codes: {', '.join(codes)}"
            )
    value = data.get("sni_id")
    if value is not None and not SniCode.objects.filter(pk=value, level="division").exists():
        codes = SniCode.objects.filter(level="division").order_by("code").values_list("code", flat=True)
        errors["sni_id"] = f"unknown SNI 2007 division {value!r}; valid divisions: {', '.join(codes)}"
    if "status" in data and data["status"] not in CompanyStatus.values:
        errors["status"] = f"{data['status']!r}: choose {' or '.join(CompanyStatus.values)}"
    if errors:
        raise InvalidData(errors)


def _check_parent(user, company_id: int | None, parent_id: int) -> None:
    """The parent must be a company the user sees, and the company must not be among its ancestors."""
    companies = Company.objects.for_user(user)
    if not companies.filter(pk=parent_id).exists():
        raise InvalidData({"parent_id": f"no company with id {parent_id}"})
    seen, current = set(), parent_id
    while current is not None and current not in seen:
        if current == company_id:
            raise InvalidData(
                {
                    "parent_id": f"company {parent_id} belongs to this company's group below it: "
                    "a company cannot be its own ancestor"
                }
            )
        seen.add(current)
        current = companies.filter(pk=current).values_list("parent_id", flat=True).first()


def create_company(user, data: dict[str, Any]) -> Company:
    perm.require(perm.can_edit_company(user), "only advisors and programme managers add companies")
    number = check_orgnr(data.get("orgnr", ""))
    if not (data.get("name") or "").strip():
        raise InvalidData({"name": "a company needs a name"})
    check_website(data.get("website"))
    check_references({"municipality_id": data.get("municipality_id")} | data)
    if data.get("parent_id") is not None:
        _check_parent(user, None, data["parent_id"])
    with transaction.atomic(), unscoped():
        if Company.objects.filter(orgnr=number.number).exists():
            raise InvalidData({"orgnr": f"{number.formatted} is already in the register"})
        company = Company(
            orgnr=number.number,
            personal_data=number.personal,
            **{k: v for k, v in data.items() if k in COMPANY_FIELDS},
        )
        company.size_class = size_class(company.employees, company.turnover_sek, company.balance_sheet_sek)
        company.save()
        log_action(
            user,
            "create",
            company,
            company_id=company.pk,
            changes={k: [None, getattr(company, k)] for k in COMPANY_FIELDS if getattr(company, k)},
        )
    return company


def last_change(company_id: int) -> AuditEntry | None:
    return (
        AuditEntry.objects.filter(company_id=company_id, object_type="companies.Company")
        .order_by("-at", "-id")
        .first()
    )


def update_company(user, company_id: int, data: dict[str, Any], expected_version: int) -> Company:
    """Save master data if nobody else saved since `expected_version`; else raise StaleVersion.

    The version check and the increment are one UPDATE … WHERE version = expected, so two concurrent
    saves cannot both succeed.
    """
    perm.require(perm.can_edit_company(user), "only advisors and programme managers edit companies")
    unknown = set(data) - set(COMPANY_FIELDS)
    if unknown:
        raise InvalidData({k: "not an editable field" for k in sorted(unknown)})
    check_website(data.get("website"))
    check_references(data)
    with transaction.atomic():
        company = Company.objects.for_user(user).select_for_update().get(pk=company_id)
        if company.version != expected_version:
            entry = last_change(company_id)
            raise StaleVersion(
                company.version, entry.user_repr if entry else "?", entry.at if entry else None
            )
        before = _snapshot(company, COMPANY_FIELDS + ("size_class",))
        for key, value in data.items():
            setattr(company, key, value)
        if company.parent_id == company.pk:
            raise InvalidData({"parent_id": "a company cannot be its own parent"})
        if "parent_id" in data and company.parent_id is not None:
            _check_parent(user, company.pk, company.parent_id)
        company.size_class = size_class(company.employees, company.turnover_sek, company.balance_sheet_sek)
        changes = diff(before, _snapshot(company, COMPANY_FIELDS + ("size_class",)))
        if not changes:
            return company
        fields = {k: getattr(company, k) for k in before}
        updated = (
            Company.objects.for_user(user)
            .filter(pk=company_id, version=expected_version)
            .update(version=F("version") + 1, updated_at=timezone.now(), **fields)
        )
        if updated != 1:  # pragma: no cover - guarded by select_for_update above; kept for SQLite safety
            entry = last_change(company_id)
            raise StaleVersion(expected_version + 1, entry.user_repr if entry else "?", None)
        company.version = expected_version + 1
        log_action(user, "update", company, company_id=company.pk, changes=changes)
    return company


# --- contacts ---------------------------------------------------------------------------------------


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
            raise StaleVersion(
                contact.version, entry.user_repr if entry else "?", entry.at if entry else None
            )
        before = _snapshot(contact, CONTACT_FIELDS)
        for key, value in data.items():
            if key in CONTACT_FIELDS:
                setattr(contact, key, value)
        after = _snapshot(contact, CONTACT_FIELDS)
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
            for f, v in _snapshot(contact, CONTACT_FIELDS).items()
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


# --- API tokens ------------------------------------------------------------------------------------------


def revoke_api_tokens(actor, user, *, token_id: int | None = None, prefix: str | None = None) -> list[str]:
    """Revoke (delete) `user`'s API tokens — one by id or by prefix, else all — and audit each. A deleted token's
    hash matches nothing, so it answers 401 at once. Returns the prefixes revoked. `actor` None: the CLI."""
    from spets.core.models import ApiToken

    if actor is not None and actor.pk != user.pk:
        raise perm.Forbidden("you revoke only your own tokens")
    tokens = ApiToken.objects.filter(user=user)
    if token_id is not None:
        tokens = tokens.filter(pk=token_id)
    if prefix:
        tokens = tokens.filter(prefix=prefix)
    revoked = []
    with transaction.atomic():
        for token in tokens.select_for_update():
            log_action(
                actor,
                "revoke",
                object_type="core.ApiToken",
                object_id=token.pk,
                object_repr=f"API token {token.prefix}… of {user.get_username()}",
                changes={"name": token.name, "prefix": token.prefix},
            )
            revoked.append(token.prefix)
            token.delete()
    return revoked
