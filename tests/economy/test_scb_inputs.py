"""SCB commuting and OE0101 tax rates fetched with `spets stats fetch` (recorded responses, never the
network) → imported into the store → used by the footprint instead of the gravity estimate and the
borrowed rates."""

from __future__ import annotations

import io
import json
import urllib.parse
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import translation
from pypdf import PdfReader

from spets.economy import services
from spets.economy.inputs import REST_CODE
from spets.economy.pdf import render_pdf
from spets.stats import services as stats_services

RECORDED = Path(__file__).parent / "fixtures" / "scb"


class Replay:
    """Recorded SCB answers (fixtures/scb/<scenario>.json); an unrecorded request fails the test."""

    def __init__(self, scenario: str):
        self.routes = json.loads((RECORDED / scenario).read_text(encoding="utf-8"))["routes"]

    def __call__(self, method, url, body, headers):
        parts = urllib.parse.urlsplit(url)
        query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        for route in self.routes:
            if (
                route["method"] == method
                and route["path"] == parts.path
                and route.get("query", query) == query
            ):
                r = route["responses"][0]
                return r["status"], {}, (RECORDED / r["file"]).read_bytes()
        raise AssertionError(f"unrecorded request {method} {url}")


def stats(*args) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setattr(stats_services, "sleep", lambda seconds: None)
    return lambda scenario: monkeypatch.setattr(stats_services, "transport", Replay(scenario))


def fetch_commuting(offline) -> str:
    offline("commuting.json")
    return stats(
        "fetch",
        "ArRegPend2",
        "--years",
        "2022-2023",
        "--select",
        "Bostadskommun=0180,2080,2081,2082",
        "--select",
        "Arbetsstallekommun=2080,2081,2082",
        "--select",
        "Kon=*",
        "--select",
        "ContentsCode=*",
    )


def fetch_tax_rates(offline) -> str:
    offline("tax_rates.json")
    return stats("fetch", "Kommunalskatter2000", "--api", "v1")


def recipient(result, kind, code) -> int:
    return next(
        r["sek"] for r in result["tax_sek"]["by_recipient"] if r["kind"] == kind and r["code"] == code
    )


# 2023 (the table's latest year ≤ the model year 2025): employed persons working in Falun, by residence
FALUN_WORKERS_2023 = {"0180": 160 + 130, "2080": 10900 + 11600, "2081": 1850 + 1750, "2082": 950 + 900}


def test_fetched_commuting_replaces_the_gravity_estimate_for_the_workplaces_it_covers(stats_store, offline):
    before = services.footprint("kommun:2080", "B,C", 2025, scope="direct")
    out = fetch_commuting(offline)
    assert "AM0210F/ArRegPend2 version 1" in out
    built = services.model_for(2025)
    m, geo = built.model, built.inputs.geography
    assert m.commuting_source == "SCB commuting (AM0210F/ArRegPend2, 2023)"
    falun = geo.codes.index("2080")
    total = sum(FALUN_WORKERS_2023.values())
    for code in ("2080", "2081", "2082"):
        assert m.commuting[geo.codes.index(code), falun] == pytest.approx(FALUN_WORKERS_2023[code] / total)
    assert m.commuting[geo.codes.index(REST_CODE), falun] == pytest.approx(290 / total)  # Stockholm
    # other workplaces (Karlstad, the rest of Sweden) keep the gravity estimate: listed, columns sum to 1
    assert "1780" in m.commuting_fallback and REST_CODE in m.commuting_fallback
    assert "2081" not in m.commuting_fallback
    assert m.commuting.sum(axis=0) == pytest.approx(np.ones(len(geo.codes)))

    after = services.footprint("kommun:2080", "B,C", 2025, scope="direct")
    # hand computation: Säter's municipal income tax from Falun's direct B+C jobs = jobs × share living
    # in Säter × municipal tax per employee at Säter's rate and each industry's wage
    cols = [m.table.industries.index(i) for i in services.parse_industries("B,C")]
    sater = geo.codes.index("2082")
    jobs = geo.employment[falun, cols]
    hand = float((jobs * FALUN_WORKERS_2023["2082"] / total * m.employee.municipal_tax[sater, cols]).sum())
    assert recipient(after, "municipality", "2082") == pytest.approx(hand, abs=1)
    assert recipient(after, "municipality", "2082") != recipient(before, "municipality", "2082")
    # the direct jobs and all taxes not paid where people live are the same
    assert after["employment"] == before["employment"]
    assert (
        after["tax_sek"]["by_type"]["employer_contributions"]
        == before["tax_sek"]["by_type"]["employer_contributions"]
    )


def test_sources_inputs_and_notices_name_the_scb_table_and_the_gravity_fallback(stats_store, offline):
    fetch_commuting(offline)
    with translation.override("en"):
        d = services.footprint("kommun:2080", "B,C", 2025)
        rows = {r["input"]: r for r in services.model_inputs(2025)}
        pdf = render_pdf(d)
    meta = d["metadata"]
    assert meta["commuting"] == "SCB commuting (AM0210F/ArRegPend2, 2023)"
    assert meta["told"]["commuting"].startswith("SCB commuting statistics (table AM0210F/ArRegPend2, 2023)")
    assert "gravity estimate for" in meta["told"]["commuting"]
    assert not any("ESTIMATED commuting" in label for label in meta["labels"])
    assert any("has no year 2025; 2023 is used" in n for n in meta["notices"])
    assert any("use the gravity estimate: " in n and "Karlstad" in n for n in meta["notices"])
    assert meta["inputs"]["commuting"]["suppressed_cells"] == 1  # Stockholm → Säter, women: '..'
    row = rows["commuting"]
    assert row["source"].startswith("SCB commuting (AM0210F/ArRegPend2, 2023); gravity estimate for ")
    assert row["year"] == 2023 and row["status"] == "approximate"
    out = io.StringIO()
    call_command("footprint", "inputs", "--format", "json", stdout=out)
    listed = {r["input"]: r for r in json.loads(out.getvalue())}
    assert listed["commuting"]["source"].startswith("SCB commuting (AM0210F/ArRegPend2, 2023)")
    assert pdf.startswith(b"%PDF")


