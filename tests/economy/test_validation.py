"""Validation (`spets footprint validate`): the model's value added against SCB's regional accounts NR0105
when they are in the store (and an instruction when not), its direct output of B + C against the register's
turnover, Type I employment multipliers, and the structural-uncertainty grid (δ of FLQ, extraction)."""

import io
import json

import numpy as np
import pytest
from django.core.management import call_command

from spets.companies.models import Company, Workplace
from spets.core.scoping import unscoped
from spets.economy import checks, services
from spets.economy.demo import programme_geography
from spets.economy.footprint import EconomyModel, footprint
from spets.economy.services import validation
from spets.economy.tables import load_demo_table, sni_to_industries
from spets.stats import cube as C
from spets.stats.services import close_store
from spets.stats.store import Store

TABLE = load_demo_table()
GEO = programme_geography(TABLE)
BC = sni_to_industries(TABLE, "B") + sni_to_industries(TABLE, "C")


# -- pure core ------------------------------------------------------------------------------------


def test_value_added_of_a_region_is_its_employment_times_value_added_per_person():
    va = checks.value_added_by_region(TABLE, GEO)
    i = 3
    expected = sum(
        GEO.employment[i, j] * TABLE.value_added[j] / TABLE.employment[j]
        for j in range(len(TABLE.industries))
    )
    assert va[GEO.codes[i]] == pytest.approx(expected)
    # = the area's value added of a type1 footprint of all its industries (nothing indirect lands inside)
    model = EconomyModel(GEO, TABLE)
    res = footprint(model, "one", (GEO.codes[i],), TABLE.industries, scope="type1")
    assert res.by_place()["area"]["value_added_sek"] == pytest.approx(expected * 1e6, rel=1e-6)


def test_direct_output_is_employment_over_jobs_per_msek_and_ratios_are_never_silent_zeros():
    x = checks.direct_output(TABLE, GEO, BC)
    c24 = TABLE.industries.index("C24")
    only_c24 = checks.direct_output(TABLE, GEO, ("C24",))
    assert only_c24[GEO.codes[0]] == pytest.approx(
        GEO.employment[0, c24] * TABLE.output[c24] / TABLE.employment[c24]
    )
    assert x[GEO.codes[0]] > only_c24[GEO.codes[0]]
    rows = checks.compare({"a": 10.0, "b": 5.0, "c": 1.0}, {"a": 8.0, "b": None, "c": 0.0}, ["a", "b", "c"])
    assert [r["ratio"] for r in rows] == [1.25, None, None]


def test_type_i_employment_multipliers_are_total_jobs_per_direct_job():
    mult = checks.employment_multipliers(TABLE)
    a = TABLE.model().a
    e = TABLE.employment / TABLE.output
    total = e @ np.linalg.inv(np.eye(len(e)) - a)  # (e' L)_j
    assert list(mult) == list(TABLE.industries)
    assert [mult[k] for k in TABLE.industries] == pytest.approx(list(total / e))
    assert all(v >= 1 for v in mult.values())
    # sawmills and pulp mills buy roundwood from forestry, which employs few people per krona
    assert 1.5 < mult["C16"] < 3.5 and 1.5 < mult["C17"] < 3.5


def test_structural_grid_has_three_deltas_with_extraction_and_the_whole_output_variant():
    model = EconomyModel(GEO, TABLE)
    area = GEO.codes[:-1]
    grid = checks.structural_grid(TABLE, GEO, area, BC, model.assumptions)
    assert [(v["method"], v["delta"], v["default"]) for v in grid] == [
        ("extraction", 0.15, False),
        ("extraction", 0.3, True),
        ("extraction", 0.4, False),
        ("whole_output", 0.3, False),
    ]
    default = footprint(model, "programme", area, BC).scopes()
    assert grid[1]["scopes"] == default
    direct = {v["scopes"]["direct"]["jobs"] for v in grid}
    assert len(direct) == 1  # δ and the method change the indirect effects, never the direct jobs
    # a larger δ keeps fewer purchases inside the area; the whole output as final demand counts the
    # area's deliveries between its own industries again
    in_area = [v["scopes"]["type1"]["jobs_in_area"] for v in grid[:3]]
    assert in_area[0] > in_area[1] > in_area[2]
    assert grid[3]["scopes"]["type1"]["jobs"] > grid[1]["scopes"]["type1"]["jobs"]


