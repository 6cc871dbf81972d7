"""The de minimis ledger as people use it: a company's declaration of other aid, the ledger of one company's
single undertaking (page and certificate), the programme's aid register (page and export), and the demo
group near the ceiling. The rules and the register's hooks are in `deminimis`."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies.exports import CONTENT_TYPES, Column, Export, csv_bytes, synthetic_note
from spets.companies.models import Company
from spets.core.audit import log_action
from spets.core.demo import demo_loaded
from spets.core.errors import InvalidData
from spets.core.scoping import unscoped
from spets.core.spreadsheet import xlsx_text_cell
from spets.programme import deminimis as rules
from spets.programme import permissions
from spets.programme.models import AidDeclaration, AidDeclarationEntry, AidGrant, CeilingDecision
from spets.programme.models.deminimis import Currency, Regulation
from spets.programme.services import deminimis as dm

MAX_DECLARED_EUR = Decimal(300_000)  # one de minimis aid cannot exceed the ceiling itself
DECLARATION_ROWS = 8  # other-aid rows on the declaration form


# --- declarations --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclaredAid:
    granted_on: datetime.date | None
    grantor: str
    amount: Any
    currency: str = Currency.SEK
    regulation: str = Regulation.UNKNOWN


def record_declaration(
    user,
    company_id: int,
    *,
    declared_on: datetime.date,
    no_other_aid: bool,
    entries: Iterable[DeclaredAid] = (),
    note: str = "",
) -> AidDeclaration:
    """Record the company's declaration of other de minimis aid (before support starts). Each earlier aid is
    converted to EUR at the rate of its month. Bad rows are named; nothing is written unless all are good."""
    permissions.require(
        dm.can_record_declaration(user), _("only advisors and programme managers record declarations")
    )
    company = Company.objects.for_user(user).get(pk=company_id)
    entries = list(entries)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if declared_on > today:
        errors["declared_on"] = _("The declaration date %(day)s is in the future.") % {"day": declared_on}
    if no_other_aid and entries:
        errors["no_other_aid"] = _("'No other aid' is ticked, but other aid is listed: choose one.")
    if not no_other_aid and not entries:
        errors["entries"] = _("List the other de minimis aid received, or tick 'no other aid'.")
    known = dm.rates()
    checked: list[tuple[DeclaredAid, Decimal, Decimal | None, Decimal]] = []
    row_errors = []
    for number, entry in enumerate(entries, start=1):
        problem, converted = _check_entry(entry, declared_on, known)
        if problem:
            row_errors.append(_("row %(n)d: %(problem)s") % {"n": number, "problem": problem})
        elif converted is not None:
            checked.append(converted)
    if row_errors:
        errors["entries"] = "; ".join(row_errors)
    if errors:
        raise InvalidData(errors)
    # Checked above; writing scoped models is system work.
    with transaction.atomic(), unscoped():
        declaration = AidDeclaration.objects.create(
            company=company,
            declared_on=declared_on,
            no_other_aid=no_other_aid,
            note=note.strip()[:500],
            declared_by=user,
        )
        AidDeclarationEntry.objects.bulk_create(
            [
                AidDeclarationEntry(
                    declaration=declaration,
                    granted_on=e.granted_on,
                    grantor=e.grantor.strip()[:200],
                    amount=amount,
                    currency=e.currency,
                    eur_rate=rate,
                    amount_eur=amount_eur,
                    regulation=e.regulation,
                )
                for e, amount, rate, amount_eur in checked
            ]
        )
        log_action(
            user,
            "create",
            declaration,
            company_id=company.pk,
            object_repr=_("De minimis declaration of %(day)s") % {"day": declared_on.isoformat()},
            changes={
                "declared_on": declared_on.isoformat(),
                "no_other_aid": no_other_aid,
                "entries": len(checked),
                "declared_eur": str(sum((c[3] for c in checked), Decimal(0))),
            },
        )
    return declaration


def _check_entry(
    entry: DeclaredAid, declared_on: datetime.date, known: dict[str, dm.Rate]
) -> tuple[str | None, tuple | None]:
    """(problem, None) or (None, (entry, amount, rate or None, amount in EUR))."""
    if entry.granted_on is None:
        return _("give the date the aid was granted"), None
    if entry.granted_on > declared_on:
        return _("granted on %(day)s, after the declaration") % {"day": entry.granted_on}, None
    if not entry.grantor.strip():
        return _("name the grantor (the authority or body that granted the aid)"), None
    if entry.currency not in Currency.values:
        return _("the currency must be SEK or EUR"), None
    if entry.regulation not in Regulation.values:
        return _("unknown regulation %(r)r") % {"r": entry.regulation}, None
    try:
        amount = Decimal(str(entry.amount).replace(" ", "").replace(",", ".")).quantize(rules.CENT)
    except (InvalidOperation, ValueError):
        return _("%(v)r is not an amount") % {"v": entry.amount}, None
    if amount <= 0:
        return _("the amount must be positive"), None
    rate = None
    amount_eur = amount
    if entry.currency == Currency.SEK:
        try:
            found = dm.rate_on(entry.granted_on, known, field="entries")
        except InvalidData as exc:
            return exc.errors["entries"], None
        rate = found.eur_sek
        amount_eur = rules.sek_to_eur(amount, rate)
    if amount_eur > MAX_DECLARED_EUR:
        return (
            _("%(eur)s EUR is more than one de minimis aid can be (at most %(max)s EUR)")
            % {"eur": dm.num(amount_eur, 0), "max": dm.num(MAX_DECLARED_EUR, 0)},
            None,
        )
    return None, (entry, amount, rate, amount_eur)


# --- the ledger of one single undertaking --------------------------------------------------------------


@dataclass(frozen=True)
class CompanyLedger:
    company: Company
    status: dm.GroupStatus
    grants: list[AidGrant]  # the group's, newest first
    decisions: list[CeilingDecision]

    @property
    def company_grants(self) -> list[AidGrant]:
        return [g for g in self.grants if g.company_id == self.company.pk]


def company_ledger(user, company_id: int) -> CompanyLedger:
    permissions.require(dm.can_see_ledger(user), _("the de minimis ledger is for programme staff"))
    company = Company.objects.for_user(user).get(pk=company_id)
    status = dm.group_status(company_id)
    members = [m.pk for m in status.members]
    grants = list(
        AidGrant.objects.for_user(user)
        .filter(company_id__in=members)
        .select_related("organisation", "activity__offer", "decision")
        .order_by("-granted_on", "-id")
    )
    for grant in grants:
        grant.value_text = dm.value_text(grant)
    decisions = list(
        CeilingDecision.objects.for_user(user)
        .filter(company_id__in=members)
        .select_related("decided_by", "activity")
    )
    return CompanyLedger(company, status, grants, decisions)


def certificate_grants(
    ledger: CompanyLedger,
    activity_id: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[AidGrant]:
    """The company's own grants a certificate states: one activity's, or those in a date range."""
    grants = ledger.company_grants
    if activity_id is not None:
        grants = [g for g in grants if g.activity_id == activity_id]
    if start is not None:
        grants = [g for g in grants if g.granted_on >= start]
    if end is not None:
        grants = [g for g in grants if g.granted_on <= end]
    return sorted(grants, key=lambda g: (g.granted_on, g.pk))


# --- the programme's aid register ----------------------------------------------------------------------


def register_rows(user, params) -> QuerySet:
    """Every recorded aid (programme managers), optionally by date range (`from`, `to`) and organisation."""
    permissions.require(dm.can_see_register(user), _("the aid register is for programme managers"))
    qs = AidGrant.objects.for_user(user).select_related("organisation", "activity__offer", "decision")
    start, end = _date(params.get("from")), _date(params.get("to"))
    if start:
        qs = qs.filter(granted_on__gte=start)
    if end:
        qs = qs.filter(granted_on__lte=end)
    if str(params.get("organisation", "")).isdigit():
        qs = qs.filter(organisation_id=int(params["organisation"]))
    return qs.order_by("granted_on", "id")


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        raise InvalidData({"from/to": _("%(v)r is not a date (YYYY-MM-DD)") % {"v": value}}) from None


def top_parents(company_ids: Iterable[int]) -> dict[int, Company]:
    """The top parent (single undertaking) of each company, from one read of the parent links."""
    with unscoped():
        parents = dict(Company.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
        tops = {pk: rules.top_of(pk, parents.get) for pk in set(company_ids)}
        names = Company.objects.filter(pk__in=set(tops.values())).only("pk", "name", "orgnr")
        by_pk = {c.pk: c for c in names}
    return {pk: by_pk[top] for pk, top in tops.items()}


def register_columns(tops: dict[int, Company]) -> list[Column]:
    yes, no = _("yes"), _("no")
    return [
        Column(_("Organisation number"), lambda g: g.recipient_orgnr),
        Column(_("Company"), lambda g: g.recipient_name),
        Column(_("Single undertaking (top parent)"), lambda g: _undertaking(tops, g)),
        Column(_("Granted on"), lambda g: g.granted_on, "date"),
        Column(_("Organisation"), lambda g: g.organisation.name),
        Column(_("Activity type"), lambda g: g.activity.get_type_display()),
        Column(_("Activity number"), lambda g: g.activity_id, "int"),
        Column(_("Valuation method"), lambda g: g.get_method_display()),
        Column(_("How the value was set"), dm.value_text),
        Column(_("Value (SEK)"), lambda g: float(g.value_sek), "money"),
        Column(_("SEK per EUR"), lambda g: float(g.eur_rate), "rate"),
        Column(_("Exchange rate source"), lambda g: g.eur_rate_source),
        Column(_("Value (EUR)"), lambda g: float(g.value_eur), "money"),
        Column(_("Regulation"), lambda g: f"(EU) {g.regulation}"),
        Column(_("Declaration of other aid"), lambda g: no if g.declaration_missing else yes),
        Column(_("Decision to exceed the ceiling"), lambda g: g.decision.reason if g.decision_id else ""),
        Column(_("Keep until"), lambda g: rules.retained_until(g.granted_on), "date"),
    ]


def _undertaking(tops: dict[int, Company], grant: AidGrant) -> str:
    top = tops.get(grant.company_id)
    return "" if top is None or top.pk == grant.company_id else f"{top.name} ({top.orgnr})"


NUMBER_FORMATS = {"int": "0", "money": "#,##0.00", "rate": "0.0000", "date": "yyyy-mm-dd", "text": "@"}


def export_register(user, fmt: str, params) -> Export:
    """The aid register as CSV or XLSX (values as numbers and dates); column names in the active language
    (the view asks for Swedish unless English is chosen)."""
    if fmt not in CONTENT_TYPES:
        raise InvalidData({"format": _("choose csv or xlsx")})
    rows = list(register_rows(user, params))
    columns = register_columns(top_parents(g.company_id for g in rows))
    name = f"spets-de-minimis-{timezone.localdate().isoformat()}"
    synthetic = demo_loaded()
    if fmt == "xlsx":
        content: Any = _xlsx(name, columns, rows, synthetic, user)
    else:
        content = csv_bytes(columns, rows, synthetic)
    return Export(f"{name}.{fmt}", CONTENT_TYPES[fmt], content)


def _xlsx(title: str, columns: list[Column], rows: list[AidGrant], synthetic: bool, user):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    if synthetic:
        sheet.append([synthetic_note()])
    headers = []
    for column in columns:
        cell = xlsx_text_cell(sheet, column.header)
        cell.font = Font(bold=True)
        headers.append(cell)
    sheet.append(headers)
    for grant in rows:
        cells = []
        for column in columns:
            cell = xlsx_text_cell(sheet, column.value(grant))
            cell.number_format = NUMBER_FORMATS[column.kind]
            cells.append(cell)
        sheet.append(cells)
    about = book.create_sheet(_("About"))
    about.append([_("Exported from Spets"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    about.append([_("Exported by"), user.get_username()])
    about.append(
        [
            _("Method"),
            _(
                "One row per activity and company. Value = the company's share of the hours × the "
                "offer's market rate (or its stated amount, or the programme's standard rate); EUR at "
                "the rate of the grant month. Records are kept 10 years from the grant."
            ),
        ]
    )
    if synthetic:
        about.append([_("Note"), synthetic_note()])
    fh = tempfile.TemporaryFile()
    book.save(fh)
    fh.seek(0)
    return fh


def undeclared_companies(user) -> list[Company]:
    """Companies with recorded aid but no declaration of other aid by anyone in their group."""
    permissions.require(dm.can_see_register(user), _("the aid register is for programme managers"))
    with unscoped():
        aided = set(AidGrant.objects.values_list("company_id", flat=True).distinct())
        declared = set(AidDeclaration.objects.values_list("company_id", flat=True).distinct())
        parents = dict(Company.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
    declared_tops = {rules.top_of(pk, parents.get) for pk in declared}
    missing = [pk for pk in aided if rules.top_of(pk, parents.get) not in declared_tops]
    return list(Company.objects.for_user(user).filter(pk__in=missing).order_by("name"))
