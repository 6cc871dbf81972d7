"""`spets stats kolada KPI`: a Kolada key figure stored with provenance and shown in the atlas beside
SCB's measures (recorded answers, never the network)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from spets.stats import atlas, services

from .test_commands import Replay


@pytest.fixture
def recorded(monkeypatch):
    monkeypatch.setattr(services, "kolada_transport", Replay("kolada_N00914.json"))
    monkeypatch.setattr(services, "kolada_per_page", 2)
    monkeypatch.setattr(services, "sleep", lambda seconds: None)


def kolada(*args) -> str:
    out = io.StringIO()
    call_command("stats", "kolada", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_kpi_is_stored_and_the_atlas_shows_it_beside_scb(demo_store, recorded, client, alf):
    out = kolada("N00914", "--municipality", "2081,2080,0020", "--years", "2022,2023")
    assert "lagrade kolada_N00914 version 1 (6 celler)" in out
    info = services.store().info("kolada_N00914")
    assert info.source == "Kolada (RKA)" and info.query["kpi"] == "N00914" and info.fetched_at
    keys = [m.key for m in atlas.measures()]
    assert "kolada_N00914" in keys and services.EMPLOYMENT in keys
    view = atlas.view(atlas.Params(measure="kolada_N00914", area="20", year="2023"))
    rows = {r["code"]: r for r in view["rows"]}
    assert rows["2081"]["value"] == 76.6 and rows["2080"]["status"] == ".."
    by_code = {c["code"]: c for c in view["comparisons"]}
    assert by_code["20"]["value"] == 79.3  # the county's own figure, not a sum of rates
    assert by_code["programme"]["value"] is None  # a rate is never summed
    client.force_login(alf)
    html = client.get("/atlas/?measure=kolada_N00914&area=20").content.decode()
    assert "Förvärvsarbetande invånare 20-64 år, andel (%)" in html and "aldrig" in html
    cubes = client.get("/atlas/cubes/").content.decode()
    assert "Koladas API v2, nyckeltal N00914" in cubes


def test_an_unknown_kpi_is_refused_and_nothing_is_stored(stats_path, recorded):
    with pytest.raises(CommandError, match="Kolada has no KPI 'N99999'"):
        kolada("N99999", "--municipality", "2081")
    assert not services.store().cubes()
