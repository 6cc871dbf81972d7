"""Files published by statistics agencies (tests/stats/real/published/, sources in tests/stats/real/README.md):
each is read with Spets' readers, and its cell count, the sum of its figures and a few cells are checked
against a second reading made straight from the file with plain Python (``codecs``/``re`` for PX, ``json``
for JSON-stat), not with Spets' parsers."""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from spets.stats.errors import ParseError
from spets.stats.jsonstat import parse_jsonstat, parse_jsonstat_datasets
from spets.stats.px import read_px

PUBLISHED = Path(__file__).parent / "real" / "published"
PX_SYMBOLS = {"..", ".", "-", "...", "....", ".....", "......"}
PX_FILES = sorted(PUBLISHED.glob("*.px"))
# every JSON-stat file but the one kept to show a malformed answer is refused
JSON_FILES = sorted(p for p in PUBLISHED.glob("*.json") if "mismatch" not in p.name)


# -- the independent readings ---------------------------------------------------------------------


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    parts, cur, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


class PxText:
    """A PX file read the plain way: decoded in its declared CODEPAGE, the header cut into statements at
    the semicolons outside quotes, the DATA section cut into whitespace-separated tokens."""

    def __init__(self, path: Path):
        raw = path.read_bytes()
        m = re.search(rb'CODEPAGE="([^"]+)"', raw)
        self.codepage = m.group(1).decode("ascii") if m else "iso-8859-1"
        text = raw.decode(self.codepage)
        head, data = re.split(r"(?:^|;)\s*DATA=", text, maxsplit=1, flags=re.M)
        self.stmts: dict[str, str] = {}
        for stmt in _split_outside_quotes(head, ";"):
            if "=" in stmt:
                key, value = stmt.split("=", 1)  # no key here holds a "="
                self.stmts[key.strip()] = value.strip()
        self.variables = [
            n for kw in ("STUB", "HEADING") for n in re.findall(r'"([^"]*)"', self.stmts.get(kw, ""))
        ]
        self.values = {
            n: [v.strip().strip('"') for v in _split_outside_quotes(self.stmts[f'VALUES("{n}")'], ",")]
            for n in self.variables
        }
        self.tokens = [t.strip('"') for t in re.findall(r'"[^"]*"|[^\s;]+', data)]

    @property
    def cells(self) -> int:
        return math.prod(len(v) for v in self.values.values())

    def figures(self) -> list[float]:
        return [float(t) for t in self.tokens if t not in PX_SYMBOLS]

    def token(self, **labels: str) -> str:
        """The DATA token of one cell, by the VALUES text of each variable (the last varies fastest)."""
        flat = 0
        for n in self.variables:
            flat = flat * len(self.values[n]) + self.values[n].index(labels[n])
        return self.tokens[flat]


def json_datasets(doc: dict) -> dict[str, dict]:
    """The datasets of a JSON-stat 1.0 or 2.0 file, with their ``id`` and ``size`` wherever they are."""
    if "id" in doc:
        return {"dataset": {**doc, "dims": doc["id"], "sizes": doc["size"]}}
    return {
        k: {**ds, "dims": ds["dimension"]["id"], "sizes": ds["dimension"]["size"]}
        for k, ds in doc.items()
        if isinstance(ds, dict) and "dimension" in ds
    }


def json_figures(ds: dict) -> list[float]:
    values = ds["value"]
    return [v for v in (values.values() if isinstance(values, dict) else values) if v is not None]


def json_cell(ds: dict, **codes: str) -> float | None:
    """One cell straight from the JSON: its flat position from each category's ``index`` (list or object)."""
    flat = 0
    for dim, size in zip(ds["dims"], ds["sizes"], strict=True):
        index = ds["dimension"][dim]["category"]["index"]
        pos = index.index(codes[dim]) if isinstance(index, list) else index[codes[dim]]
        flat = flat * size + pos
    values = ds["value"]
    return values.get(str(flat)) if isinstance(values, dict) else values[flat]


