"""Export of register lists (companies, contacts, activities) to CSV and XLSX.

Rows always come from `Model.objects.for_user(user)`, so an export shows exactly what its user may see.
CSV is streamed row by row (UTF-8 with BOM and semicolons, which Swedish Excel opens directly); XLSX is
written with openpyxl's write-only mode to a temporary file (bounded memory) with typed cells: numbers
as numbers, dates as dates, org nr as text. While the synthetic demo data set is loaded, both formats
start with a row saying so, and the XLSX file has an "About" sheet.

`export()` returns an `Export`: the file name, its content type and the content — an iterator of bytes
(CSV) or a file object (XLSX); the view wraps it in a response.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies import search as company_search
from spets.companies.models import Activity, Company, Contact
from spets.core.audit import log_read
from spets.core.demo import demo_loaded
from spets.core.spreadsheet import safe_text, xlsx_text_cell

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable
    kind: str = "text"  # text | int | date


def _companies_label(activity: Activity) -> str:
    return ", ".join(f"{c.name} ({c.orgnr})" for c in activity.companies.all())


def company_columns() -> list[Column]:
    return [
        Column(_("Organisation number"), lambda c: c.orgnr),
        Column(_("Name"), lambda c: c.name),
        Column(_("Legal form"), lambda c: c.legal_form),
        Column(_("Municipality code"), lambda c: c.municipality_id),
        Column(_("Municipality"), lambda c: c.municipality.name),
        Column(_("SNI 2007"), lambda c: c.sni_codes or (c.sni_id or "")),
        Column(_("Employees"), lambda c: c.employees, "int"),
        Column(_("Net turnover (SEK)"), lambda c: c.turnover_sek, "int"),
        Column(_("Balance sheet total (SEK)"), lambda c: c.balance_sheet_sek, "int"),
        Column(_("Size class"), lambda c: c.get_size_class_display() if c.size_class else ""),
        Column(_("Website"), lambda c: c.website),
        Column(_("Status"), lambda c: c.get_status_display()),
    ]


def contact_columns() -> list[Column]:
    return [
        Column(_("Organisation number"), lambda p: p.company.orgnr),
        Column(_("Company"), lambda p: p.company.name),
        Column(_("Name"), lambda p: p.name),
        Column(_("Role or title"), lambda p: p.title),
        Column(_("E-mail"), lambda p: p.email),
        Column(_("Phone"), lambda p: p.phone),
        Column(_("Lawful basis"), lambda p: p.get_lawful_basis_display()),
        Column(_("Consent given on"), lambda p: p.consent_date, "date"),
        Column(_("Keep until"), lambda p: p.erasable_from(), "date"),
    ]


def activity_columns() -> list[Column]:
    return [
        Column(_("Date"), lambda a: a.date, "date"),
        Column(_("Type"), lambda a: a.get_type_display()),
        Column(_("Title"), lambda a: a.title),
        Column(_("Organisation"), lambda a: a.organisation.name),
        Column(_("Companies"), _companies_label),
        Column(_("Visibility"), lambda a: a.get_visibility_display()),
        Column(_("Follow-up date"), lambda a: a.follow_up_date, "date"),
    ]


def companies(user, params) -> QuerySet[Company]:
    """The companies of a search, with the search page's own filter function (all pages, not one)."""
    qs = company_search.filtered(user, params)
    return qs.select_related("municipality").defer("municipality__svg_path").order_by("name", "id")


def contacts(user, params) -> QuerySet[Contact]:
    qs = Contact.objects.for_user(user).filter(anonymised=False).select_related("company")
    if str(params.get("company", "")).isdigit():
        qs = qs.filter(company_id=int(params["company"]))
    return qs.order_by("company__name", "name", "id")


def activities(user, params) -> QuerySet[Activity]:
    qs = (
        Activity.objects.for_user(user)
        .select_related("organisation")
        .prefetch_related(Prefetch("companies", queryset=Company.objects.for_user(user)))
    )
    if str(params.get("company", "")).isdigit():
        qs = qs.filter(companies__id=int(params["company"]))
    return qs.order_by("-date", "-id")


