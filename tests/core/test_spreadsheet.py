"""Spreadsheet exports never hand a spreadsheet program a formula taken from data."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from spets.core.spreadsheet import inert_formulas, safe_row, safe_text, xlsx_text_cell

ATTACK = '=HYPERLINK("http://x","y")'


def test_csv_text_that_a_spreadsheet_would_evaluate_gets_an_apostrophe():
    assert safe_row([ATTACK, "+46 70 123 45 67", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"]) == [
        "'" + ATTACK,
        "'+46 70 123 45 67",
        "'-1+cmd|' /C calc'!A0",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
    ]


def test_numbers_and_ordinary_text_are_left_alone():
    assert safe_row([-3, 2.5, "-3.5", "-12", "Testbolaget AB", "", None, "070-123"]) == [
        -3,
        2.5,
        "-3.5",
        "-12",
        "Testbolaget AB",
        "",
        None,
        "070-123",
    ]
    assert safe_text("5560000001") == "5560000001"


def _reread(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]


def test_inert_formulas_turns_formula_text_into_strings_and_keeps_numbers():
    book = Workbook()
    book.active.append([ATTACK, 42, -1.5, "text"])
    assert inert_formulas(book) == 1
    sheet = _reread(book)
    assert [(c.value, c.data_type) for c in sheet[1]] == [
        (ATTACK, "s"),
        (42, "n"),
        (-1.5, "n"),
        ("text", "s"),
    ]


def test_write_only_cells_for_text_are_never_formulas():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    sheet.append([xlsx_text_cell(sheet, ATTACK), xlsx_text_cell(sheet, 7)])
    row = _reread(book)[1]
    assert (row[0].value, row[0].data_type) == (ATTACK, "s") and (row[1].value, row[1].data_type) == (7, "n")