# -- service and command on the platform's data ----------------------------------------------------


def _nr0105(
    values: dict[str, tuple[float, float]], codes: tuple[str, str] = ("NR0105AI", "NR0105AH")
) -> C.Cube:
    """A hand-made NR0105ENS2010T01A: county × (GRP volume change in %, GRP MSEK) × 2023, 2024, with
    SCB's content codes and labels (NR0105AI, NR0105AH); the percent content comes first so that the
    choice of contents is tested (SCB lists NR0105AH first)."""
    regions = list(values)
    contents = list(codes)
    data = np.array([[[2.1, 1.4], [values[r][0] * 0.97, values[r][0]]] for r in regions])
    return C.Cube(
        dims=[
            C.Dimension("Region", regions, {"sv": "region"}, {"sv": regions, "en": regions}, role="geo"),
            C.Dimension(
                "ContentsCode",
                contents,
                {"sv": "tabellinnehåll"},
                {
                    "sv": ["BRP, volymutveckling i procent", "BRP, löpande priser, mnkr"],
                    "en": ["GRP, volume change in percent", "GRP, current prices, SEK million"],
                },
                role="metric",
            ),
            C.Dimension("Tid", ["2023", "2024"], {"sv": "år"}, {"sv": ["2023", "2024"]}, role="time"),
        ],
        values=data,
        status=np.zeros(data.shape, np.uint8),
        table_id="NR0105ENS2010T01A",
        title={"sv": "BRP efter län (test)"},
        source="SCB (hand-made test cube)",
    )


def _add_to_store(path, cube: C.Cube, series: str) -> None:
    close_store()
    with Store(path) as store:
        store.import_cube(cube, series=series)
    services.clear_cache()


def test_without_nr0105_the_check_says_how_to_import_it(stats_store):
    report = validation.validate(2025)
    va = report["value_added"]
    assert va["status"] == "not_imported" and va["reference"] is None
    assert "spets stats fetch NR0105ENS2010T01A" in va["message"]
    assert [r["code"] for r in va["rows"]] == ["17", "20", "21"]
    assert all(r["model"] > 0 and r["reference"] is None and r["ratio"] is None for r in va["rows"])
    assert report["employment"]["synthetic"] is True and report["table"]["approximate"] is True


def test_with_nr0105_in_the_store_value_added_is_compared_county_by_county(stats_store):
    _add_to_store(
        stats_store,
        _nr0105({"00": (6_000_000.0, 0), "17": (140_000.0, 0), "20": (150_000.0, 0)}),
        "NR0105ENS2010T01A",
    )
    built = services.model_for(2025)
    va_model = checks.value_added_by_region(built.model.table, built.model.geo)
    dalarna = sum(v for c, v in va_model.items() if c in built.inputs.programme and c.startswith("20"))
    va = validation.validate(2025)["value_added"]
    assert va["status"] == "compared"
    assert va["reference"]["year"] == 2024  # the employment statistics' year, not the later tax year
    assert va["reference"]["contents"] == "NR0105AH"  # GRP in SEK million, not the volume change in %
    rows = {r["code"]: r for r in va["rows"]}
    assert rows["20"]["name"] == "Dalarnas län"
    assert rows["20"]["model"] == pytest.approx(dalarna)
    assert rows["20"]["reference"] == 150_000.0 and rows["20"]["ratio"] == pytest.approx(dalarna / 150_000)
    assert rows["21"]["reference"] is None and rows["21"]["ratio"] is None  # not in the cube: missing, not 0


