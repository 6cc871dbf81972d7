"""The DuckDB statistics store: versions, no-op re-import, rollback, slices and roll-ups."""

from __future__ import annotations

import numpy as np
import pytest

from spets.stats import cube as C
from spets.stats.errors import UnknownCodeError
from spets.stats.jsonstat import read_jsonstat
from spets.stats.px import read_px
from spets.stats.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "stats.duckdb") as s:
        yield s


@pytest.fixture
def rams(fixtures):
    return read_px(fixtures / "dagbef_latin1.px")


def test_an_import_keeps_provenance_and_reads_back_identical(store, rams):
    r = store.import_cube(rams, query={"file": "dagbef_latin1.px"}, fetched_at="2025-01-15T10:00:00Z")
    assert (r.version, r.created) == (1, True)
    info = store.info("AM0207K/DagSNI07KonK")
    assert info.n_cells == 24 and info.source == "SCB" and info.unit == "antal"
    assert info.source_updated.isoformat() == "2019-11-20T09:30:00"
    assert info.fetched_at.isoformat() == "2025-01-15T10:00:00"
    assert info.query == {"file": "dagbef_latin1.px"}
    back = store.load("AM0207K/DagSNI07KonK")
    assert np.array_equal(back.values, rams.values, equal_nan=True)
    assert np.array_equal(back.status, rams.status)
    assert back.get(Region="2081", SNI2007="B+C", Kon="2", Tid="2018") == (3.0, "B")
    assert back.dim("SNI2007").labels["en"][2] == "data missing"
    assert back.provenance_sources == ["AM0207K/DagSNI07KonK"]


def test_reimporting_the_same_release_is_a_no_op(store, rams):
    first = store.import_cube(rams)
    again = store.import_cube(read_px_copy(rams))
    assert again == first.__class__(first.cube_id, first.series, 1, created=False)
    assert len(store.cubes()) == 1


def read_px_copy(c: C.Cube) -> C.Cube:
    return c.select()  # an equal but separate cube


def test_a_new_release_becomes_a_new_version_and_the_old_stays_readable(store, rams):
    store.import_cube(rams)
    revised = rams.select()
    revised.values = revised.values.copy()
    revised.values[0, 0, 0, 0] = 515.0
    r = store.import_cube(revised)
    assert (r.version, r.created) == (2, True)
    assert [c.version for c in store.cubes("AM0207K/DagSNI07KonK")] == [1, 2]
    assert (
        store.slice("AM0207K/DagSNI07KonK", Region="2080", SNI2007="A", Kon="1", Tid="2017").values.item()
        == 515
    )
    old = store.slice("AM0207K/DagSNI07KonK", version=1, Region="2080", SNI2007="A", Kon="1", Tid="2017")
    assert old.values.item() == 512


def test_a_failed_import_leaves_nothing_behind(store, rams, monkeypatch):
    import spets.stats.store as store_mod

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_mod, "_long_columns", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        store.import_cube(rams)
    assert store.cubes() == []
    assert store.con.execute("SELECT count(*) FROM stats_dim_value").fetchone()[0] == 0
    tables = [t for (t,) in store.con.execute("SHOW TABLES").fetchall()]
    assert not any(t.startswith("stats_cells_") for t in tables)
    monkeypatch.undo()
    assert store.import_cube(rams).version == 1  # and the next import works


def test_slice_keeps_requested_order_and_status(store, rams):
    store.import_cube(rams)
    s = store.slice("AM0207K/DagSNI07KonK", Tid="2018", SNI2007=["B+C", "A"], Kon="1")
    assert s.shape == (2, 2, 1, 1) and s.dim("SNI2007").codes == ["B+C", "A"]
    assert s.get(Region="2080", SNI2007="B+C", Kon="1", Tid="2018")[1] == ".."
    assert s.get(Region="2080", SNI2007="A", Kon="1", Tid="2018") == (498.0, "")


def test_rollup_to_county_marks_sums_with_missing_parts_as_partial(store, rams):
    store.import_cube(rams)
    county = store.aggregate(
        "AM0207K/DagSNI07KonK",
        dim="Region",
        mapping={"2080": "20", "2081": "20"},
        labels={"20": "Dalarnas län"},
        total_over=["Kon"],
        SNI2007="A",
    )
    assert county.dim("Region").codes == ["20"] and county.dim("Region").labels["sv"] == ["Dalarnas län"]
    assert county.get(Region="20", SNI2007="A", Tid="2017") == (
        512 + 3105 + 405.0,
        "partial",
    )  # Borlänge women ..
    assert county.get(Region="20", SNI2007="A", Tid="2018") == (498 + 3120 + 399 + 1.5, "")


