"""regions=sweden: all 290 municipalities as model regions (CLI, API, page), national average tax notice."""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from spets.economy import services, tax
from spets.geo.models import County, Municipality


@pytest.fixture
def stockholm_county_unrated(monkeypatch):
    """The bundled rates without Stockholm county's 26 municipalities (as for a year whose table lacks
    them): those municipalities are taxed at the national average rate, with one notice."""
    years = copy.deepcopy(tax._all_years())
    for data in years.values():
        rates = data.get("municipalities") or {}
        for code in [c for c, m in rates.items() if m["county"] == "01"]:
            del rates[code]
    monkeypatch.setattr(tax, "_all_years", lambda: years)
    services.clear_cache()
    yield
    services.clear_cache()


def _json(*args) -> dict:
    out = io.StringIO()
    call_command(*args, "--format", "json", "--lang", "en", stdout=out)
    return json.loads(out.getvalue())


def test_cli_footprint_with_regions_sweden_lists_all_290_municipalities_and_21_regions(stats_store):
    d = _json("footprint", "--regions", "sweden", "--year", "2025")
    codes = set(Municipality.objects.values_list("code", flat=True))
    recipients = d["tax_sek"]["by_recipient"]
    assert {r["code"] for r in recipients if r["kind"] == "municipality"} == codes
    assert {r["code"] for r in recipients if r["kind"] == "region"} == set(
        County.objects.values_list("code", flat=True)
    )
    assert len(codes) == 290 and County.objects.count() == 21
    assert {r["code"] for r in d["by_region"]} == codes and "REST" not in {r["code"] for r in d["by_region"]}
    assert d["metadata"]["regions"] == "sweden" and d["metadata"]["model_regions"] == 290
    # every municipality has its own bundled 2025 rate: none is taxed at the national average
    assert not any("national average rate" in n for n in d["metadata"]["notices"])
    stockholm = next(r for r in recipients if r["code"] == "0180")
    assert stockholm["name"] == "Stockholm" and stockholm["sek"] > 0


def test_municipalities_without_a_bundled_rate_are_taxed_at_the_average_with_one_notice(
    stats_store, stockholm_county_unrated
):
    d = _json("footprint", "--regions", "sweden", "--year", "2025")
    average = [n for n in d["metadata"]["notices"] if "national average rate" in n]
    assert len(average) == 1 and "26 municipalities" in average[0] and "other 264" in average[0]
    stockholm = next(r for r in d["tax_sek"]["by_recipient"] if r["code"] == "0180")
    assert stockholm["name"] == "Stockholm" and stockholm["sek"] > 0  # the revenue still goes to it


def test_cli_scenario_with_regions_sweden_reaches_every_municipality(stats_store):
    d = _json("scenario", "--regions", "sweden", "--change", "kommun:2081,sni:24,jobs:+300")
    assert len(d["by_region"]) == 290 and d["employment"]["direct"] == pytest.approx(300)
    assert sum(1 for n in d["metadata"]["notices"] if "national average rate" in n) == 0


def test_default_regions_are_the_programme_and_carry_no_average_notice(stats_store):
    d = _json("footprint")
    assert d["metadata"]["regions"] == "programme" and len(d["by_region"]) == 42
    assert not any("national average rate" in n for n in d["metadata"]["notices"])


def test_an_area_outside_the_programme_needs_regions_sweden(stats_store):
    d = services.footprint("kommun:0180", "B,C", 2025, regions="sweden")
    assert d["area"] == "kommun:0180" and d["area_regions"] == ["0180"] and d["employment"]["direct"] > 0
    county = services.footprint("county:01", "B,C", 2025, regions="sweden")
    assert "0180" in county["area_regions"]
    with pytest.raises(services.EconomyError, match="unknown area 'kommun:0180'"):
        services.footprint("kommun:0180", "B,C", 2025)
    with pytest.raises(CommandError, match="unknown area 'kommun:0180'"):
        call_command("footprint", "--area", "kommun:0180", stdout=io.StringIO())


def test_models_are_cached_per_region_set(stats_store):
    programme = services.model_for(2025)
    sweden = services.model_for(2025, "sweden")
    assert sweden is not programme and services.model_for(2025, "sweden") is sweden
    assert services.model_for(2025, "programme") is programme
    assert len(sweden.inputs.geography.codes) == 290


def test_sweden_needs_employment_for_every_municipality(db, tmp_path, settings):
    from spets.stats.services import close_store
    from spets.stats.store import Store
    from spets.stats.synthetic import demo_cube

    close_store()
    munis = [(m.code, m.name, m.county_id) for m in Municipality.objects.order_by("code") if m.code != "0180"]
    path = tmp_path / "stats.duckdb"
    with Store(path) as store:
        store.import_cube(demo_cube(munis), series="employment_day_population")
    settings.STATS_STORE_PATH = path
    services.clear_cache()
    try:
        assert len(services.model_for(2025).inputs.geography.codes) == 42  # the programme model still works
        with pytest.raises(services.EconomyError, match=r"lack municipalities of Sweden .* lacks 0180"):
            services.model_for(2025, "sweden")
    finally:
        services.clear_cache()
        close_store()


@pytest.fixture
def api(client, alf):
    client.force_login(alf)
    return client


def test_api_regions_sweden_and_validation(stats_store, api):
    r = api.get("/api/economy/footprint", {"area": "kommun:0180", "regions": "sweden"})
    assert r.status_code == 200 and len(r.json()["by_region"]) == 290
    r = api.get("/api/economy/footprint", {"regions": "world"})
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"][-1] == "regions" and "valid: programme, sweden" in detail["msg"]
    body = {"changes": [{"municipality": "0180", "sni": "24", "jobs": 10}]}
    assert api.post("/api/economy/scenario", body, content_type="application/json").status_code == 422
    r = api.post("/api/economy/scenario", body | {"regions": "sweden"}, content_type="application/json")
    assert r.status_code == 200 and len(r.json()["by_region"]) == 290
    r = api.post("/api/economy/scenario", body | {"regions": "x"}, content_type="application/json")
    assert r.status_code == 422 and "regions" in [str(x) for x in r.json()["detail"][0]["loc"]]


def test_page_has_a_regions_select_and_shows_the_notice(stats_store, client, alf, stockholm_county_unrated):
    client.force_login(alf)
    r = client.get("/footprint/", {"regions": "sweden", "area": "kommun:0180", "lang": "en"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'name="regions"' in html and '<option value="sweden" selected>' in html
    assert "national average rate" in html and "Stockholm" in html
    r = client.post(
        "/footprint/scenario/",
        {"regions": "sweden", "municipality": "0180", "sni": "C24", "jobs": "10"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and "0180" in r.content.decode()


def test_pdf_report_carries_the_average_rate_notice(stats_store, client, alf, stockholm_county_unrated):
    from pypdf import PdfReader

    client.force_login(alf)
    r = client.get("/footprint/", {"regions": "sweden", "format": "pdf", "lang": "en"})
    assert r.status_code == 200
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(r.content)).pages)
    assert text.count("Notice: tax rates: 26 municipalities have no bundled rate") == 1
    assert "Model regions: 290" in text and "there is no 'rest of Sweden'" in text
