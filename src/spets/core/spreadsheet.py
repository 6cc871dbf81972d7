"""Spreadsheet exports that a spreadsheet program cannot run: user text never becomes a formula.

A company named `=HYPERLINK("http://evil","click")` or a note starting with `@SUM(...)` would be
evaluated by Excel or LibreOffice when a CSV is opened ("CSV injection"). Every CSV and XLSX writer in
Spets passes its values through here:

- CSV: text starting with = + - @ tab or CR gets a leading apostrophe (`safe_text`), which spreadsheet
  programs show as text. Phone numbers written '+46 …' therefore come out as "'+46 …"; numbers (also
  numbers held as text, like "-3.5") are left alone.
- XLSX: openpyxl stores a string starting with "=" as a formula; `xlsx_text_cell` and `inert_formulas`
  make such cells plain strings (data type "s"), with the text unchanged. Numbers stay numeric.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def safe_text(value: Any) -> Any:
    """The value for a CSV cell: text a spreadsheet would evaluate gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_text(v) for v in values]


def safe_rows(rows: Iterable[Iterable[Any]]) -> Iterable[list[Any]]:
    return (safe_row(row) for row in rows)


def xlsx_text_cell(sheet, value: Any):
    """A cell for `sheet.append` (write-only sheets too) whose text is never a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def inert_formulas(workbook) -> int:
    """Turn every formula cell of a (normal, not write-only) workbook into plain text before saving.
    Our exporters write values only, so any formula came from data. Returns the number of cells changed."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    changed += 1
    return changed
