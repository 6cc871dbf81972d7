"""Spreadsheet exports that a spreadsheet program cannot run: user text never becomes a formula.

A company named `=HYPERLINK("http://evil","click")` or a note starting with `@SUM(...)` would be
evaluated by Excel or LibreOffice when a CSV is opened ("CSV injection"). Every CSV and XLSX writer in
Spets passes its values through here:

- CSV: text starting with = + - @ tab or CR gets a leading apostrophe (`safe_text`), which spreadsheet
  programs show as text. Phone numbers written '+46 …' therefore come out as "'+46 …"; numbers (also
  numbers held as text, like "-3.5") are left alone.
- XLSX: openpyxl stores a string starting with "=" as a formula; `xlsx_text_cell` and `inert_formulas`
  make such cells plain strings (data type "s"), with the text unchanged. Numbers stay numeric, with a
  display format (`xlsx_number_cell`) that the spreadsheet program shows the reader's way (Swedish Excel:
  "1 234,5"); a column of amounts takes one unit for all its cells (`money_column`, from
  spets.core.numbers: kr/tkr/mnkr/mdkr by magnitude).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spets.core import numbers

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


def number_format(decimals: int = 0) -> str:
    """The XLSX display format for numbers with ``decimals`` decimals and grouped thousands."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def xlsx_number_cell(sheet, value: float | int | None, decimals: int = 0):
    """A numeric cell for `sheet.append` shown with grouped thousands and ``decimals`` decimals."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    if value is not None:
        cell.number_format = number_format(decimals)
    return cell


def money_column(amounts_sek: Iterable[float | None]) -> tuple[float, str]:
    """(divisor, unit) for a column of amounts in kronor: the unit the largest amount calls for, so
    that the header can say "(mnkr)" once and every cell is divided alike."""
    present = [abs(a) for a in amounts_sek if a is not None]
    return numbers.money_unit(max(present) if present else 0.0)