# -- every file: cells, sum, known cells ----------------------------------------------------------


def test_the_published_corpus_has_both_formats():
    assert len(PX_FILES) >= 3 and len(JSON_FILES) >= 4


@pytest.mark.parametrize("path", PX_FILES, ids=lambda p: p.name)
def test_a_published_px_file_has_the_cells_an_independent_reading_finds(path):
    cube = read_px(path)
    plain = PxText(path)
    assert len(plain.tokens) == plain.cells  # the file is whole
    assert cube.size == plain.cells
    assert [len(d) for d in cube.dims] == [len(plain.values[n]) for n in plain.variables]
    assert float(np.nansum(cube.values)) == pytest.approx(math.fsum(plain.figures()))
    symbols = [t for t in plain.tokens if t in PX_SYMBOLS]
    assert int(np.isnan(cube.values).sum()) == len(symbols)
    assert sorted(cube.symbol(int(s)) for s in cube.status.ravel() if s) == sorted(symbols)


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_a_published_jsonstat_file_has_the_cells_an_independent_reading_finds(path):
    found = parse_jsonstat_datasets(path.read_bytes(), name=path.name)
    plain = json_datasets(json.loads(path.read_text(encoding="utf-8")))
    assert len(found) == len(plain)
    for (_k, cube), ds in zip(found, plain.values(), strict=True):
        assert cube.size == math.prod(ds["sizes"])
        if isinstance(ds["value"], list):
            assert len(ds["value"]) == cube.size
        assert float(np.nansum(cube.values)) == pytest.approx(math.fsum(json_figures(ds)))
        assert int((~np.isnan(cube.values)).sum()) == len(json_figures(ds))


# -- PC-Axis from INE (Spain) ---------------------------------------------------------------------


def test_ine_files_are_decoded_in_their_codepage_and_keep_their_symbols():
    cube = read_px(PUBLISHED / "ine_01001.px")
    assert cube.extra["encoding"] == "iso8859-15"
    assert cube.dims[0].codes[:2] == ["Número de Centros", "Número de Alumnos"]
    assert cube.source == "Instituto Nacional de Estadística"
    # the first cell, centres in total, is published as ".."
    value, symbol = cube.get(
        **{"Tipo de indicador": "Número de Centros", "Nivel educativo (agregado)": "TOTAL"}
    )
    assert np.isnan(value) and symbol == ".."
    assert cube.get(**{"Tipo de indicador": "Número de Alumnos", "Nivel educativo (agregado)": "TOTAL"}) == (
        2478366.0,
        "",
    )


def test_ine_01006_totals_add_up_in_the_cube():
    """Both sexes = men + women and "Total Condenados" = the sum of the counts by penalties, cell by cell:
    the reader put every figure where the file's variables say."""
    path = PUBLISHED / "ine_01006.px"
    cube, plain = read_px(path), PxText(path)
    v = cube.values
    assert np.array_equal(v[0], v[1] + v[2])
    assert np.array_equal(v[:, :, 0], v[:, :, 1:].sum(axis=2))
    cell = {"Sexo": "Mujer", "Nacionalidad": "América", "Número de penas": "Condenados con una pena"}
    assert cube.get(**cell) == (float(plain.token(**cell)), "") == (879.0, "")
    assert (
        cube.get(
            Sexo="Ambos sexos", Nacionalidad="Total nacionalidad", **{"Número de penas": "Total Condenados"}
        )[0]
        == 222862.0
    )


