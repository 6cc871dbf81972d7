"""Register exports: a company name that is a formula comes out as inert text in CSV and XLSX."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from spets.core.scoping import unscoped

ATTACK = '=HYPERLINK("http://x","y")'
pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(company):
    with unscoped():
        company.name = ATTACK
        company.save()
    return company


def test_csv_prefixes_the_formula_with_an_apostrophe(client, anna, hostile):
    client.force_login(anna)
    response = client.get(reverse("companies:export", args=["companies", "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8")
    fields = [f for line in text.splitlines() for f in line.split(";")]
    assert any(f.startswith("'=HYPERLINK") or f.startswith("\"'=HYPERLINK") for f in fields)
    assert not any(f.startswith("=") or f.startswith('"=') for f in fields)


def test_xlsx_keeps_the_text_as_a_string_cell(client, anna, hostile):
    client.force_login(anna)
    response = client.get(reverse("companies:export", args=["companies", "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == ATTACK]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
