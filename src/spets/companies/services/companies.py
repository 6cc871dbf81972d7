"""Company master data: create and update with optimistic locking, and the checks every entry point shares
(form, API, import): the org nr rule, web addresses, known reference codes and the group structure."""

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
from spets.companies.models import Company, CompanyStatus
from spets.companies.sizeclass import size_class
from spets.core.audit import diff, log_action
from spets.core.errors import Conflict, InvalidData
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


class StaleVersion(Conflict):
    """Someone saved the record after the user opened it. The message (the API's `detail`) names who and
    the current version; pages word it themselves from `changed_by`."""

    def __init__(self, current_version: int, changed_by: str, changed_at: datetime.datetime | None):
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(f"changed by {changed_by} meanwhile; current version is {current_version}")


def field_values(obj, fields) -> dict[str, Any]:
    """The named fields' current values: what an update compares before and after."""
    return {f: getattr(obj, f) for f in fields}


def last_change(company_id: int) -> AuditEntry | None:
    return (
        AuditEntry.objects.filter(company_id=company_id, object_type="companies.Company")
        .order_by("-at", "-id")
        .first()
    )


def stale(current_version: int, entry: AuditEntry | None) -> StaleVersion:
    """The StaleVersion error for a record whose last change is `entry`."""
    return StaleVersion(current_version, entry.user_repr if entry else "?", entry.at if entry else None)


# --- checks shared by the form, the API and the import ---------------------------------------------------


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


# --- create and update ------------------------------------------------------------------------------------


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
            raise stale(company.version, last_change(company_id))
        before = field_values(company, COMPANY_FIELDS + ("size_class",))
        for key, value in data.items():
            setattr(company, key, value)
        if company.parent_id == company.pk:
            raise InvalidData({"parent_id": "a company cannot be its own parent"})
        if "parent_id" in data and company.parent_id is not None:
            _check_parent(user, company.pk, company.parent_id)
        company.size_class = size_class(company.employees, company.turnover_sek, company.balance_sheet_sek)
        changes = diff(before, field_values(company, COMPANY_FIELDS + ("size_class",)))
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