# The request parameters the lists above read: what the audit entry of an export records.
EXPORT_FILTERS = ("q", "county", "municipality", "sni", "size_class", "status", "company")

LISTS = {
    "companies": (company_columns, companies),
    "contacts": (contact_columns, contacts),
    "activities": (activity_columns, activities),
}


def synthetic_note() -> str:
    return _("Synthetic demo data — invented for trying Spets, not real companies or people.")


def _plain(column: Column, obj) -> object:
    value = column.value(obj)
    return "" if value is None else value


def csv_lines(columns: list[Column], rows: Iterable, synthetic: bool) -> Iterator[str]:
    class Line:
        def write(self, text: str) -> str:
            return text

    writer = csv.writer(Line(), delimiter=";")
    yield "\ufeff"
    if synthetic:
        yield writer.writerow([synthetic_note()])
    yield writer.writerow([c.header for c in columns])
    for obj in rows:
        yield writer.writerow([safe_text(_plain(c, obj)) for c in columns])


def csv_bytes(columns: list[Column], rows: Iterable, synthetic: bool) -> Iterator[bytes]:
    """The CSV file as UTF-8 chunks, one per line, for a streaming response."""
    return (line.encode("utf-8") for line in csv_lines(columns, rows, synthetic))


def write_xlsx(fh, title: str, columns: list[Column], rows: Iterable, synthetic: bool, user=None) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    if synthetic:
        note = WriteOnlyCell(sheet, synthetic_note())
        note.font = Font(bold=True, color="B00000")
        sheet.append([note])
    headers = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.header)
        cell.font = bold
        headers.append(cell)
    sheet.append(headers)
    for obj in rows:
        cells = []
        for column in columns:
            value = column.value(obj)
            cell = xlsx_text_cell(sheet, value)
            if column.kind == "date" and isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif column.kind == "int" and value is not None:
                cell.number_format = "#,##0"
            elif column.kind == "text":
                cell.number_format = "@"  # org nr and codes stay text (no lost leading zeros)
            cells.append(cell)
        sheet.append(cells)
    about = book.create_sheet(_("About"))
    about.append([_("Exported from Spets"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    if user is not None:
        about.append([_("Exported by"), user.get_username()])
    about.append([_("Scope"), _("Only the rows the exporting user may see")])
    if synthetic:
        about.append([_("Note"), synthetic_note()])
    book.save(fh)


def xlsx_file(title: str, columns: list[Column], rows: Iterable, synthetic: bool, user=None) -> BinaryIO:
    """The XLSX file, positioned at its start. A temporary file rather than memory: the write-only workbook
    streams rows to disk as it goes."""
    fh = tempfile.TemporaryFile()
    write_xlsx(fh, title, columns, rows, synthetic, user)
    fh.seek(0)
    return fh


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    content: Iterator[bytes] | BinaryIO  # CSV: chunks to stream; XLSX: a file object to send


def export(user, list_name: str, fmt: str, params) -> Export:
    """One of LISTS ("companies", "contacts", "activities") as "csv" or "xlsx", with the rows `user` sees."""
    columns_for, rows_for = LISTS[list_name]
    queryset = rows_for(user, params)
    # Every export is a bulk read of register data (contacts are personal data, companies include sole
    # traders): the audit log records who exported what, with which filter and how many rows.
    log_read(
        user,
        f"companies.{list_name}.{fmt}",
        filters={k: params.get(k) for k in EXPORT_FILTERS},
        rows=queryset.order_by().count(),
    )
    columns, rows = columns_for(), queryset.iterator(chunk_size=CHUNK)
    name = f"spets-{list_name}-{timezone.localdate().isoformat()}"
    synthetic = demo_loaded()
    if fmt == "xlsx":
        content = xlsx_file(name, columns, rows, synthetic, user)
    else:
        content = csv_bytes(columns, rows, synthetic)
    return Export(f"{name}.{fmt}", CONTENT_TYPES[fmt], content)
