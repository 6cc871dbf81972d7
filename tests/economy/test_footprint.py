"""Footprint and scenarios on the approximate demo table and the SYNTHETIC programme-area geography."""

import numpy as np
import pytest

from spets.economy.demo import REST_CODE, programme_geography
from spets.economy.footprint import Assumptions, EconomyModel, footprint
from spets.economy.io import IOTableError
from spets.economy.scenario import Change, Scenario, run_scenario, sensitivity, with_intervals
from spets.economy.tables import load_demo_table, sni_to_industries

TABLE = load_demo_table()
GEO = programme_geography(TABLE)
MODEL = EconomyModel(GEO, TABLE)
AREA = GEO.codes[:-1]
INDUSTRY = sni_to_industries(TABLE, "B") + sni_to_industries(TABLE, "C")


def test_programme_footprint_has_the_issue_json_shape_and_adds_up():
    d = footprint(MODEL, "programme", AREA, INDUSTRY, scope="type2").to_dict()
    assert {"area", "year", "employment", "wages_sek", "value_added_sek", "tax_sek"} <= set(d)
    assert {"scope", "by_place", "by_effect", "scopes"} <= set(d) and d["scope"] == "type2"
    assert d["employment"]["direct"] == pytest.approx(53_000, rel=1e-6)
    assert d["employment"]["indirect"] > 0 and d["employment"]["induced"] > 0
    tax = d["tax_sek"]
    assert {"municipalities", "regions", "state", "total", "by_recipient"} <= set(tax)
    assert tax["total"] == pytest.approx(tax["municipalities"] + tax["regions"] + tax["state"], abs=3)
    assert sum(r["sek"] for r in tax["by_recipient"]) == pytest.approx(
        tax["total"], abs=len(tax["by_recipient"])
    )
    names = {r["name"] for r in tax["by_recipient"]}
    assert {"Borlänge", "Region Dalarna", "Staten"} <= names
    assert d["metadata"]["table"]["approximate"] is True
    assert "ESTIMATE" in d["metadata"]["commuting"]


def test_plus_300_jobs_in_steel_in_borlange_reaches_every_municipality():
    scen = Scenario("+300 jobs SNI 24 Borlänge", (Change("2081", "C24", jobs=300),), area=AREA)
    res = run_scenario(MODEL, scen).to_dict()
    assert res["employment"]["direct"] == pytest.approx(300)
    rows = {r["code"]: r for r in res["by_region"]}
    assert len(rows) == 42 and all(r["total_jobs"] > 0 for r in rows.values())
    assert rows["2081"]["total_jobs"] == max(r["total_jobs"] for r in rows.values() if r["in_area"])
    # Falun (next door) gains more municipal tax than far-away Årjäng
    assert rows["2080"]["municipal_tax_sek"] > rows["1765"]["municipal_tax_sek"]
    assert rows[REST_CODE]["in_area"] is False and rows["2080"]["in_area"] is True


def test_closure_is_the_mirror_of_an_opening():
    open_ = run_scenario(MODEL, Scenario("open", (Change("2104", "C24", jobs=400),))).effect
    close = run_scenario(MODEL, Scenario("close", (Change("2104", "C24", jobs=-400),))).effect
    assert close.tax.total == pytest.approx(-open_.tax.total)
    assert sum(close.employment().values()) == pytest.approx(-sum(open_.employment().values()))


def test_zero_scenario_has_zero_effect():
    res = run_scenario(MODEL, Scenario("nothing", (Change("2081", "C24", jobs=0),))).effect
    assert sum(res.employment().values()) == 0 and res.tax.total == 0


def test_final_demand_and_jobs_are_equivalent_through_jobs_per_output():
    j = TABLE.industries.index("C17")
    msek = 100 / (TABLE.employment[j] / TABLE.output[j])
    a = run_scenario(MODEL, Scenario("jobs", (Change("1764", "C17", jobs=100),))).effect
    b = run_scenario(MODEL, Scenario("orders", (Change("1764", "C17", final_demand_msek=msek),))).effect
    assert a.tax.total == pytest.approx(b.tax.total, rel=1e-9)


def test_unknown_codes_list_the_valid_choices():
    with pytest.raises(IOTableError, match=r"row '9999': unknown region; valid: 1715, 1730"):
        run_scenario(MODEL, Scenario("x", (Change("9999", "C24", jobs=1),)))
    with pytest.raises(IOTableError, match=r"row 'C99': unknown industry; valid: A01, A02, A03, B, C10-12"):
        run_scenario(MODEL, Scenario("x", (Change("2081", "C99", jobs=1),)))
    with pytest.raises(IOTableError, match=r"row '04': unknown industry code; valid"):
        sni_to_industries(TABLE, "04")


def test_monte_carlo_intervals_are_seeded_and_bracket_the_central_estimate():
    scen = Scenario("+300 jobs SNI 24 Borlänge", (Change("2081", "C24", jobs=300),), area=AREA)

    def build(a: Assumptions) -> EconomyModel:
        return EconomyModel(GEO, TABLE, a)

    s1 = sensitivity(build, scen, draws=20, seed=7)
    s2 = sensitivity(build, scen, draws=20, seed=7)
    assert s1 == s2
    central = run_scenario(MODEL, scen)
    tot = s1["values"]["tax_total_sek"]
    assert tot["low"] < tot["high"]
    assert tot["low"] * 0.9 < central.effect.tax.total < tot["high"] * 1.1
    assert "intervals" in with_intervals(central, s1).to_dict()


def test_a_programme_scenario_on_a_fresh_model_reaches_every_region():
    # its latency (under 100 ms) is measured by bench/bench_economy.py (run_scenario_latency), not here
    scen = Scenario("+300", (Change("2081", "C24", jobs=300),), area=AREA)
    d = run_scenario(EconomyModel(GEO, TABLE), scen).to_dict()
    assert len(d["by_region"]) == len(GEO.codes)
    assert d["employment"]["direct"] == pytest.approx(300)


def test_commuting_matrix_from_caller_moves_municipal_tax_to_where_people_live():
    n = len(GEO.codes)
    commuting = np.eye(n)
    b, f = GEO.codes.index("2081"), GEO.codes.index("2080")
    commuting[:, b] = 0.0
    commuting[f, b] = 1.0  # everyone working in Borlänge lives in Falun (a test assumption)
    geo = type(GEO)(**{**GEO.__dict__, "commuting": commuting, "commuting_source": "test matrix"})
    res = run_scenario(EconomyModel(geo, TABLE), Scenario("x", (Change("2081", "C24", jobs=300),))).effect
    muni = {c: v for c, _, v in res.tax.municipalities}
    assert muni["2080"] > muni["2081"]
