"""JSON-stat 2.0, PxWeb plain JSON and SCB CSV: content, status and error locations."""

from __future__ import annotations

import json

import numpy as np
import pytest

from spets.stats.errors import ParseError
from spets.stats.jsonstat import parse_jsonstat, read_jsonstat
from spets.stats.pxweb_json import read_pxweb_json
from spets.stats.scb_csv import parse_scb_csv, read_scb_csv


def test_jsonstat_dataset_keeps_roles_units_notes_and_status(fixtures):
    c = read_jsonstat(fixtures / "dagbef_2019_2021.json")
    assert [d.code for d in c.dims] == ["Region", "SNI2007", "Kon", "ContentsCode", "Tid"]
    assert c.dim("Region").role == "geo" and c.dim("Tid").role == "time"
    assert c.dim("ContentsCode").units == {"00000544": "antal"}
    assert c.dim("Region").labels["sv"] == ["Falun", "Borlänge"]
    assert c.dim("Tid").labels["sv"] == ["2019", "2020", "2021"]  # no labels given: codes
    assert c.updated.year == 2023 and c.table_id == "TAB5837"
    assert c.notes == ["Ny tidsserie från 2019 (RAMS)."]
    assert c.footnotes["SNI2007=00"] == "Uppgift om näringsgren saknas."
    cell = {"Region": "2080", "SNI2007": "00", "ContentsCode": "00000544"}
    value, symbol = c.get(**cell, Kon="1", Tid="2020")
    assert np.isnan(value) and symbol == ".."
    assert c.get(**cell, Kon="2", Tid="2021") == (0.0, "-")
    assert c.get(Region="2081", SNI2007="00", Kon="2", ContentsCode="00000544", Tid="2019") == (18.0, "e")


def test_jsonstat_null_without_status_is_missing_not_zero():
    doc = {
        "version": "2.0",
        "class": "dataset",
        "id": ["x"],
        "size": [2],
        "dimension": {"x": {"category": {"index": ["a", "b"]}}},
        "value": {"0": 5},
    }
    c = parse_jsonstat(json.dumps(doc))
    assert c.get(x="a") == (5.0, "")
    assert c.get(x="b")[1] == ".."


def test_jsonstat_status_as_array_and_as_one_string():
    base = {
        "version": "2.0",
        "class": "dataset",
        "id": ["x"],
        "size": [3],
        "dimension": {"x": {"category": {"index": ["a", "b", "c"]}}},
        "value": [1, None, 3],
    }
    c = parse_jsonstat(json.dumps({**base, "status": [None, "..", "p"]}))
    assert [c.get(x=k)[1] for k in "abc"] == ["", "..", "p"]
    c = parse_jsonstat(json.dumps({**base, "status": "p"}))
    assert [c.get(x=k)[1] for k in "abc"] == ["p", "p", "p"]


@pytest.mark.parametrize(
    "mutate, where",
    [
        (lambda d: d.pop("size"), "at $: expected key 'size'"),
        (
            lambda d: d["dimension"]["Kon"]["category"].update(index=["1"]),
            "at dimension.Kon.category.index: expected 2 categories",
        ),
        (lambda d: d.__setitem__("value", d["value"][:-1]), "at value: expected 36 values"),
        (lambda d: d["value"].__setitem__(7, "many"), "at value[7]: expected a number or null"),
        (lambda d: d.__setitem__("status", {"99": ".."}), "at status.99: expected a cell index"),
    ],
)
def test_jsonstat_errors_name_the_json_path(fixtures, mutate, where):
    doc = json.loads((fixtures / "dagbef_2019_2021.json").read_text(encoding="utf-8"))
    mutate(doc)
    with pytest.raises(ParseError) as e:
        parse_jsonstat(json.dumps(doc), name="dagbef.json")
    assert str(e.value).startswith("dagbef.json, " + where)


