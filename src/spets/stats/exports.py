"""CSV and XLSX downloads of an atlas view: the same rows the page shows, with provenance on each.

A suppressed or unavailable figure is written as its symbol (``..``), never as 0 or an empty number;
a view of synthetic demo data says so in every row and on the first line of the workbook.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from spets.core.spreadsheet import inert_formulas, safe_rows

from .synthetic import SYNTHETIC

MAIN_COLUMNS = [
    "rank",
    "code",
    "name",
    "measure",
    "industry",
    "year",
    "value",
    "status",
    "unit",
    "start_year",
    "start_value",
    "start_status",
    "change_pct",
    "location_quotient",
    "shift_change",
    "shift_national",
    "shift_industry_mix",
    "shift_regional",
    "source",
    "series",
    "version",
    "note",
]


def _cell(value: float | None, status: str) -> Any:
    return status or ".." if value is None else value


def _note(view: dict) -> str:
    return SYNTHETIC if view["synthetic"] else ""


def main_rows(view: dict) -> list[list[Any]]:
    m = view["measure"]
    out = []
    for r in view["rows"]:
        shift = r["shift"] or {}
        out.append(
            [
                r["rank"],
                r["code"],
                r["name"],
                m.label,
                view["industry"],
                view["year"],
                _cell(r["value"], r["status"]),
                r["status"],
                view["unit"],
                view["start"],
                _cell(r["start_value"], r["start_status"]),
                r["start_status"],
                None if r["change_pct"] is None else round(r["change_pct"] * 100, 2),
                None if r["lq"] is None else round(r["lq"], 3),
                *[
                    None if shift.get(k) is None else round(shift[k], 1)
                    for k in ("change", "national", "industry_mix", "regional")
                ],
                view["source"],
                view["series_name"],
                view["version"],
                _note(view),
            ]
        )
    return out


def to_csv(view: dict) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(MAIN_COLUMNS)
    writer.writerows(safe_rows(main_rows(view)))
    return buf.getvalue().encode("utf-8-sig")  # BOM: Excel opens Swedish characters correctly


def to_xlsx(view: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Atlas"
    heading = f"{view['title']} — {view['industry_label']}, {view['year']}, {view['area_name']}"
    ws.append(
        [(_("Synthetic demo data — not official statistics") + ": " if view["synthetic"] else "") + heading]
    )
    ws["A1"].font = Font(bold=True)
    ws.append([_("Source"), view["source"], _("Unit"), view["unit"]])
    ws.append([])
    ws.append(MAIN_COLUMNS)
    for row in main_rows(view):
        ws.append(row)

    ts = wb.create_sheet("Time series")
    ts.append(["area", "code", "year", "value", "status", "unit", "source", "note"])
    for s in view["series"]:
        for year, value, status in s["points"]:
            ts.append(
                [
                    s["name"],
                    s["code"],
                    year,
                    _cell(value, status),
                    status,
                    view["unit"],
                    view["prepared"].source(year),
                    _note(view),
                ]
            )

    cmp = wb.create_sheet("Comparisons")
    cmp.append(
        [
            "area",
            "code",
            "year",
            "value",
            "status",
            "start_year",
            "start_value",
            "change_pct",
            "share_of_all_industries",
            "location_quotient",
            "source",
            "note",
        ]
    )
    for c in view["comparisons"]:
        cmp.append(
            [
                c["name"],
                c["code"],
                view["year"],
                _cell(c["value"], c["status"]),
                c["status"],
                view["start"],
                _cell(c["start_value"], c["start_status"]),
                None if c["change_pct"] is None else round(c["change_pct"] * 100, 2),
                None if c["share"] is None else round(c["share"], 4),
                None if c["lq"] is None else round(c["lq"], 3),
                view["source"],
                _note(view),
            ]
        )

    if view["profile"]:
        prof = wb.create_sheet("Specialisation")
        prof.append(["industry", "name", "year", "value", "share", "location_quotient", "note"])
        for p in view["profile"]:
            prof.append(
                [
                    p["code"],
                    p["name"],
                    view["year"],
                    p["value"] if p["value"] is not None else "..",
                    p["share"],
                    p["lq"],
                    _note(view),
                ]
            )

    about = wb.create_sheet("About")
    for k, v in [
        ("measure", view["measure"].label),
        ("series", view["series_name"]),
        ("version", view["version"]),
        ("table", view["table_id"]),
        ("source", view["source"]),
        ("unit", view["unit"]),
        ("year", view["year"]),
        ("start_year", view["start"]),
        ("level", view["level"]),
        ("area", view["area_name"]),
        ("industry", view["industry_label"]),
        ("synthetic", SYNTHETIC if view["synthetic"] else "no"),
        (
            "status symbols",
            ".. not available/suppressed; . not applicable; - zero; partial = a sum with missing parts",
        ),
    ]:
        about.append([k, str(v)])
    buf = io.BytesIO()
    inert_formulas(wb)
    wb.save(buf)
    return buf.getvalue()
