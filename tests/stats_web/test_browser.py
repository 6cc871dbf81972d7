"""Real browser: an analyst explores Dalarna on the atlas and downloads the view as XLSX."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.conftest import login


@pytest.mark.browser
def test_analyst_picks_dalarna_sees_map_time_series_and_lq_and_downloads_xlsx(page, alf, demo_store):
    login(page, "alf")
    page.goto(page.base_url + "/atlas/")
    page.wait_for_selector('[data-testid="atlas-map"] path.kommun')
    assert page.locator('[data-testid="atlas-map"] path.kommun').count() == 41

    # HTMX swaps the view when a control changes: Dalarna's municipalities, 2008–2024
    page.select_option('select[name="area"]', "20")
    # (locator waits, not wait_for_function: the CSP forbids the eval that one needs)
    expect(page.locator('[data-testid="atlas-map"] path.kommun')).to_have_count(15)
    page.select_option('select[name="start"]', "2008")
    page.select_option('select[name="year"]', "2024")
    page.wait_for_selector('[data-testid="atlas-heading"]:has-text("2024")')
    assert "area=20" in page.url  # the view is in the address, so it can be shared
    assert page.locator('[data-testid="timeseries"] polyline').count() >= 1
    assert page.locator('[data-testid="ranked-table"] [data-testid="lq"]').count() == 15
    assert page.locator('[data-testid="atlas-lq"] tr[data-code="B+C"]').count() == 1

    with page.expect_download() as info:
        page.click('[data-testid="download-xlsx"]')
    wb = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    rows = list(wb["Atlas"].iter_rows(min_row=4, values_only=True))
    header = rows[0]
    assert len(rows) == 16 and {r[header.index("code")] for r in rows[1:]} >= {"2080", "2081", "2085"}
    assert all(
        r[header.index("start_year")] == "2008" and r[header.index("year")] == "2024" for r in rows[1:]
    )
    assert all(isinstance(r[header.index("location_quotient")], float) for r in rows[1:])
    assert wb["Atlas"]["A1"].value.startswith("Syntetiska demodata")


def _switch(page, name: str, value: str) -> None:
    """Pick ``value`` in the atlas's ``name`` control and wait for HTMX's swap (answered 200)."""
    with page.expect_response(lambda r: "/atlas/" in r.url and r.request.method == "GET") as info:
        page.select_option(f'select[name="{name}"]', value)
    assert info.value.status == 200, f"{name}={value}: HTTP {info.value.status}"
    expect(page.locator(f'select[name="{name}"]')).to_have_value(value)
    expect(page.locator(".htmx-request")).to_have_count(0)


@pytest.mark.browser
def test_every_measure_and_every_industry_can_be_reached_from_the_default_view(page, alf, demo_store):
    login(page, "alf")
    page.goto(page.base_url + "/atlas/")
    page.wait_for_selector('[data-testid="atlas-map"]')
    measures = page.locator('select[name="measure"] option').evaluate_all("os => os.map(o => o.value)")
    assert len(measures) == 9
    for key in [*measures[1:], measures[0]]:
        _switch(page, "measure", key)
        assert page.locator('[data-testid="atlas-error"]').count() == 0
        label = page.locator('select[name="measure"] option:checked').inner_text()
        assert "(" not in label or "_" not in label  # a human label, not a series name
        # a choice the new measure lacks was reset, and the page says so in Swedish
        notices = page.locator('[data-testid="atlas-notices"]')
        if notices.count():
            assert "visar" in notices.inner_text()
        assert f"measure={key.replace(':', '%3A')}" in page.url
    industries = page.locator('select[name="industry"] option').evaluate_all("os => os.map(o => o.value)")
    assert "*" in industries and "B+C" in industries
    for code in industries:
        _switch(page, "industry", code)
        assert page.locator('[data-testid="atlas-error"]').count() == 0
        assert page.locator('[data-testid="atlas-map"] path.kommun').count() == 41
    # SNI divisions: steel (24) for the 41 programme municipalities
    _switch(page, "measure", "employment_by_division")
    _switch(page, "industry", "24")
    expect(page.locator('[data-testid="atlas-heading"]')).to_contain_text("24 ")
    assert page.locator('[data-testid="atlas-map"] path.kommun').count() == 41
    assert page.locator('[data-testid="ranked-table"] tbody tr').count() == 41

    # the view is a link to copy, and each chart downloads as PNG and SVG made in the browser
    assert page.locator('[data-testid="view-link"]').input_value().endswith(page.url.split("/atlas/", 1)[1])
    with page.expect_download() as png:
        page.click('[data-testid="download-chart-index-png"]')
    assert open(png.value.path(), "rb").read()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.click('[data-testid="download-chart-timeseries-svg"]')
    text = open(svg.value.path(), encoding="utf-8").read()
    assert text.startswith("<svg") and "chart-title" in text
