"""Real browser: an analyst explores Dalarna on the atlas and downloads the view as XLSX."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import login


@pytest.mark.browser
def test_analyst_picks_dalarna_sees_map_time_series_and_lq_and_downloads_xlsx(page, alf, demo_store):
    login(page, "alf")
    page.goto(page.base_url + "/atlas/")
    page.wait_for_selector('[data-testid="atlas-map"] path.kommun')
    assert page.locator('[data-testid="atlas-map"] path.kommun').count() == 41

    # HTMX swaps the view when a control changes: Dalarna's municipalities, 2008–2024
    page.select_option('select[name="area"]', "20")
    page.wait_for_function("document.querySelectorAll('[data-testid=atlas-map] path.kommun').length === 15")
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
