"""Footprint and scenario services on the platform's data: consistent with the pure core, validated, fast."""

import pytest
from django.utils import translation

from spets.economy import services
from spets.economy.footprint import Assumptions, EconomyModel
from spets.economy.footprint import footprint as pure_footprint
from spets.economy.inputs import REST_CODE, build_inputs
from spets.geo.models import Municipality
from spets.stats import services as stats_services
from spets.stats.synthetic import demo_cube

PLUS_300_IN_BORLANGE = "kommun:2081,sni:24,jobs:+300"


def test_programme_footprint_equals_the_pure_core_on_the_same_inputs(stats_store):
    d = services.footprint("programme", "B,C", 2025)
    inputs = build_inputs(services.table(), 2025)
    model = EconomyModel(inputs.geography, services.table(), Assumptions(year=2025))
    inds = services.parse_industries("B,C")
    pure = pure_footprint(model, "programme", inputs.programme, inds).to_dict()
    assert d["employment"] == pure["employment"]
    assert {k: v for k, v in d["tax_sek"].items() if k != "by_recipient"} == {
        k: v for k, v in pure["tax_sek"].items() if k != "by_recipient"
    }
    assert [(r["code"], r["sek"]) for r in d["tax_sek"]["by_recipient"]] == [
        (r["code"], r["sek"]) for r in pure["tax_sek"]["by_recipient"]
    ]
    assert (d["wages_sek"], d["value_added_sek"]) == (pure["wages_sek"], pure["value_added_sek"])
    bc = [inputs.geography.codes.index(c) for c in inputs.programme]
    cols = [services.table().industries.index(i) for i in inds]
    assert d["employment"]["direct"] == pytest.approx(
        inputs.geography.employment[bc][:, cols].sum(), abs=0.05
    )


def test_county_and_municipality_areas_are_parts_of_the_programme(stats_store):
    programme = services.footprint("programme")["employment"]["direct"]
    counties = sum(services.footprint(f"county:{c}")["employment"]["direct"] for c in ("17", "20", "21"))
    assert counties == pytest.approx(programme, abs=0.2)
    borlange = services.footprint("kommun:2081", "24")
    assert borlange["area_name"] == "Borlänge" and borlange["area_regions"] == ["2081"]
    assert 0 < borlange["employment"]["direct"] < programme


def test_result_says_where_every_figure_comes_from(stats_store):
    with translation.override("en"):
        meta = services.footprint()["metadata"]
    assert meta["synthetic"] is True and meta["approximate"] is True
    assert meta["inputs"]["employment"]["series"] == "employment_day_population"
    assert meta["employment_year"] == 2024
    assert any("SYNTHETIC" in label for label in meta["labels"])
    assert "ESTIMATE" in meta["commuting"]


def test_unknown_area_lists_the_valid_areas(stats_store):
    with pytest.raises(
        services.EconomyError,
        match=r"unknown area 'kommun:0180'; valid: programme, county:17, "
        r"county:20, county:21, kommun:1715",
    ) as exc:
        services.footprint("kommun:0180")
    assert exc.value.field == "area"


def test_unknown_industry_lists_the_valid_codes(stats_store):
    with pytest.raises(
        services.EconomyError, match=r"unknown industry 'Z9'; valid: SNI sections or divisions A, B, C"
    ) as exc:
        services.footprint("programme", "B,Z9")
    assert exc.value.field == "industry"


def test_year_without_parameters_lists_the_years_available(stats_store):
    with pytest.raises(
        services.EconomyError,
        match=r"no tax parameters for 2015; years available: 2021, 2022, 2023, 2024, 2025",
    ):
        services.footprint("programme", "B,C", 2015)


def test_missing_statistics_is_a_clear_error(db, tmp_path, settings):
    settings.STATS_STORE_PATH = tmp_path / "missing.duckdb"
    services.clear_cache()
    with pytest.raises(
        services.EconomyError, match="no employment statistics in the store: run `spets load-demo`"
    ):
        services.footprint()


def test_plus_300_jobs_in_steel_in_borlange_reaches_every_municipality(stats_store):
    d = services.scenario([PLUS_300_IN_BORLANGE], 2025, area="kommun:2081")
    assert d["employment"]["direct"] == pytest.approx(300)
    rows = {r["code"]: r for r in d["by_region"]}
    assert set(rows) == set(Municipality.objects.filter(in_programme=True).values_list("code", flat=True)) | {
        REST_CODE
    }
    assert all(r["total_jobs"] > 0 and r["municipal_tax_sek"] > 0 for r in rows.values())
    assert rows["2081"]["in_area"] and not rows["2080"]["in_area"] and not rows[REST_CODE]["in_area"]
    assert rows["2080"]["total_jobs"] > rows["1765"]["total_jobs"]  # Falun (next door) gains more than Årjäng
    assert d["gains"] == 42 and d["losses"] == 0
    assert d["scenario"]["changes"][0] == {
        "municipality": "2081",
        "municipality_name": "Borlänge",
        "industry": "C24",
        "jobs": 300.0,
        "final_demand_msek": 0.0,
    }


def test_closure_loses_what_an_opening_gains(stats_store):
    up = services.scenario(["kommun:2104,sni:24,jobs:+8"])
    down = services.scenario(["kommun:2104,sni:24,jobs:-8"])
    assert down["tax_sek"]["total"] == pytest.approx(-up["tax_sek"]["total"], abs=2)
    assert down["losses"] == 42 and down["gains"] == 0