def test_without_scbs_content_code_the_grp_contents_are_found_by_label(stats_store):
    cube = _nr0105({"20": (150_000.0, 0)}, codes=("VOLYM", "BRP"))  # e.g. a file with other codes
    _add_to_store(stats_store, cube, "NR0105ENS2010T01A")
    va = validation.validate(2025)["value_added"]
    assert va["reference"]["contents"] == "BRP"  # "BRP, volymutveckling i procent" is not GRP in MSEK
    assert {r["code"]: r for r in va["rows"]}["20"]["reference"] == 150_000.0


def test_nr0105_stored_under_the_catalogue_series_name_is_found_too(stats_store):
    _add_to_store(stats_store, _nr0105({"17": (1.0, 0), "20": (2.0, 0), "21": (3.0, 0)}), "grp_county")
    assert validation.validate(2025)["value_added"]["status"] == "compared"


def test_direct_output_of_b_and_c_is_compared_with_the_registers_turnover(stats_store):
    with unscoped():
        firm = Company.objects.create(orgnr="5560000001", name="Stål AB", sni_id="24", municipality_id="2081")
        Workplace.objects.create(
            company=firm, municipality_id="2081", sni_id="24", employees=900, turnover_sek=4_000_000_000
        )
        Workplace.objects.create(
            company=firm, municipality_id="2081", sni_id="25", employees=100, turnover_sek=500_000_000
        )
        Workplace.objects.create(  # trade is not B + C: left out
            company=firm, municipality_id="2081", sni_id="46", employees=10, turnover_sek=900_000_000
        )
    built = services.model_for(2025)
    model = checks.direct_output(built.model.table, built.model.geo, BC)["2081"]
    tu = validation.validate(2025)["turnover"]
    rows = {r["code"]: r for r in tu["rows"]}
    assert len(rows) == 41 and rows["2081"]["name"] == "Borlänge"
    assert rows["2081"]["reference"] == pytest.approx(4_500.0) and rows["2081"]["workplaces"] == 2
    assert rows["2081"]["model"] == pytest.approx(model)
    assert rows["2081"]["ratio"] == pytest.approx(model / 4_500.0)
    assert rows["2080"]["reference"] is None and rows["2080"]["ratio"] is None  # no workplaces: missing
    assert tu["total"]["reference"] == pytest.approx(4_500.0)
    assert tu["synthetic"] is False and "SYNTETISK" not in tu["note"]


def test_a_synthetic_register_is_named_so(stats_store):
    with unscoped():
        firm = Company.objects.create(orgnr="5560000001", name="Demo AB", sni_id="16", municipality_id="1780")
        Workplace.objects.create(
            company=firm, municipality_id="1780", sni_id="16", employees=50, turnover_sek=1, synthetic=True
        )
    tu = validation.validate(2025)["turnover"]
    assert tu["synthetic"] is True and "SYNTETISK" in tu["note"]


def test_the_command_prints_every_check_and_json_has_the_same_figures(stats_store):
    out = io.StringIO()
    call_command("footprint", "validate", "--year", "2025", "--format", "json", stdout=out)
    d = json.loads(out.getvalue())
    assert set(d) >= {"value_added", "turnover", "multipliers", "structural"}
    assert [r["industry"] for r in d["multipliers"]["rows"]] == list(TABLE.industries)
    assert len(d["structural"]["variants"]) == 4
    out = io.StringIO()
    call_command("footprint", "validate", "--lang", "en", stdout=out)
    text = out.getvalue()
    assert "NR0105 not imported: run spets stats fetch NR0105ENS2010T01A" in text
    assert "Type I employment multipliers" in text and "A02" in text
    default = next(v for v in d["structural"]["variants"] if v["default"])
    type1 = default["scopes"]["type1"]
    assert f"{type1['jobs']:,.0f}".replace(",", " ") in text
