"""Assessment exports: company names (user text) never become spreadsheet formulas; scores stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from spets.assessment import exports

ATTACK = '=HYPERLINK("http://x","y")'


@pytest.fixture
def hostile_rows(monkeypatch):
    monkeypatch.setattr(
        exports,
        "long_rows",
        lambda user: (["orgnr", "company", "score"], [["5560000001", ATTACK, -2.5]], False),
    )
    monkeypatch.setattr(exports, "demo_loaded", lambda: False)


def test_csv_company_name_is_inert_and_scores_stay_numbers(hostile_rows):
    response = exports.results_file(None, "long", "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["5560000001", "'" + ATTACK, "-2.5"]


def test_xlsx_company_name_is_a_string_cell(hostile_rows):
    response = exports.results_file(None, "long", "xlsx")
    row = load_workbook(io.BytesIO(response.content)).active[2]
    assert (row[1].value, row[1].data_type) == (ATTACK, "s")
    assert (row[2].value, row[2].data_type) == (-2.5, "n")