def test_rollup_reads_only_mapped_children_and_nation_is_a_mapping_to_one_code(store, rams):
    store.import_cube(rams)
    only_falun = store.aggregate(
        "AM0207K/DagSNI07KonK", dim="Region", mapping={"2080": "X"}, SNI2007="A", Kon="1"
    )
    assert only_falun.get(Region="X", SNI2007="A", Kon="1", Tid="2017") == (512.0, "")
    nation = store.aggregate(
        "AM0207K/DagSNI07KonK",
        dim="Region",
        mapping={"2080": "00", "2081": "00"},
        total_over=["Kon", "SNI2007"],
    )
    assert nation.dim("Region").codes == ["00"]


def test_unknown_cube_dimension_or_code_lists_choices(store, rams):
    store.import_cube(rams)
    with pytest.raises(UnknownCodeError, match=r"no stored cube 'X'; stored: AM0207K/DagSNI07KonK v1"):
        store.slice("X")
    with pytest.raises(UnknownCodeError, match="valid: Region, SNI2007, Kon, Tid"):
        store.slice("AM0207K/DagSNI07KonK", Sex="1")
    with pytest.raises(UnknownCodeError, match="no value '2030'"):
        store.slice("AM0207K/DagSNI07KonK", Tid="2030")


def test_a_second_series_gets_its_own_versions(store, rams, fixtures):
    store.import_cube(rams)
    r = store.import_cube(read_jsonstat(fixtures / "dagbef_2019_2021.json"), series="AM0207Z/DagSni07KonKN")
    assert r.version == 1
    assert sorted(c.series for c in store.cubes()) == ["AM0207K/DagSNI07KonK", "AM0207Z/DagSni07KonKN"]


def _random_cube(seed: int) -> C.Cube:
    rng = np.random.default_rng(seed)
    sizes = {"Region": 13, "SNI2007": 7, "Kon": 2, "ContentsCode": 3, "Tid": 5}
    roles = {"Region": "geo", "ContentsCode": "metric", "Tid": "time"}
    dims = [
        C.Dimension(
            code,
            [f"{code[0]}{i}" for i in range(n)],
            {"sv": code},
            {"sv": [str(i) for i in range(n)]},
            roles.get(code),
        )
        for code, n in sizes.items()
    ]
    shape = tuple(sizes.values())
    values = rng.integers(0, 1000, shape).astype(float)
    status = np.where(rng.random(shape) < 0.1, C.NOT_AVAILABLE, C.OK).astype(np.uint8)
    values[status == C.NOT_AVAILABLE] = np.nan
    return C.Cube(dims, values, status, table_id="T/Random")


@pytest.mark.parametrize("range_read", [0, 10**9], ids=["positions joined", "span read whole"])
def test_a_slice_reads_the_same_cells_whichever_way_it_reads_them(tmp_path, monkeypatch, range_read):
    from spets.stats import store as store_module

    monkeypatch.setattr(store_module, "_RANGE_READ", range_read)
    cube = _random_cube(5)
    with Store(tmp_path / "stats.duckdb") as s:
        s.import_cube(cube)
    rng = np.random.default_rng(9)
    with Store(tmp_path / "stats.duckdb", read_only=True) as s:
        for _ in range(25):
            picked = {
                d.code: list(rng.choice(d.codes, rng.integers(1, len(d) + 1), replace=False))
                for d in cube.dims
                if rng.random() < 0.6
            }
            got = s.slice("T/Random", **picked)
            idx = np.ix_(*[[d.index(c) for c in picked.get(d.code, d.codes)] for d in cube.dims])
            assert np.array_equal(got.values, cube.values[idx], equal_nan=True)
            assert np.array_equal(got.status, cube.status[idx])


def test_a_reader_lets_go_of_the_file_when_closed_so_a_writer_can_open_it(tmp_path, rams):
    path = tmp_path / "stats.duckdb"
    with Store(path) as s:
        s.import_cube(rams)
    for _ in range(3):  # a reader per request, then a writer between requests
        with Store(path, read_only=True) as r:
            assert r.load("AM0207K/DagSNI07KonK").size == 24
        with Store(path) as w:
            assert [c.version for c in w.cubes()] == [1]
