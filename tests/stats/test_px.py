"""PC-Axis files: encodings, multilingual keywords, KEYS layout, symbols and errors."""

from __future__ import annotations

import numpy as np
import pytest

from spets.stats.errors import ParseError
from spets.stats.px import parse_px, read_px


def test_a_latin1_file_keeps_codes_labels_in_both_languages_and_metadata(fixtures):
    c = read_px(fixtures / "dagbef_latin1.px")
    assert [d.code for d in c.dims] == ["Region", "SNI2007", "Kon", "Tid"]
    assert [d.role for d in c.dims] == ["geo", None, None, "time"]
    sni = c.dim("SNI2007")
    assert sni.codes == ["A", "B+C", "00"]
    assert sni.labels["sv"][1] == "tillverkning och utvinning"
    assert sni.labels["en"][2] == "data missing"
    assert c.dim("Region").labels["sv"][1] == "2081 Borlänge"  # ä decoded from ISO-8859-1
    assert c.dim("Kon").label == {"sv": "kön", "en": "sex"}
    assert c.title["sv"].endswith("näringsgren SNI 2007, kön och år")  # continued string joined
    assert c.title["en"].startswith("Employed persons 16+")
    assert c.updated.isoformat() == "2019-11-20T09:30:00"
    assert c.unit == "antal" and c.decimals == 0 and c.source == "SCB"
    assert c.table_id == "AM0207K/DagSNI07KonK"
    assert c.notes == ["Uppgifterna för 2018 är slutliga."]
    assert c.dim("Region").elimination is True


def test_symbols_are_status_not_zero(fixtures):
    c = read_px(fixtures / "dagbef_latin1.px")
    assert c.get(Region="2080", SNI2007="A", Kon="1", Tid="2018") == (498.0, "")
    value, symbol = c.get(Region="2080", SNI2007="B+C", Kon="1", Tid="2018")
    assert np.isnan(value) and symbol == ".."
    value, symbol = c.get(Region="2080", SNI2007="00", Kon="2", Tid="2018")
    assert np.isnan(value) and symbol == "-"
    assert c.get(Region="2081", SNI2007="00", Kon="2", Tid="2017")[1] == "..."
    assert c.get(Region="2081", SNI2007="B+C", Kon="2", Tid="2017")[1] == "."
    assert c.get(Region="2081", SNI2007="A", Kon="2", Tid="2017")[1] == ".."
    assert c.get(Region="2081", SNI2007="A", Kon="2", Tid="2018") == (1.5, "")  # DATA over odd line breaks


def test_datanotecell_marks_a_number_with_its_footnote(fixtures):
    c = read_px(fixtures / "dagbef_latin1.px")
    assert c.get(Region="2081", SNI2007="B+C", Kon="2", Tid="2018") == (3.0, "B")


def test_utf8_keys_layout_fills_given_rows_and_marks_left_out_rows_as_dash(fixtures):
    c = read_px(fixtures / "skatt_keys_utf8.px")
    assert [d.code for d in c.dims] == ["region", "tabellinnehåll", "år"]
    assert c.dim("region").labels["sv"][2] == "2180 Gävle"  # multi-line VALUES, UTF-8
    assert c.dim("tabellinnehåll").role == "metric"
    assert c.dim("tabellinnehåll").units == {"Kommunalskatt": "procent", "Regionskatt": "procent"}
    assert c.dim("år").codes == ["2023", "2024"] and c.dim("år").role == "time"
    assert c.get(region="1780", tabellinnehåll="Regionskatt", år="2024") == (11.78, "")
    assert c.get(region="2080", tabellinnehåll="Kommunalskatt", år="2024")[1] == ".."
    value, symbol = c.get(region="2080", tabellinnehåll="Regionskatt", år="2023")  # row not in DATA
    assert np.isnan(value) and symbol == "-"
    assert c.updated.isoformat() == "2023-12-06T09:30:00"  # newest LAST-UPDATED
    assert c.title["en"].startswith("Municipal tax rate")


def test_a_missing_equals_sign_names_file_and_line():
    raw = b'CHARSET="ANSI";\nSTUB="region";\nVALUES("region") "0114";\nDATA=\n1;\n'
    with pytest.raises(ParseError) as e:
        parse_px(raw, name="broken.px")
    assert str(e.value).startswith("broken.px, line 3:")
    assert "expected '=' after keyword VALUES" in str(e.value)


def test_a_wrong_number_of_values_names_the_data_line():
    raw = (
        b'STUB="region";\nHEADING="year";\nVALUES("region")="a","b";\nVALUES("year")="2020";\nDATA=\n1 2 3;\n'
    )
    with pytest.raises(ParseError, match=r"^x\.px, line 5: expected 2 DATA values"):
        parse_px(raw, name="x.px")


def test_a_bad_number_names_its_own_line():
    raw = (
        b'STUB="region";\nHEADING="year";\nVALUES("region")="a","b";\nVALUES("year")="1","2";\n'
        b"DATA=\n1 2\n3 4x;\n"
    )
    with pytest.raises(ParseError, match=r"^x\.px, line 7: expected a number .* found '4x'"):
        parse_px(raw, name="x.px")


def test_an_unclosed_string_and_a_missing_data_keyword_are_reported():
    with pytest.raises(ParseError, match=r"line 2: expected a closing"):
        parse_px(b'STUB="region";\nTITLE="oops;\nDATA=\n1;', name="t.px")
    with pytest.raises(ParseError, match="expected a DATA= keyword"):
        parse_px(b'STUB="region";\n', name="t.px")


def test_an_unknown_key_in_a_keys_row_is_reported(fixtures):
    raw = (fixtures / "skatt_keys_utf8.px").read_bytes().replace(b'"2180" "Regional', b'"9999" "Regional')
    with pytest.raises(ParseError, match=r"line \d+: expected a CODES value of 'region', found '9999'"):
        parse_px(raw, name="skatt.px")
