"""The programme manager's done-when path in a real browser (Playwright + Chromium): open the half-year
report, see CO01/CO04/RCO01–04 by county and size class, click a figure and land on its companies,
download the participant list, close the period."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from spets.programme.models import ReportingPeriod
from tests.conftest import login
from tests.factories import make_activity, make_company
from tests.programme.reporting_setup import make_reporting_project

D = datetime.date


@pytest.mark.browser
def test_petra_reports_the_half_year_and_closes_it(page, petra, anna, cecilia):
    project = make_reporting_project()
    falun = make_company(name="Falu Gjuteri AB", municipality_id="2080", employees=5, size_class="micro")
    borlange = make_company(name="Borlänge Verkstad AB")
    karlstad = make_company(
        name="Karlstad Plast AB", municipality_id="1780", employees=80, size_class="medium"
    )
    make_activity(falun, "iuc-dalarna", anna, hours=4, date=D(2026, 2, 10))
    make_activity(borlange, "iuc-dalarna", anna, hours=6, date=D(2026, 3, 5))
    make_activity(karlstad, "paper-province", cecilia, hours=5, date=D(2026, 5, 12))

    login(page, "petra")
    page.goto(page.base_url + "/programme/")
    page.click("[data-testid=report-2026H1]")
    page.wait_for_selector("[data-testid=report-title]")
    assert "2026H1" in page.inner_text("[data-testid=report-title]")

    # The headline: CO01, CO04 and RCO01–RCO04, then the same by county and by size class.
    headline = page.inner_text("[data-testid=headline]")
    for ident in ("CO01", "CO04", "RCO01", "RCO02", "RCO03", "RCO04"):
        assert ident in headline
    assert page.get_attribute('[data-testid=indicators] [data-figure="CO01|total|"]', "data-value") == "3"
    by_county = page.locator("[data-testid=by-county]")
    assert by_county.locator('[data-figure="CO01|county|20"]').get_attribute("data-value") == "2"
    assert by_county.locator('[data-figure="CO01|county|17"]').get_attribute("data-value") == "1"
    by_size = page.locator("[data-testid=by-size_class]")
    assert by_size.locator('[data-figure="RCO01|size_class|micro"]').get_attribute("data-value") == "1"

    # One click on a figure lands on the companies behind it.
    by_county.locator('[data-figure="CO01|county|20"] a').click()
    page.wait_for_selector("[data-testid=figure-companies]")
    companies = page.inner_text("[data-testid=figure-companies]")
    assert "Falu Gjuteri AB" in companies and "Borlänge Verkstad AB" in companies
    assert "Karlstad Plast AB" not in companies
    page.go_back()

    # The participant list as XLSX.
    page.click("[data-testid=participants-link]")
    with page.expect_download() as download_info:
        page.click("[data-testid=download-xlsx]")
    download = download_info.value
    assert download.suggested_filename == "deltagande-foretag-2026H1.xlsx"
    book = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    names = [r[1] for r in book["Deltagande företag"].iter_rows(min_row=2, values_only=True)]
    assert names == ["Borlänge Verkstad AB", "Falu Gjuteri AB", "Karlstad Plast AB"]
    page.go_back()

    # Close the period: a confirmation, then the report says who closed it.
    page.click("[data-testid=close-period]")
    page.click("[data-testid=confirm-close]")
    page.wait_for_selector("[data-testid=period-status]")
    assert "Petra" in page.inner_text("[data-testid=period-status]")
    period = ReportingPeriod.objects.get(project=project, code="2026H1")
    assert period.is_closed and period.closed_by == petra
    assert period.snapshot["indicators"]["CO01"]["value"] == 3
