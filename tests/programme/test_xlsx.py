"""The programme's small XLSX writer: files that openpyxl (and so Excel and LibreOffice) read back with the
values typed, formulas kept as text, characters XML forbids dropped, and shared number formats."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from spets.programme import xlsx


def test_values_come_back_typed_and_text_is_never_a_formula():
    rows = [
        ["5560000001", '=HYPERLINK("http://x","klick")', 6.5, Decimal("14500.50"), datetime.date(2026, 2, 3)],
        ["5560000002", "Bell\x07 & <Co> AB", 0, None, datetime.datetime(2026, 3, 1, 10, 0)],
    ]
    content = xlsx.workbook(
        [
            xlsx.Sheet(
                "Deltagande företag", ["Orgnr", "Namn", "Timmar", "Belopp", "Datum"], rows, {2: 1, 3: 2}
            ),
            xlsx.Sheet("Om", (), [["Period", "2026H1"]]),
        ]
    )
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Deltagande företag", "Om"]
    sheet = book["Deltagande företag"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Orgnr", "Namn", "Timmar", "Belopp", "Datum")
    assert values[1] == (
        "5560000001",
        '=HYPERLINK("http://x","klick")',
        6.5,
        14500.5,
        datetime.datetime(2026, 2, 3),
    )
    assert values[2] == ("5560000002", "Bell & <Co> AB", 0, None, datetime.datetime(2026, 3, 1))
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert sheet.cell(row=2, column=3).number_format == "#,##0.0"
    assert sheet.cell(row=2, column=4).number_format == "#,##0.00"
    assert sheet.cell(row=2, column=5).number_format == "yyyy\\-mm\\-dd"
    assert sheet.cell(row=1, column=1).font.b
    assert list(book["Om"].iter_rows(values_only=True)) == [("Period", "2026H1")]


def test_columns_past_z_are_named_like_excels():
    content = xlsx.workbook([xlsx.Sheet("Bred", [f"k{i}" for i in range(30)], [list(range(30))])])
    sheet = load_workbook(io.BytesIO(content))["Bred"]
    assert sheet["AD2"].value == 29 and sheet["Z1"].value == "k25"
