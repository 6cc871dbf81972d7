"""Import of companies and contacts from CSV or XLSX: check the rows, preview, write.

The file is read as a stream (`import_files`), its columns mapped to register fields (`import_columns`),
and its rows checked in chunks, so memory stays bounded whatever the file's size. Lookups (municipalities,
SNI codes, the name index for duplicate detection) are loaded once into dicts; existing companies are
fetched per chunk by org nr. The same `analyse()` runs for the preview and again at confirmation (the
database may have changed in between); `write()` runs it inside one transaction, so a failure half-way
leaves the database as it was.

Audit: one entry per created or updated company or contact (written in bulk, with the changed fields,
so each company's history shows the import) plus one entry for the import itself with the counts.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from spets.companies import orgnr as orgnr_rules
from spets.companies.models import Company, CompanyStatus, Contact, LawfulBasis
from spets.companies.services.companies import WEBSITE_VALIDATOR
from spets.companies.services.contacts import contact_audit_changes, contact_label
from spets.companies.services.import_columns import TARGET_KEYS
from spets.companies.services.import_files import ImportFileError, open_table
from spets.companies.sizeclass import size_class
from spets.companies.texts import orgnr_message
from spets.core.audit import log_action, plain_value
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped
from spets.core.validation import BIGINT_MAX, EMAIL_MAX, INT32_MAX
from spets.geo.models import Municipality, SniCode

CHUNK_ROWS = 2000
MAX_LISTED = 500  # rows of each kind kept for the preview page (counts are always complete)


class ImportRefused(RuntimeError):
    """Writing was refused (rejected rows without 'import the valid rows', or nothing mapped)."""


# --- checking rows ----------------------------------------------------------------------------------

_LEGAL_WORDS = {
    "ab",
    "aktiebolag",
    "publ",
    "hb",
    "handelsbolag",
    "kb",
    "kommanditbolag",
    "ekonomisk",
    "förening",
    "ek",
    "för",
    "ef",
    "inc",
    "ltd",
    "oy",
    "as",
    "gmbh",
}


def normalise_name(name: str) -> str:
    """Name for duplicate detection: case, punctuation and legal-form words ('AB', '(publ)') removed."""
    words = re.sub(r"[^\w]+", " ", unicodedata.normalize("NFC", name).casefold()).split()
    kept = [w for w in words if w not in _LEGAL_WORDS]
    return " ".join(kept or words)


@dataclass
class Issue:
    column: str
    message: str


@dataclass
class RowResult:
    row: int
    action: str  # create | update | unchanged | reject
    orgnr: str = ""
    name: str = ""
    company_id: int | None = None
    values: dict = field(default_factory=dict)  # company fields to set
    changes: dict = field(default_factory=dict)  # field → [old, new] for updates
    contact: dict = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    duplicate_of: dict | None = None  # {"id", "name", "orgnr"} or {"row", "name", "orgnr"}

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "action": self.action,
            "orgnr": self.orgnr,
            "name": self.name,
            "company_id": self.company_id,
            "changes": self.changes,
            "contact": {k: v for k, v in self.contact.items() if k != "key"},
            "errors": [vars(i) for i in self.errors],
            "warnings": [vars(i) for i in self.warnings],
            "duplicate_of": self.duplicate_of,
        }


class Lookups:
    """Reference data and the duplicate-name index, loaded once per run."""

    def __init__(self):
        self.municipality_codes = dict(Municipality.objects.values_list("code", "name"))
        self.municipality_names = {n.casefold(): c for c, n in self.municipality_codes.items()}
        self.sni_codes = set(SniCode.objects.filter(level="division").values_list("code", flat=True))
        self.names: dict[tuple[str, str], tuple[int, str, str]] = {}
        with unscoped():
            rows = Company.objects.values_list("id", "name", "orgnr", "municipality_id")
            for pk, name, number, municipality in rows.iterator(chunk_size=5000):
                self.names.setdefault((municipality, normalise_name(name)), (pk, name, number))

    def municipality(self, text: str) -> tuple[str | None, str]:
        """(code, '') or (None, message listing close matches)."""
        value = text.strip()
        if value.isdigit():
            code = value.zfill(4)
            if code in self.municipality_codes:
                return code, ""
            return None, str(_("unknown municipality code %(code)s") % {"code": value})
        key = re.sub(r"\s+kommun$", "", value.casefold()).strip()
        key = {"falu": "falun"}.get(key, key)
        if key in self.municipality_names:
            return self.municipality_names[key], ""
        close = difflib.get_close_matches(key, list(self.municipality_names), n=3, cutoff=0.6)
        suggestions = ", ".join(
            f"{self.municipality_codes[self.municipality_names[c]]} ({self.municipality_names[c]})"
            for c in close
        )
        if suggestions:
            return None, str(
                _("unknown municipality '%(name)s'; did you mean: %(close)s?")
                % {"name": value, "close": suggestions}
            )
        return None, str(
            _("unknown municipality '%(name)s' (use the name or the 4-digit code)") % {"name": value}
        )


def _number(text: str) -> int | None:
    cleaned = re.sub(r"[\s\u00a0\u202f]|kr|sek|st", "", text.casefold()).replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    whole, _dot, fraction = cleaned.partition(".")
    # Exact for any length (a float would turn 30 digits into inf); halves round up like round() on floats
    # mostly does, which is all a headcount or an amount in kronor needs.
    value = int(whole)
    if fraction and fraction[0] >= "5":
        value += -1 if value < 0 or whole.startswith("-") else 1
    return value


# The register's columns: employees is a PositiveIntegerField, the amounts BigIntegerFields.
NUMBER_RANGES = {
    "employees": (0, INT32_MAX),
    "turnover_sek": (0, BIGINT_MAX),
    "balance_sheet_sek": (0, BIGINT_MAX),
}


_STATUS = {
    "active": CompanyStatus.ACTIVE,
    "aktiv": CompanyStatus.ACTIVE,
    "aktivt": CompanyStatus.ACTIVE,
    "ceased": CompanyStatus.CEASED,
    "avvecklad": CompanyStatus.CEASED,
    "upphört": CompanyStatus.CEASED,
    "avregistrerad": CompanyStatus.CEASED,
    "inaktiv": CompanyStatus.CEASED,
}


def check_row(
    number: int, cells: list[str], mapping: dict[str, int], headers: list[str], lookups: Lookups
) -> RowResult:
    """Parse and validate one row (no database access beyond `lookups`)."""

    def cell(key: str) -> str:
        index = mapping.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def column(key: str) -> str:
        return headers[mapping[key]] if key in mapping else str(TARGET_KEYS[key].label)

    result = RowResult(row=number, action="create")
    values: dict = {}
    raw = cell("orgnr")
    if not raw:
        result.errors.append(Issue(column("orgnr"), str(_("the organisation number is missing"))))
    else:
        try:
            parsed = orgnr_rules.parse(raw)
            result.orgnr = parsed.number
            values["personal_data"] = parsed.personal
            if parsed.personal:
                result.warnings.append(
                    Issue(
                        column("orgnr"),
                        str(_("a sole trader's number is a personal identity number: personal data")),
                    )
                )
        except orgnr_rules.OrgnrError as exc:
            result.errors.append(Issue(column("orgnr"), orgnr_message(exc)))
    result.name = cell("name")
    if result.name:
        values["name"] = result.name[:200]
    if text := cell("legal_form"):
        values["legal_form"] = text[:60]
    if text := cell("municipality"):
        code, message = lookups.municipality(text)
        if code:
            values["municipality_id"] = code
        else:
            result.errors.append(Issue(column("municipality"), message))
    if text := cell("sni"):
        codes = [c.replace(".", "").replace(" ", "") for c in re.split(r"[,;/]+|\s{2,}", text) if c.strip()]
        bad = [c for c in codes if not re.fullmatch(r"\d{2,5}", c) or c[:2] not in lookups.sni_codes]
        if bad:
            result.errors.append(
                Issue(
                    column("sni"),
                    str(
                        _("unknown SNI 2007 code %(code)s (2 to 5 digits starting with an SNI division)")
                        % {"code": bad[0]}
                    ),
                )
            )
        elif codes:
            values["sni_id"] = codes[0][:2]
            values["sni_codes"] = ",".join(codes)[:200]
    for key in ("employees", "turnover_sek", "balance_sheet_sek"):
        if text := cell(key):
            amount = _number(text)
            low, high = NUMBER_RANGES[key]
            if amount is None:
                result.errors.append(
                    Issue(column(key), str(_("'%(value)s' is not a whole number") % {"value": text[:40]}))
                )
            elif not low <= amount <= high:
                result.errors.append(
                    Issue(
                        column(key),
                        str(
                            _("'%(value)s' is out of range (%(low)s to %(high)s)")
                            % {"value": text[:40], "low": low, "high": f"{high:,}".replace(",", "\u00a0")}
                        ),
                    )
                )
            else:
                values[key] = amount
    if text := cell("website"):
        url = text if "://" in text else "https://" + text
        try:
            WEBSITE_VALIDATOR(url)  # the same rule as the forms and the API: http(s) only
            values["website"] = url[:200]
        except ValidationError:
            result.errors.append(
                Issue(column("website"), str(_("'%(value)s' is not a web address") % {"value": text}))
            )
    if text := cell("status"):
        status = _STATUS.get(text.casefold())
        if status is None:
            result.errors.append(
                Issue(
                    column("status"),
                    str(
                        _("unknown status '%(value)s' (use active/aktiv or ceased/avvecklad)")
                        % {"value": text}
                    ),
                )
            )
        else:
            values["status"] = status
    result.values = values
    result.contact = _check_contact(cell, column, result)
    return result


def _check_contact(cell, column, result: RowResult) -> dict:
    name = cell("contact_name") or " ".join(
        p for p in (cell("contact_first_name"), cell("contact_last_name")) if p
    )
    contact = {
        "name": name[:200],
        "title": cell("contact_title")[:200],
        "email": cell("contact_email"),
        "phone": cell("contact_phone")[:40],
    }
    if not any(contact.values()):
        return {}
    if contact["email"]:
        try:
            if len(contact["email"]) > EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(contact["email"])
        except ValidationError:
            result.errors.append(
                Issue(
                    column("contact_email"),
                    str(_("'%(value)s' is not an e-mail address") % {"value": contact["email"][:80]}),
                )
            )
    if not contact["name"]:
        result.errors.append(Issue(column("contact_name"), str(_("a contact needs a name"))))
    contact["key"] = (contact["email"] or contact["name"]).casefold()
    return contact


def _decide(chunk: list[RowResult], lookups: Lookups, seen: dict, seen_names: dict) -> None:
    """Create / update / unchanged / reject for a chunk: existing companies fetched by org nr at once."""
    numbers = [r.orgnr for r in chunk if r.orgnr]
    with unscoped():
        existing = {c.orgnr: c for c in Company.objects.filter(orgnr__in=numbers)}
    for result in chunk:
        first = seen.get(result.orgnr) if result.orgnr else None
        if first is not None:
            # A list of contacts repeats the company on each row: the first row decides the company.
            if not result.contact:
                result.errors.append(
                    Issue("", str(_("the same organisation number as row %(row)s") % {"row": first[0]}))
                )
            elif not first[1]:
                result.errors.append(
                    Issue("", str(_("the company on row %(row)s is rejected") % {"row": first[0]}))
                )
            if not result.errors:
                result.action = "contact"
                result.company_id = existing[result.orgnr].pk if result.orgnr in existing else None
                continue
        if result.errors:
            result.action = "reject"
            if result.orgnr and first is None:
                seen[result.orgnr] = (result.row, False)
            continue
        company = existing.get(result.orgnr)
        if company is None:
            missing = [
                str(TARGET_KEYS[k].label)
                for k, f in (("name", "name"), ("municipality", "municipality_id"))
                if f not in result.values
            ]
            if missing:
                message = (
                    _("a new company needs: %(fields)s")
                    if len(result.values) > 1
                    else _(
                        "no company with this organisation number in the register (a new one needs: "
                        "%(fields)s)"
                    )
                )
                result.errors.append(Issue("", str(message % {"fields": ", ".join(missing)})))
                result.action = "reject"
                seen[result.orgnr] = (result.row, False)
                continue
            seen[result.orgnr] = (result.row, True)
            _flag_similar_name(result, lookups, seen_names)
            result.action = "create"
            continue
        seen[result.orgnr] = (result.row, True)
        result.company_id = company.pk
        result.name = result.name or company.name
        result.changes = {
            f: [plain_value(getattr(company, f)), v]
            for f, v in result.values.items()
            if getattr(company, f) != v
        }
        result.action = "update" if result.changes else "unchanged"


def _flag_similar_name(result: RowResult, lookups: Lookups, seen_names: dict) -> None:
    key = (result.values["municipality_id"], normalise_name(result.name))
    if key in lookups.names:
        pk, name, number = lookups.names[key]
        result.duplicate_of = {"id": pk, "name": name, "orgnr": number}
    elif key in seen_names:
        row, name, number = seen_names[key]
        result.duplicate_of = {"row": row, "name": name, "orgnr": number}
    else:
        seen_names[key] = (result.row, result.name, result.orgnr)
        return
    result.warnings.append(
        Issue(
            "",
            str(
                _("possible duplicate of %(name)s (%(orgnr)s) in the same municipality; not merged")
                % {"name": result.duplicate_of["name"], "orgnr": result.duplicate_of["orgnr"]}
            ),
        )
    )


def analyse(path: Path, mapping: dict[str, int], chunk_rows: int = CHUNK_ROWS) -> Iterator[list[RowResult]]:
    """Checked rows of the file, chunk by chunk."""
    if "orgnr" not in mapping:
        raise ImportRefused(_("Choose the column that holds the organisation number"))
    table = open_table(path)
    lookups = Lookups()
    seen: dict[str, tuple[int, bool]] = {}  # org nr → (first row, accepted)
    seen_names: dict = {}
    chunk: list[RowResult] = []
    for number, cells in table.rows:
        chunk.append(check_row(number, cells, mapping, table.headers, lookups))
        if len(chunk) >= chunk_rows:
            _decide(chunk, lookups, seen, seen_names)
            yield chunk
            chunk = []
    if chunk:
        _decide(chunk, lookups, seen, seen_names)
        yield chunk


@dataclass
class Preview:
    counts: dict = field(
        default_factory=lambda: {
            "create": 0,
            "update": 0,
            "unchanged": 0,
            "reject": 0,
            "contact": 0,
            "duplicates": 0,
            "contacts": 0,
        }
    )
    rows: dict = field(default_factory=lambda: {"create": [], "update": [], "reject": [], "duplicates": []})

    def add(self, result: RowResult) -> None:
        self.counts[result.action] += 1
        if result.contact and result.action != "reject":
            self.counts["contacts"] += 1
        listed = self.rows.get(result.action)
        if listed is not None and len(listed) < MAX_LISTED:
            listed.append(result.as_dict())
        if result.duplicate_of:
            self.counts["duplicates"] += 1
            if len(self.rows["duplicates"]) < MAX_LISTED:
                self.rows["duplicates"].append(result.as_dict())

    def as_dict(self) -> dict:
        return {"counts": self.counts, "rows": self.rows}


def preview(
    path: Path,
    mapping: dict[str, int],
    *,
    progress: Callable[[int], None] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Preview:
    """Counts and listed rows for the preview page; `progress(rows checked)` after each chunk (a
    background job reports it and may stop there)."""
    summary = Preview()
    checked = 0
    for chunk in analyse(path, mapping, chunk_rows):
        for result in chunk:
            summary.add(result)
        checked += len(chunk)
        if progress:
            progress(checked)
    return summary


# --- writing ----------------------------------------------------------------------------------------


def _audit_entry(
    user, action: str, object_type: str, object_id, object_repr: str, changes: dict, company_id: int | None
) -> AuditEntry:
    # The same fields log_action fills in, built unsaved so thousands go in one bulk insert.
    return AuditEntry(
        user=user,
        user_repr=user.get_username(),
        organisation_id=user.organisation_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:300],
        changes=changes,
        company_id=company_id,
    )


def _write_chunk(chunk: list[RowResult], user, import_id: str, contact_basis: dict) -> dict:
    created, updated, entries = [], [], []
    for result in chunk:
        if result.action == "create":
            values = dict(result.values)
            values.setdefault("legal_form", "Enskild näringsidkare" if values.get("personal_data") else "")
            values["size_class"] = size_class(
                values.get("employees"), values.get("turnover_sek"), values.get("balance_sheet_sek")
            )
            created.append((result, Company(orgnr=result.orgnr, **values)))
    with unscoped():
        Company.objects.bulk_create([c for _r, c in created], batch_size=1000)
        updates = [r for r in chunk if r.action == "update"]
        current = Company.objects.in_bulk([r.company_id for r in updates])
        for result in updates:
            company = current[result.company_id]
            for name, (_old, new) in result.changes.items():
                setattr(company, name, new)
            company.size_class = size_class(
                company.employees, company.turnover_sek, company.balance_sheet_sek
            )
            company.version += 1
            updated.append(company)
        fields = sorted({f for r in updates for f in r.changes} | {"size_class", "version", "updated_at"})
        if updated:
            Company.objects.bulk_update(updated, fields, batch_size=1000)
    for result, company in created:
        result.company_id = company.pk
        entries.append(
            _audit_entry(
                user,
                "create",
                "companies.Company",
                company.pk,
                company.name,
                {"import": import_id, **{k: plain_value(v) for k, v in result.values.items()}},
                company.pk,
            )
        )
    by_id = {r.company_id: r for r in updates}
    for company in updated:
        result = by_id[company.pk]
        entries.append(
            _audit_entry(
                user,
                "update",
                "companies.Company",
                company.pk,
                company.name,
                {"import": import_id, **result.changes},
                company.pk,
            )
        )
    contacts = _write_contacts(chunk, user, import_id, contact_basis, entries)
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return {"create": len(created), "update": len(updated), "contacts": contacts}


def _write_contacts(chunk: list[RowResult], user, import_id: str, basis: dict, entries: list) -> int:
    rows = [r for r in chunk if r.contact and r.action != "reject"]
    if not rows:
        return 0
    with unscoped():
        unresolved = {
            r.orgnr for r in rows if not r.company_id
        }  # repeated rows of a company new in this file
        ids = (
            dict(Company.objects.filter(orgnr__in=unresolved).values_list("orgnr", "id"))
            if unresolved
            else {}
        )
        for result in rows:
            result.company_id = result.company_id or ids[result.orgnr]
        existing: dict[tuple[int, str], Contact] = {}
        for contact in Contact.objects.filter(company_id__in={r.company_id for r in rows}, anonymised=False):
            for key in {contact.email.casefold(), contact.name.casefold()} - {""}:
                existing.setdefault((contact.company_id, key), contact)
        new, changed = [], []
        for result in rows:
            data = {k: v for k, v in result.contact.items() if k != "key"}
            contact = existing.get((result.company_id, result.contact["key"]))
            if contact is None:
                contact = Contact(
                    company_id=result.company_id, organisation_id=user.organisation_id, **data, **basis
                )
                existing[(result.company_id, result.contact["key"])] = contact
                new.append(contact)
                continue
            diff = {k: [getattr(contact, k), v] for k, v in data.items() if v and getattr(contact, k) != v}
            if diff and contact.pk:
                for name, (_old, value) in diff.items():
                    setattr(contact, name, value)
                contact.version += 1
                changed.append((contact, diff))
        Contact.objects.bulk_create(new, batch_size=1000)
        if changed:
            Contact.objects.bulk_update(
                [c for c, _d in changed], ["name", "title", "email", "phone", "version"], batch_size=1000
            )
    for contact in new:
        entries.append(
            _audit_entry(
                user,
                "create",
                "companies.Contact",
                contact.pk,
                contact_label(contact.pk),
                {"import": import_id},
                contact.company_id,
            )
        )
    for contact, diff in changed:
        entries.append(
            _audit_entry(
                user,
                "update",
                "companies.Contact",
                contact.pk,
                contact_label(contact.pk),
                {"import": import_id, **contact_audit_changes(diff)},
                contact.company_id,
            )
        )
    return len(new) + len(changed)


def contact_basis(kind: str, note: str, today: datetime.date | None = None) -> dict:
    """Lawful basis fields given to every contact created by one import."""
    if kind == LawfulBasis.CONSENT:
        return {
            "lawful_basis": LawfulBasis.CONSENT,
            "consent_date": today or datetime.date.today(),
            "consent_source": note[:200] or "import",
        }
    return {"lawful_basis": LawfulBasis.LEGITIMATE_INTEREST, "interest_assessment": note}


def write(
    path: Path,
    mapping: dict[str, int],
    user,
    *,
    valid_rows_only: bool,
    import_id: str,
    file_name: str = "",
    basis: dict | None = None,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Check the file again and write it in one transaction. Returns the counts.

    Without `valid_rows_only` any rejected row refuses the whole import (nothing is written). `progress`
    is called with the rows written after each chunk, inside the transaction: an exception it raises (a
    background job's time limit) rolls the whole import back.
    """
    basis = basis or contact_basis(LawfulBasis.LEGITIMATE_INTEREST, "")
    totals = {
        "create": 0,
        "update": 0,
        "unchanged": 0,
        "reject": 0,
        "contact": 0,
        "contacts": 0,
        "duplicates": 0,
    }
    try:
        return _write_all(
            path, mapping, user, valid_rows_only, import_id, file_name, basis, chunk_rows, totals, progress
        )
    except ImportFileError as exc:  # a limit met while streaming: the transaction is rolled back
        raise ImportRefused(str(exc)) from None


