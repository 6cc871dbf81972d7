"""One number format for pages, PDFs and spreadsheets (spets.core.numbers and the template filters)."""

from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from spets.core import numbers
from spets.core.pdf import Document

T = "\u202f"  # narrow no-break space between groups of digits
NB = "\u00a0"  # between a number and its unit


def test_swedish_numbers_group_thousands_with_a_no_break_space_and_use_a_decimal_comma():
    assert numbers.number(1234567.85, 1) == f"1{T}234{T}567,9"
    assert numbers.number(1234567.85, 1, "en") == "1,234,567.9"
    assert numbers.number(None) == "–" and numbers.number(float("nan")) == "–"
    assert numbers.number(-0.04, 1) == "0,0"


def test_counts_carry_no_decimals():
    assert numbers.count(128213.8) == f"128{T}214"


def test_amounts_take_the_unit_their_size_calls_for():
    assert numbers.money(12_279_681_124) == f"12,3{NB}mdkr"
    assert numbers.money(400_000_000) == f"400{NB}mnkr"  # not 0,4 mdkr
    assert numbers.money(2_350_000) == f"2,4{NB}mnkr"
    assert numbers.money(250_000) == f"250{NB}tkr"
    assert numbers.money(5_500) == f"5{T}500{NB}kr"
    assert numbers.money(-3_000_000) == f"-3,0{NB}mnkr"
    assert numbers.money(None) == "–"
    assert numbers.money_in(4e8, "mdkr") == "0,4"


@given(st.floats(-1e13, 1e13, allow_nan=False))
def test_a_scaled_amount_reads_back_within_its_rounding(amount):
    scaled = numbers.scale_money(amount)
    divisor, _ = numbers.money_unit(amount)
    assert abs(scaled.value * divisor - amount) < 1e-6 * max(1.0, abs(amount))
    text = scaled.text()
    assert "." not in text and text.endswith(scaled.unit)


def test_percentages_use_a_decimal_comma_and_a_spaced_sign():
    assert numbers.percent(0.3142) == f"31,4{NB}%"
    assert numbers.auto(350.0) == "350" and numbers.auto(31.42) == "31,4" and numbers.auto("text") == "text"


def render(source, **context):
    return Template("{% load spets %}" + source).render(Context(context))


def test_the_template_filters_use_the_module_in_both_languages():
    with translation.override("sv"):
        assert render("{{ v|num:1 }}", v=1234.56) == f"1{T}234,6"
        assert render("{{ v|kr }}", v=12_279_681_124) == f"12,3{NB}mdkr"
        assert render("{{ v|count }}", v=128213.8) == f"128{T}214"
        assert render("{{ v|pct }}", v=0.3142) == f"31,4{NB}%"
        assert render("{{ v|mnkr }}", v=4e8) == "0,4"
    with translation.override("en"):
        assert render("{{ v|num:1 }}", v=1234.56) == "1,234.6"
        assert render("{{ v|kr }}", v=4e8) == f"400{NB}m SEK"


def test_pdf_tables_write_numbers_the_swedish_way():
    with translation.override("sv"):
        doc = Document()
    assert (
        doc.cell_text(350.0) == "350" and doc.cell_text(31.42) == "31,4" and doc.cell_text(12345) == "12 345"
    )
    assert doc.cell_text(None) == "-"


def test_a_spreadsheet_column_of_amounts_takes_one_unit_and_keeps_numbers_numeric():
    from openpyxl import Workbook

    from spets.core.spreadsheet import money_column, xlsx_number_cell

    assert money_column([1e6, 4e8, None]) == (1e6, "mnkr")
    sheet = Workbook(write_only=True).create_sheet()
    cell = xlsx_number_cell(sheet, 1234.5, 1)
    assert cell.value == 1234.5 and cell.number_format == "#,##0.0"