def test_scenario_changes_are_validated(stats_store):
    for text, message in [
        ("kommun:9999,sni:24,jobs:1", "unknown municipality '9999' in a change; valid: 1715"),
        ("kommun:2081,sni:C,jobs:1", "covers several industries"),
        ("kommun:2081,sni:24", "changes nothing"),
        ("kommun:2081,sni:24,jobs:many", "jobs must be a number"),
        ("sni:24,jobs:5", "has no kommun"),
    ]:
        with pytest.raises(services.EconomyError, match=message):
            services.scenario([text])


def test_sensitivity_intervals_bracket_the_central_estimate(stats_store):
    d = services.scenario([PLUS_300_IN_BORLANGE], draws=12)
    iv = d["intervals"]["values"]
    assert iv["tax_total_sek"]["low"] < d["tax_sek"]["total"] < iv["tax_total_sek"]["high"]
    assert iv["municipality:2080"]["low"] < iv["municipality:2080"]["high"]


def test_model_is_cached_per_year_and_data_version(stats_store):
    first = services.model_for(2025)
    assert services.model_for(2025) is first
    munis = [(m.code, m.name, m.county_id) for m in Municipality.objects.order_by("code")]
    # a new version of the series (written through the stats app's shared store) → a new model
    stats_services.store(write=True).import_cube(demo_cube(munis, seed=7), series="employment_day_population")
    second = services.model_for(2025)
    assert second is not first
    assert second.inputs.metadata["employment"]["version"] == 2


def test_a_warm_programme_scenario_reuses_the_model_and_answers_the_same(stats_store):
    # its latency (median under 100 ms) is measured by bench/bench_economy.py --service-only, not here
    first = services.scenario([PLUS_300_IN_BORLANGE])  # builds the model and the baseline
    built = services.model_for()
    again = [services.scenario([PLUS_300_IN_BORLANGE]) for _ in range(3)]
    assert services.model_for() is built
    assert all(d["tax_sek"] == first["tax_sek"] and d["by_region"] == first["by_region"] for d in again)


@pytest.mark.parametrize(
    "code, industry, sni",
    [
        ("99", "R-U", "90-99"),
        ("98", "R-U", "90-99"),
        ("93", "R-U", "90-99"),
        ("R", "R-U", "90-99"),
        ("10", "C10-12", "10-12"),
    ],
)
def test_a_code_inside_a_broader_table_industry_is_stated_prominently(stats_store, code, industry, sni):
    with translation.override("en"):
        d = services.footprint("programme", code)
    assert d["industries"] == [industry]
    assert d["metadata"]["industry_scope"] == [
        {
            "requested": code,
            "industry": industry,
            "name": d["metadata"]["industry_scope"][0]["name"],
            "sni": sni,
        }
    ]
    assert f"computed for table industry {industry} (SNI {sni})" in d["industry_label"]
    assert d["metadata"]["labels"][0].startswith(f"SNI {code} is computed for the table industry {industry}")


def test_an_exact_code_has_no_scope_notice(stats_store):
    for code in ("24", "C24", "B,C", "R-U"):
        with translation.override("en"):
            d = services.footprint("programme", code)
        assert d["metadata"]["industry_scope"] == [] and d["industry_label"] == f"SNI {code}"


def _current(code: str, industry: str) -> float:
    built = services.model_for(2025)
    geo = built.inputs.geography
    return float(geo.employment[geo.codes.index(code), services.table().industries.index(industry)])


def test_a_closure_cannot_remove_more_jobs_than_exist(stats_store):
    current = _current("2081", "C24")
    shown = f"{current:,.0f}".replace(",", "\u00a0")
    with (
        translation.override("en"),
        pytest.raises(
            services.EconomyError, match=rf"employs {shown} persons there \(statistics 2024\)"
        ) as exc,
    ):
        services.scenario(["kommun:2081,sni:24,jobs:-999999"], 2025)
    assert exc.value.field == "changes" and "Borlänge (2081), industry C24" in str(exc.value)
    # two changes that together exceed the figure are refused too; closing exactly all of it works
    with pytest.raises(services.EconomyError):
        services.scenario([f"kommun:2081,sni:24,jobs:-{current * 0.6:.1f}"] * 2, 2025)
    d = services.scenario([f"kommun:2081,sni:24,jobs:-{current:.3f}"], 2025)
    assert d["employment"]["direct"] == pytest.approx(-current, abs=0.06)


def test_tax_years_2021_to_2024_are_selectable_with_borrowed_parameters_listed(stats_store):
    assert services.valid_years() == (2021, 2022, 2023, 2024, 2025)
    with translation.override("en"):
        d = services.footprint("programme", "B,C", 2022)
    meta = d["metadata"]
    assert d["year"] == 2022 and meta["tax_year"] == 2022 and meta["tax_rates_year"] == 2022
    assert {(b["parameter"], b["year"]) for b in meta["borrowed_parameters"]} == {("job_tax_credit", 2025)}
    assert (
        "tax year 2022: job tax credit formula (jobbskatteavdrag) is not bundled for 2022; the value of "
        "2025 is used" in meta["notices"]
    )
    # the year's own skiktgräns and PBB change the result (lower thresholds → more state tax per job)
    assert (
        d["tax_sek"]["by_type"]["state_income_tax"]
        != services.footprint("programme", "B,C", 2025)["tax_sek"]["by_type"]["state_income_tax"]
    )
    assert services.footprint("programme", "B,C", 2025)["metadata"]["borrowed_parameters"] == []