def test_without_an_imported_commuting_table_the_gravity_estimate_is_labelled(stats_store):
    with translation.override("en"):
        meta = services.footprint("programme", "B,C", 2025)["metadata"]
        rows = {r["input"]: r for r in services.model_inputs(2025)}
    assert "ESTIMATE" in meta["commuting"] and meta["commuting_fallback"] == []
    assert any("ESTIMATED commuting" in label for label in meta["labels"])
    assert rows["commuting"]["status"] == "estimate"


def test_fetched_oe0101_rates_are_used_for_2023_and_the_borrowing_notice_disappears(
    stats_store, offline, rates_not_bundled
):
    rates_not_bundled(2021, 2022, 2023, 2024)  # 2023 borrows the rates of 2025, as before it had its own
    with translation.override("en"):
        bundled = services.footprint("programme", "B,C", 2023)
    assert any(
        "municipal and regional tax rates is not bundled for 2023" in n
        for n in bundled["metadata"]["notices"]
    )
    assert bundled["metadata"]["tax_rates_year"] == 2025

    out = fetch_tax_rates(offline)
    assert "OE0101/Kommunalskatter2000 version 1" in out
    with translation.override("en"):
        d = services.footprint("programme", "B,C", 2023)
        rows = {r["input"]: r for r in services.model_inputs(2023)}
    meta = d["metadata"]
    assert meta["tax_rates_year"] == 2023
    assert meta["tax_rates_source"] == "SCB OE0101/Kommunalskatter2000 v1 (2023)"
    assert not any("tax rates" in n for n in meta["notices"])
    tax = services.model_for(2023).model.tax
    falun, falun_2025 = tax.local_rate("2080"), services.model_for(2025).model.tax.local_rate("2080")
    # the recorded 2023 rates (README: the bundled 2025 rates minus 10 and 5 öre)
    assert falun.municipal == pytest.approx(falun_2025.municipal - 0.001)
    assert falun.regional == pytest.approx(falun_2025.regional - 0.0005)
    assert recipient(d, "municipality", "2080") < recipient(bundled, "municipality", "2080")
    assert "SCB OE0101/Kommunalskatter2000 v1 (2023)" in rows["municipal and regional tax rates"]["source"]
    assert rows["municipal and regional tax rates"]["status"] == "real"


def test_years_the_imported_rates_do_not_have_keep_the_bundled_rates_and_their_notice(
    stats_store, offline, rates_not_bundled
):
    rates_not_bundled(2021, 2022, 2023)  # 2024 as bundled before its municipal rates: two regions only
    rates_not_bundled(2024, keep_regions=("17", "20"))
    fetch_tax_rates(offline)
    with translation.override("en"):
        d = services.footprint("programme", "B,C", 2024)
    meta = d["metadata"]
    assert meta["tax_rates_year"] == 2025
    assert any("municipal and regional tax rates is not bundled for 2024" in n for n in meta["notices"])
    assert any(
        "regional rates of Region Värmland, Region Dalarna are bundled for 2024" in n for n in meta["notices"]
    )


def test_imported_rates_of_other_years_leave_a_years_own_bundled_rates_without_a_notice(stats_store, offline):
    fetch_tax_rates(offline)  # the recorded OE0101 answer has 2022 and 2023
    with translation.override("en"):
        meta = services.footprint("programme", "B,C", 2024)["metadata"]
    assert meta["tax_rates_year"] == 2024 and meta["tax_rates_source"] == "spets/economy/data/tax/2024.yaml"
    assert not any("tax rates" in n for n in meta["notices"])


def test_page_and_pdf_name_the_scb_commuting_table_and_the_imported_rates(
    stats_store, offline, client, lisa, settings
):
    fetch_commuting(offline)
    fetch_tax_rates(offline)
    client.force_login(lisa)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/footprint/", {"area": "kommun:2080", "year": "2023"}).content.decode()
    assert "SCB commuting statistics (table AM0210F/ArRegPend2, 2023)" in html
    assert "SCB OE0101/Kommunalskatter2000 v1 (2023)" in html
    r = client.get("/footprint/", {"area": "kommun:2080", "year": "2023", "format": "pdf"})
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "SCB commuting statistics (table AM0210F/ArRegPend2, 2023)" in " ".join(text.split())
    assert "Source of the rates: SCB OE0101/Kommunalskatter2000 v1 (2023)" in " ".join(text.split())
    assert "kommunalekonomisk utjämning" in " ".join(text.split())


def test_with_all_290_municipalities_as_regions_stockholm_residents_are_their_own_row(stats_store, offline):
    fetch_commuting(offline)
    built = services.model_for(2025, "sweden")
    m, geo = built.model, built.inputs.geography
    falun = geo.codes.index("2080")
    total = sum(FALUN_WORKERS_2023.values())
    assert m.commuting[geo.codes.index("0180"), falun] == pytest.approx(290 / total)
    assert REST_CODE not in geo.codes and "0180" in m.commuting_fallback  # Stockholm as a workplace: estimate
    assert len(m.commuting_fallback) == len(geo.codes) - 3
