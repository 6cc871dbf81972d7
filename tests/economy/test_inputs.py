"""Platform inputs: geography from the geo app, employment from the statistics store, register shares."""

import numpy as np
import pytest

from spets.companies.models import Company, Workplace
from spets.core.scoping import unscoped
from spets.economy import inputs
from spets.economy.services import table
from spets.geo.models import Municipality
from spets.stats.store import Store


def _stored_bc(path, code: str, year: str) -> float:
    with Store(path, read_only=True) as s:
        cube = s.slice("employment_day_population", Region=code, SNI2007="B+C", Tid=year)
    return float(np.nansum(cube.values) + np.isnan(cube.values).sum() * inputs.SUPPRESSED_IMPUTED)


def test_programme_geography_is_the_41_real_municipalities_plus_rest_of_sweden(stats_store):
    built = inputs.build_inputs(table(), 2025)
    geo = built.geography
    assert len(geo.codes) == 42 and geo.codes[-1] == inputs.REST_CODE
    borlange = Municipality.objects.get(code="2081")
    i = geo.codes.index("2081")
    assert geo.names[i] == borlange.name
    assert (geo.lon[i], geo.lat[i]) == (borlange.centroid_lon, borlange.centroid_lat)
    assert len(built.municipalities) == 290
    assert built.counties.keys() == {"17", "20", "21"}


def test_employment_sums_sexes_and_uses_the_latest_year_not_after_the_request(stats_store):
    values, meta = inputs.read_employment(2025)
    assert meta["year"] == 2024 and meta["requested_year"] == 2025
    assert values["2081"]["B+C"] == pytest.approx(_stored_bc(stats_store, "2081", "2024"))
    values, meta = inputs.read_employment(2012)
    assert meta["year"] == 2012
    assert values["2081"]["B+C"] == pytest.approx(_stored_bc(stats_store, "2081", "2012"))


def test_employment_carries_its_provenance(stats_store):
    _, meta = inputs.read_employment(2025)
    assert meta["series"] == "employment_day_population" and meta["version"] == 1
    assert meta["synthetic"] is True and "synthetic" in meta["source"]
    assert meta["table"] == "DEMO/employment_day_population"
    assert meta["municipalities"] == 290


def test_a_year_before_the_series_lists_the_years_available(stats_store):
    with pytest.raises(
        inputs.InputError, match=r"no employment statistics for 2000 or earlier; years available: 2008, 2009"
    ):
        inputs.read_employment(2000)


def test_missing_store_says_how_to_load_statistics(db, tmp_path, settings):
    settings.STATS_STORE_PATH = tmp_path / "none.duckdb"
    with pytest.raises(
        inputs.InputError, match=r"no employment statistics in the store: run `spets load-demo`"
    ):
        inputs.read_employment(2025)
    assert not (tmp_path / "none.duckdb").exists()  # reading never creates the file


def test_store_without_the_series_says_how_to_load_statistics(db, tmp_path, settings):
    Store(tmp_path / "empty.duckdb").close()
    settings.STATS_STORE_PATH = tmp_path / "empty.duckdb"
    with pytest.raises(inputs.InputError, match="no employment statistics in the store"):
        inputs.read_employment(2025)


def test_aggregates_are_split_over_table_industries_keeping_the_total_of_stated_industries():
    t = table()
    assert inputs.aggregate_industries(t, "B+C")[0] == "B" and "C24" in inputs.aggregate_industries(t, "B+C")
    assert inputs.aggregate_industries(t, "M+N") == ("M-N",)
    assert inputs.aggregate_industries(t, "P") == ("O-Q",)
    row = inputs.split_employment(t, {"B+C": 1000.0, "G": 50.0, "US": 10.0})
    assert row.sum() == pytest.approx(1050.0)  # 'US' (industry not stated) is left out
    c24 = t.industries.index("C24")
    national_share = t.employment[c24] / sum(
        t.employment[t.industries.index(i)] for i in inputs.aggregate_industries(t, "B+C")
    )
    assert row[c24] == pytest.approx(1000 * national_share)