def test_jsonstat_syntax_error_names_the_line():
    with pytest.raises(ParseError, match=r"^bad\.json, line 3: expected valid JSON"):
        parse_jsonstat(b'{\n "id": ["x"],\n "size": [1,,]\n}', name="bad.json")


def test_pxweb_plain_json_makes_contents_a_metric_dimension(fixtures):
    c = read_pxweb_json(fixtures / "pxweb_plain.json")
    assert [d.code for d in c.dims] == ["Region", "Tid", "ContentsCode"]
    assert c.dim("ContentsCode").units == {"BRP": "mnkr", "BRPperInv": "tkr"}
    assert c.get(Region="17", Tid="2021", ContentsCode="BRP") == (128734.0, "")
    assert c.get(Region="17", Tid="2022", ContentsCode="BRPperInv")[1] == ".."
    assert c.get(Region="21", Tid="2022", ContentsCode="BRP")[1] == ".."  # row not returned
    assert c.footnotes["Region=17"] == "Värmlands län"
    assert c.updated.year == 2023


def test_pxweb_plain_json_error_names_the_row(fixtures):
    doc = json.loads((fixtures / "pxweb_plain.json").read_text(encoding="utf-8"))
    doc["data"][2]["values"] = ["12x", "1"]
    with pytest.raises(ParseError, match=r"at data\[2\]\.values\[0\]: expected a number"):
        from spets.stats.pxweb_json import parse_pxweb_json

        parse_pxweb_json(json.dumps(doc), name="brp.json")


def test_scb_csv_semicolon_latin1_with_title_decimal_comma_and_symbols(fixtures):
    c = read_scb_csv(
        fixtures / "scb_semicolon_latin1.csv",
        dim_codes={"region": "Region", "näringsgren SNI 2007": "SNI2007"},
    )
    assert [d.code for d in c.dims] == ["Region", "SNI2007", "Tid"]
    assert c.dim("Region").codes == ["2080", "2081"]
    assert c.dim("Region").labels["sv"] == ["Falun", "Borlänge"]
    assert c.dim("SNI2007").codes == ["B+C", "A"]
    assert c.get(Region="2080", SNI2007="A", Tid="2020") == (512.5, "")
    assert c.get(Region="2080", SNI2007="A", Tid="2019")[1] == ".."
    assert c.get(Region="2081", SNI2007="A", Tid="2019")[1] == "-"
    assert c.get(Region="2081", SNI2007="A", Tid="2020")[1] == "."
    assert c.title["sv"].startswith("Förvärvsarbetande 16+ år")


def test_scb_csv_comma_with_bom_and_contents_in_the_period_header(fixtures):
    c = read_scb_csv(fixtures / "scb_comma_bom.csv")
    assert [d.code for d in c.dims] == ["region", "kön", "ContentsCode", "Tid"]
    assert c.dim("ContentsCode").codes == ["Förvärvsarbetande", "Arbetslösa"]
    assert c.get(region="1780", kön="kvinnor", ContentsCode="Förvärvsarbetande", Tid="2020") == (26010.0, "")
    assert c.get(region="1780", kön="kvinnor", ContentsCode="Arbetslösa", Tid="2020")[1] == ".."


def test_scb_csv_errors_name_file_and_line():
    raw = "region\t2019\t2020\n0114 Upplands Väsby\t1\t2\n0115 Vallentuna\t3\tmany\n".encode()
    with pytest.raises(ParseError, match=r"^k\.csv, line 3: expected a number .* found 'many'"):
        parse_scb_csv(raw, name="k.csv")
    with pytest.raises(ParseError, match=r"^k\.csv, line 1: expected a header line"):
        parse_scb_csv(b"just some text\n", name="k.csv")
    with pytest.raises(ParseError, match=r"^k\.csv, line 3: expected 3 fields, found 2"):
        parse_scb_csv(b"region;2019;2020\n0114 A;1;2\n0115 B;3\n", name="k.csv")