def test_ine_01004_keeps_codes_notes_and_continued_strings():
    cube = read_px(PUBLISHED / "ine_01004.px")
    region = cube.dim("Comunidad autónoma")
    assert region.codes[:3] == ["null", "ca01", "ca02"]  # INE's code for the total is "null"
    assert region.labels[cube.language][:2] == ["Total", "Andalucía"]
    assert cube.unit == "miles de personas" and cube.decimals == 1
    # NOTEX is written in pieces of 77 characters, cut mid-word: the pieces are joined back
    assert "se proporciona por muestra insuficiente.#" in cube.notes[1]
    assert "debe interpretarse como error de división por cero" in cube.notes[1]
    assert cube.get(
        Sexo="MUJERES", **{"Comunidad autónoma": "ca19", "Masa corporal adulto": "No consta"}
    ) == (
        0.3,
        "",
    )


def test_ine_27067_has_a_semicolon_inside_a_label_and_both_symbols():
    path = PUBLISHED / "ine_27067.px"
    cube, plain = read_px(path), PxText(path)
    divisions = cube.dim("Divisiones")
    assert len(divisions) == 29
    assert "16 Industria de la madera y del corcho, excepto muebles; cestería y espartería" in divisions.codes
    cell = {
        "Comunidades y Ciudades Autónomas": "06 Cantabria",
        "Divisiones": "22 Fabricación de productos de caucho y plásticos",
        "Índice y tasas": "Índice",
        "Periodo": "2018M12",
    }
    assert plain.token(**cell) == "105.854"
    coded = {**cell, "Comunidades y Ciudades Autónomas": "CA06"}  # CODES gives the region its code
    assert cube.get(**coded) == (105.854, "")
    anthracite = {**coded, "Divisiones": "05 Extracción de antracita, hulla y lignito"}
    assert cube.get(**anthracite)[1] == ".."
    beverages = {**coded, "Divisiones": "11 Fabricación de bebidas", "Índice y tasas": "Variación anual"}
    assert plain.token(**{**beverages, "Comunidades y Ciudades Autónomas": "06 Cantabria"}) == "."
    assert cube.get(**beverages)[1] == "."
    assert cube.notes[0].startswith(
        "(..) Dato no disponible por secreto estadístico o porque esa rama no está cubierta"
    )


# -- JSON-stat: SCB, ONS, Eurostat, Statistics Finland ------------------------------------------------


def test_scb_pxweb_jsonstat_1_0_reads_roles_units_time_and_cells():
    path = PUBLISHED / "scb_HS0301_dodsorsak.json"
    cube = parse_jsonstat(path.read_bytes())
    ds = json_datasets(json.loads(path.read_text(encoding="utf-8")))["dataset"]
    assert [d.code for d in cube.dims] == ["Region", "Dodsorsak", "Alder", "Kon", "ContentsCode", "Tid"]
    assert cube.dim("Tid").role == "time" and cube.dim("ContentsCode").role == "metric"
    assert cube.dim("ContentsCode").units == {"HS0301A1": "antal"}
    assert cube.updated == datetime(2015, 11, 25, 19, 36)
    assert cube.source == "Socialstyrelsen (SoS)"
    for alder, kon, tid in [("90+", "2", "1996"), ("85-89", "1", "1980"), ("0", "1", "1982")]:
        cell = dict(Region="25", Dodsorsak="23-28", Alder=alder, Kon=kon, ContentsCode="HS0301A1", Tid=tid)
        assert cube.get(**cell) == (float(json_cell(ds, **cell)), "")
    assert cube.get(
        Region="25", Dodsorsak="23-28", Alder="90+", Kon="2", ContentsCode="HS0301A1", Tid="1996"
    ) == (
        137.0,
        "",
    )


