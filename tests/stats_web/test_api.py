"""The statistics API: cubes, validated slices, location quotients and shift-share."""

from __future__ import annotations

import pytest

from spets.core.models import ApiToken


@pytest.fixture
def api(client, alf, demo_store):
    _, key = ApiToken.issue(alf)
    return lambda url: client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_lists_the_stored_cubes_with_their_dimensions(api):
    cubes = api("/api/stats/cubes").json()
    employment = next(c for c in cubes if c["series"] == "employment_day_population")
    assert employment["version"] == 1 and employment["n_cells"] == 290 * 16 * 2 * 17
    assert [d["code"] for d in employment["dimensions"]] == ["Region", "SNI2007", "Kon", "Tid"]


def test_slice_returns_cells_with_status(api):
    data = api(
        "/api/stats/cubes/employment_day_population/slice?Region=2080,2081&SNI2007=B%2BC&Tid=2024"
    ).json()
    assert len(data["cells"]) == 4 and data["synthetic"] is True
    assert {c["Region"] for c in data["cells"]} == {"2080", "2081"}
    assert all(c["status"] == "" and c["value"] > 0 for c in data["cells"])


@pytest.mark.parametrize(
    "query, where, message",
    [
        ("Region=9999", "Region", "dimension Region has no value(s) 9999; valid: 0114"),
        ("Sector=B", "Sector", "has no dimension 'Sector'; valid: Region, SNI2007, Kon, Tid"),
        ("Tid=", "Tid", "dimension Tid has no value(s) (empty)"),
    ],
)
def test_slice_validation_lists_valid_choices(api, query, where, message):
    response = api(f"/api/stats/cubes/employment_day_population/slice?{query}")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["query", where] and message in detail["msg"]


def test_unknown_series_is_422_with_what_is_stored(api):
    response = api("/api/stats/cubes/nope/slice")
    assert (
        response.status_code == 422
        and "stored: business_statistics_county v1" in response.json()["detail"][0]["msg"]
    )


def test_location_quotients_and_shift_share(api):
    lq = api("/api/stats/location-quotients?area=20&year=2024").json()
    assert len(lq["areas"]) == 15 and all(a["lq"] > 0 for a in lq["areas"])
    assert next(p for p in lq["profile"] if p["code"] == "B+C")["selected"] is True
    ss = api("/api/stats/shift-share?area=programme&start=2015&year=2024").json()
    area = ss["area"]
    assert area["change"] == pytest.approx(area["national"] + area["industry_mix"] + area["regional"])
    assert len(ss["areas"]) == 41


@pytest.mark.parametrize(
    "query, field",
    [
        ("level=parish", "level"),
        ("year=1999", "year"),
        ("industry=ZZ", "industry"),
        ("area=99", "area"),
        ("measure=nope", "measure"),
    ],
)
def test_atlas_parameters_are_validated(api, query, field):
    response = api(f"/api/stats/atlas?{query}")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["query", field] and "valid:" in detail["msg"]