def _write_all(
    path, mapping, user, valid_rows_only, import_id, file_name, basis, chunk_rows, totals, progress
) -> dict:
    written_rows = 0
    with transaction.atomic():
        for chunk in analyse(path, mapping, chunk_rows):
            rejected = sum(1 for r in chunk if r.action == "reject")
            if rejected and not valid_rows_only:
                raise ImportRefused(
                    _(
                        "Row %(row)s is rejected, so nothing was imported; fix the file or "
                        "choose 'import the valid rows'"
                    )
                    % {"row": next(r.row for r in chunk if r.action == "reject")}
                )
            written = _write_chunk(chunk, user, import_id, basis)
            for key in ("create", "update", "contacts"):
                totals[key] += written[key]
            totals["unchanged"] += sum(1 for r in chunk if r.action == "unchanged")
            totals["contact"] += sum(1 for r in chunk if r.action == "contact")
            totals["reject"] += rejected
            totals["duplicates"] += sum(1 for r in chunk if r.duplicate_of)
            written_rows += len(chunk)
            if progress:
                progress(written_rows)
        if not (totals["create"] or totals["update"] or totals["contacts"]) and not totals["unchanged"]:
            raise ImportRefused(_("The file has no rows that can be imported"))
        log_action(
            user,
            "import",
            object_type="companies.Import",
            object_id=import_id,
            object_repr=file_name[:300] or import_id,
            changes={
                "file": file_name,
                "valid_rows_only": valid_rows_only,
                "mapping": {k: v for k, v in mapping.items()},
                **totals,
            },
        )
    return totals