def test_ons_sparse_values_and_an_unordered_index_put_every_figure_in_place():
    path = PUBLISHED / "ons_ST1117EWla.json"
    cube = parse_jsonstat(path.read_bytes())
    ds = json_datasets(json.loads(path.read_text(encoding="utf-8")))["ST1117EWla"]
    age, sex = cube.dim("CL_0000304"), cube.dim("CL_0000035")
    assert age.codes[0] == "CI_0002762" and age.labels[cube.language][:2] == [
        "All categories: Age",
        "Age under 1",
    ]
    assert sex.codes == ["CI_0000121", "CI_0000071", "CI_0000070"]
    v = cube.values.reshape(87, 3)
    assert v[0, 0] == 195074.0
    assert np.array_equal(v[:, 0], v[:, 1] + v[:, 2])  # all = males + females, at every age
    assert np.array_equal(v[0], v[1:].sum(axis=0))  # all ages = the sum of the single years
    cell = {"2011CMLADH": "K04000001", "CL_0000304": "CI_0002763", "CL_0000035": "CI_0000070"}
    cell |= {"Att_000001": "Segment_1", "CL_0000137": "CI_0000001"}
    assert cube.get(**cell) == (float(json_cell(ds, **cell)), "") == (133.0, "")
    assert cube.dim("Att_000001").units == {"Segment_1": "All non-UK born short-term residents"}


def test_eurostat_web_service_statuses_wrapped_like_a_dimension_are_read():
    path = PUBLISHED / "eurostat_nama_gdp_c_FR_IT.json"
    cube = parse_jsonstat(path.read_bytes())
    ds = json_datasets(json.loads(path.read_text(encoding="utf-8")))["nama_gdp_c"]
    gdp = dict(unit="EUR_HAB", indic_na="B1GM")
    assert cube.get(**gdp, geo="IT", time="1990") == (15800.0, "")
    assert cube.get(**gdp, geo="FR", time="2013") == (float(json_cell(ds, **gdp, geo="FR", time="2013")), "")
    value, symbol = cube.get(**gdp, geo="IT", time="2014")
    assert np.isnan(value) and symbol == ":"
    # every cell without a figure carries Eurostat's ":" (not available), and no other cell does
    colons = [i for i, s in enumerate(ds["status"]["value"]) if s == ":"]
    nulls = [i for i, v in enumerate(ds["value"]) if v is None]
    flat = [cube.symbol(int(s)) for s in cube.status.ravel()]
    assert colons == nulls == [i for i, s in enumerate(flat) if s == ":"]


def test_statistics_finland_jsonstat_2_0_keeps_notes_units_and_cells():
    path = PUBLISHED / "statfin_12dz_sv.json"
    cube = parse_jsonstat(path.read_bytes())
    ds = json_datasets(json.loads(path.read_text(encoding="utf-8")))["dataset"]
    assert cube.dim("timeperiod_y").role == "time" and cube.dim("contentscode").role == "metric"
    assert cube.dim("contentscode").units == {"akuo_pros": "procent"}
    assert cube.dim("contentscode").decimals == {"akuo_pros": 0}
    assert cube.footnotes["contentscode=akuo_pros"].startswith(
        "Deltagare i vuxenutbildning bland befolkningen"
    )
    assert cube.updated == datetime(2023, 10, 6, 8, 0)
    for year, age in [("1990", "SSS"), ("2012", "35-44"), ("2022", "55-64")]:
        cell = dict(timeperiod_y=year, ikaryhma_10_20180101=age, contentscode="akuo_pros")
        assert cube.get(**cell) == (float(json_cell(ds, **cell)), "")
    assert cube.get(timeperiod_y="2022", ikaryhma_10_20180101="55-64", contentscode="akuo_pros") == (38.0, "")


def test_an_ons_answer_whose_size_disagrees_with_its_categories_is_refused_by_name():
    path = PUBLISHED / "ons_QS104EW_size_mismatch.json"
    doc = json.loads(path.read_text(encoding="utf-8"))["QS104EW"]
    assert (
        doc["dimension"]["size"][0] == 8965 and len(doc["dimension"]["2011WARDH"]["category"]["index"]) == 1
    )
    with pytest.raises(ParseError, match=r"dimension\.2011WARDH\.category\.index.*expected 8965 categories"):
        parse_jsonstat(path.read_bytes(), name=path.name)
