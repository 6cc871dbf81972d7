"""Economy API: footprint and scenario with schema validation (422 naming the field)."""

import pytest

from spets.core.models import ApiToken
from spets.economy import services


@pytest.fixture
def api(client, alf):
    client.force_login(alf)
    return client


def test_footprint_endpoint_returns_the_service_result(stats_store, api):
    r = api.get("/api/economy/footprint", {"area": "county:17", "industry": "C", "year": 2025})
    assert r.status_code == 200
    assert r.json()["tax_sek"] == services.footprint("county:17", "C", 2025)["tax_sek"]


def test_token_authentication_works(stats_store, client, petra):
    _, key = ApiToken.issue(petra)
    r = client.get("/api/economy/footprint", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200 and r.json()["area"] == "programme"


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"area": "kommun:0180"}, "area", "unknown area 'kommun:0180'; valid: programme"),
        ({"industry": "XX"}, "industry", "unknown industry 'XX'; valid"),
        ({"year": 2030}, "year", "no tax parameters for 2030; years available: 2021, 2022, 2023, 2024, 2025"),
        ({"year": "soon"}, "year", "valid integer"),
    ],
)
def test_footprint_validation_names_the_field(stats_store, api, params, field, message):
    r = api.get("/api/economy/footprint", params)
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"][-1] == field and message in detail["msg"]


def test_scenario_endpoint_reaches_every_municipality(stats_store, api):
    r = api.post(
        "/api/economy/scenario",
        {"changes": [{"municipality": "2081", "sni": "24", "jobs": 300}], "year": 2025, "draws": 4},
        content_type="application/json",
    )
    assert r.status_code == 200
    d = r.json()
    assert len(d["by_region"]) == 42 and d["gains"] == 42 and d["intervals"]["draws"] == 4


@pytest.mark.parametrize(
    "body, loc, message",
    [
        ({"changes": []}, "changes", "at least 1"),
        (
            {"changes": [{"municipality": "20x1", "sni": "24", "jobs": 1}]},
            "municipality",
            "4-digit kommun code",
        ),
        ({"changes": [{"municipality": "2081", "sni": "24"}]}, "changes", "jobs or final_demand_msek"),
        (
            {"changes": [{"municipality": "0180", "sni": "24", "jobs": 1}]},
            "changes",
            "unknown municipality '0180'",
        ),
        (
            {"changes": [{"municipality": "2081", "sni": "C", "jobs": 1}]},
            "changes",
            "covers several industries",
        ),
        (
            {"changes": [{"municipality": "2081", "sni": "24", "jobs": 1}], "draws": 10_000},
            "draws",
            "less than or equal",
        ),
    ],
)
def test_scenario_validation_names_the_field(stats_store, api, body, loc, message):
    r = api.post("/api/economy/scenario", body, content_type="application/json")
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert loc in [str(x) for x in detail["loc"]] and message in detail["msg"]


def test_missing_statistics_is_503_with_instructions(db, tmp_path, settings, api):
    settings.STATS_STORE_PATH = tmp_path / "none.duckdb"
    services.clear_cache()
    r = api.get("/api/economy/footprint")
    assert r.status_code == 503 and "spets load-demo" in r.json()["detail"]


def test_scenario_closure_larger_than_the_industry_is_422(stats_store, api, settings):
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = {"changes": [{"municipality": "2081", "sni": "24", "jobs": -999999}]}
    r = api.post("/api/economy/scenario", body, content_type="application/json")
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["body", "changes"] and "employs" in detail["msg"] and "at most" in detail["msg"]