def test_section_a_is_split_over_agriculture_forestry_and_fishing_by_national_employment():
    t = table()
    a = ("A01", "A02", "A03")
    assert inputs.industries_of_section(t, "A") == a and inputs.aggregate_industries(t, "A") == a
    assert [inputs.division_industry(t, d) for d in ("01", "02.1", "03")] == list(a)
    row = inputs.split_employment(t, {"A": 950.0})
    idx = [t.industries.index(i) for i in a]
    assert row.sum() == pytest.approx(950.0)
    # the table's national employment: 69 000 in A01, 24 000 in A02, 2 000 in A03
    assert row[idx].tolist() == pytest.approx([690.0, 240.0, 20.0])


def test_register_division_structure_refines_b_and_c_in_programme_municipalities(stats_store):
    with unscoped():
        firm = Company.objects.create(orgnr="5560000001", name="Stål AB", sni_id="24", municipality_id="2081")
        Workplace.objects.create(company=firm, municipality_id="2081", sni_id="24", employees=900)
        Workplace.objects.create(company=firm, municipality_id="2081", sni_id="25", employees=100)
    built = inputs.build_inputs(table(), 2025)
    t = table()
    row = built.geography.employment[built.geography.codes.index("2081")]
    bc = _stored_bc(stats_store, "2081", "2024")
    c24, c25, c17 = (t.industries.index(i) for i in ("C24", "C25", "C17"))
    # 'US' (industry not stated) is left out; B keeps its share of B+C in the official (national) figures,
    # the register divides C over its divisions — so B never comes out as a silent zero
    b = t.industries.index("B")
    cols = list(inputs.aggregate_industries(t, "B+C"))
    b_share = t.employment[b] / sum(t.employment[t.industries.index(i)] for i in cols)
    assert row[b] == pytest.approx(b_share * bc) and row[b] > 0
    assert row[c24] == pytest.approx(0.9 * (1 - b_share) * bc)
    assert row[c25] == pytest.approx(0.1 * (1 - b_share) * bc)
    assert row[c17] == pytest.approx(0)
    refined = built.metadata["register_refinement"]["municipalities_refined"]
    assert refined == ["2081"]
    # Falun has no register workplaces: national shares, so paper gets its share of B+C
    falun = built.geography.employment[built.geography.codes.index("2080")]
    assert falun[t.industries.index("C17")] > 0


def test_reads_while_this_process_holds_the_store_open_for_writing(stats_store):
    with Store(stats_store):  # e.g. the stats pages in the same process: DuckDB wants the same mode
        values, meta = inputs.read_employment(2025)
    assert meta["year"] == 2024 and "2081" in values


def _import_partial_version(path, codes=("2080", "2081", "2085")):
    """A newer version covering only a few Dalarna municipalities (as after importing three real SCB
    tables and `spets stats stitch`)."""
    from spets.stats.synthetic import demo_cube

    munis = [
        (m.code, m.name, m.county_id) for m in Municipality.objects.filter(code__in=codes).order_by("code")
    ]
    with Store(path) as store:
        result = store.import_cube(demo_cube(munis, seed=7), series="employment_day_population")
    assert result.version == 2
    from spets.economy import services

    services.clear_cache()


def test_a_newer_partial_version_is_skipped_with_a_notice_naming_the_version_used(stats_store):
    from spets.economy import services

    _import_partial_version(stats_store)
    values, meta = inputs.read_employment(2025, ("2081", "2104"))
    assert meta["version"] == 1 and len(values) == 290
    assert "v1 is used" in meta["notices"][0] and "v2 covers 3 municipalities" in meta["notices"][0]
    d = services.footprint("programme")
    assert d["metadata"]["employment_version"] == 1
    assert any("v1 is used" in n and "v2" in n for n in d["metadata"]["notices"])
    # without a needed set the newest version is used as before
    assert inputs.read_employment(2025)[1]["version"] == 2


def test_only_partial_versions_give_the_clear_error(db, tmp_path, settings):
    from spets.stats.services import close_store

    close_store()
    settings.STATS_STORE_PATH = tmp_path / "partial.duckdb"
    from spets.stats.synthetic import demo_cube

    munis = [(m.code, m.name, m.county_id) for m in Municipality.objects.filter(code__in=("2080", "2081"))]
    with Store(settings.STATS_STORE_PATH) as store:
        store.import_cube(demo_cube(munis), series="employment_day_population")
    with pytest.raises(
        inputs.InputError, match=r"lack programme municipalities in every stored version \(v1 lacks 1715"
    ):
        inputs.build_inputs(table(), 2025)
    close_store()
