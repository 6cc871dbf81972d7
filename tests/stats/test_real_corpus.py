"""The corpus in tests/stats/real/ (see its README): every file parses, and its cell count and the sum
of its figures match a second count made independently, straight from the file's text."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from spets.stats.jsonstat import parse_jsonstat, parse_jsonstat_datasets
from spets.stats.px import read_px

REAL = Path(__file__).parent / "real"
SYMBOLS = {"..", ".", "-", "...", "....", "....."}


def px_independent(path: Path) -> tuple[int, float]:
    """(cells, sum of figures) by reading the text: VALUES lists give the cube's size; DATA tokens, or
    KEYS rows, give the figures."""
    text = path.read_text(encoding="utf-8")
    head, data = text.split("DATA=", 1)
    heads = re.findall(r"^(STUB|HEADING)=(.*?);", head, re.M | re.S)
    names = [n for _kw, v in heads for n in re.findall(r'"([^"]*)"', v)]
    sizes = []
    for n in names:
        m = re.search(r'^VALUES\("' + re.escape(n) + r'"\)=(.*?);', head, re.M | re.S)
        sizes.append(len(re.findall(r'"[^"]*"', m.group(1))))
    cells = math.prod(sizes)
    keyed = re.findall(r'^KEYS\("([^"]*)"\)', head, re.M)
    tokens = []
    for row in data.strip().splitlines():
        items = re.findall(r'"[^"]*"|[^\s;,]+', row)
        tokens += items[len(keyed) :]
    figures = [float(t.strip('"')) for t in tokens if t.strip('"') not in SYMBOLS]
    if not keyed:
        assert len(tokens) == cells
    return cells, sum(figures)


def jsonstat_independent(doc: dict) -> list[tuple[int, float]]:
    """(cells, sum of figures) of each dataset in a JSON-stat 1.0 or 2.0 document."""
    if doc.get("class") == "collection":
        sets = doc["link"]["item"]
    elif "id" in doc:
        sets = [doc]
    else:
        sets = [v for v in doc.values() if isinstance(v, dict)]
    out = []
    for ds in sets:
        size = ds["size"] if "size" in ds else ds["dimension"]["size"]
        values = ds["value"]
        figures = values.values() if isinstance(values, dict) else values
        out.append((math.prod(size), sum(v for v in figures if v is not None)))
    return out


PX_FILES = sorted(REAL.glob("*.px"))
JSON_FILES = sorted(REAL.glob("*.json"))


def test_the_corpus_has_files_of_every_kind():
    assert len(PX_FILES) >= 5 and len(JSON_FILES) >= 4


@pytest.mark.parametrize("path", PX_FILES, ids=lambda p: p.name)
def test_a_px_file_has_the_cells_an_independent_reading_finds(path):
    cube = read_px(path)
    cells, total = px_independent(path)
    assert cube.size == cells
    assert np.nansum(cube.values) == pytest.approx(total)


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_a_jsonstat_file_has_the_cells_an_independent_reading_finds(path):
    found = parse_jsonstat_datasets(path.read_bytes(), name=path.name)
    expected = jsonstat_independent(json.loads(path.read_text(encoding="utf-8")))
    assert [(c.size, pytest.approx(float(np.nansum(c.values)))) for _k, c in found] == expected


def test_jsonstat_1_0_from_pxweb_v1_reads_ids_sizes_roles_and_units():
    cube = parse_jsonstat((REAL / "scb_v1_jsonstat1_folkmangd.json").read_bytes())
    assert [d.code for d in cube.dims] == ["Region", "ContentsCode", "Tid"]
    assert [d.role for d in cube.dims] == ["geo", "metric", "time"]
    assert cube.dim("ContentsCode").units == {"BE0101N1": "antal"}
    assert cube.get(Region="2081", ContentsCode="BE0101N1", Tid="2023") == (52462.0, "")
    assert cube.title == {"sv": "Folkmängden efter region, tabellinnehåll och år"}


def test_a_bundle_gives_one_cube_per_dataset_and_a_single_reader_names_them():
    found = dict(parse_jsonstat_datasets((REAL / "scb_v1_jsonstat1_bundle.json").read_bytes()))
    assert list(found) == ["befolkning", "forvarvsarbetande"]
    steel = found["forvarvsarbetande"]
    assert steel.get(Region="2081", SNI2007="24", Tid="2023")[1] == ".."
    with pytest.raises(Exception, match="expected one dataset, found 2 .*befolkning, forvarvsarbetande"):
        parse_jsonstat((REAL / "scb_v1_jsonstat1_bundle.json").read_bytes(), name="bundle.json")


def test_a_collection_gives_its_embedded_datasets_with_their_table_ids():
    found = parse_jsonstat_datasets((REAL / "scb_v2_collection.json").read_bytes())
    assert [c.table_id for _k, c in found] == ["BE0101B/BefolkningMedelAlder", "AM0401N/NAKUArblosaTBM"]
    months = found[1][1]
    value, status = months.get(Region="20", Tid="2024M02")
    assert np.isnan(value) and status == ".."


def test_pxweb_v2_notes_are_kept_and_mandatory_ones_flagged():
    cube = parse_jsonstat((REAL / "scb_v2_notes.json").read_bytes())
    assert cube.notes[0].startswith("Uppgifterna bygger på")
    assert cube.footnotes["SNI2007=24"].startswith("Uppgifter för små kommuner")
    assert cube.footnotes["SNI2007"].startswith("Näringsgren enligt SNI 2007")
    assert cube.extra["mandatory_notes"] == [cube.notes[0], cube.footnotes["SNI2007=24"]]


def test_px_variants_read_values_and_symbols():
    rows = read_px(REAL / "semicolon_rows.px")
    assert rows.get(**{"region": "2084", "näringsgren SNI 2007": "24", "år": "2022"}) == (1566.0, "")
    assert rows.get(**{"region": "2084", "näringsgren SNI 2007": "24", "år": "2023"})[1] == ".."
    assert rows.extra["timeval"]["år"] == {"unit": "A1", "periods": ["2021", "2022", "2023"]}
    quoted = read_px(REAL / "quoted_tabs_no_final_semicolon.px")
    assert quoted.get(region="2081", kön="2", år="2023") == (43.2, "")
    assert quoted.get(region="2085", kön="1", år="2023")[1] == ".."
    for name in ("keys_values.px", "keys_codes.px"):
        keys = read_px(REAL / name)
        assert keys.get(**{"region": "2081", "näringsgren SNI 2007": "G", "år": "2023"}) == (405.0, "")
        # a row the file leaves out has no data: "-", not a 0 of our own
        assert keys.get(**{"region": "2081", "näringsgren SNI 2007": "25", "år": "2023"})[1] == "-"
    quarters = read_px(REAL / "tlist_quarters.px")
    assert quarters.extra["timeval"]["kvartal"]["periods"] == [
        "20231",
        "20232",
        "20233",
        "20234",
        "20241",
        "20242",
    ]
    assert quarters.dim("kvartal").role == "time"
