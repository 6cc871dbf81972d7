"""The footprint page in a real browser: map drawn, HTMX scenario swapped in without a page load."""

import pytest

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_footprint_page_and_htmx_scenario(page, stats_store, lisa, tmp_path):
    login(page, "lisa")
    page.goto(page.base_url + "/footprint/")
    assert page.locator("#footprint-map path.area").count() == 41
    assert page.get_by_test_id("recipients").is_visible()
    page.evaluate("window.__marker = 1")  # survives only if no full page load happens
    page.get_by_test_id("scenario-form").locator("button[type=submit]").click()
    page.get_by_test_id("scenario-result").wait_for()
    assert page.evaluate("window.__marker") == 1
    assert page.locator("[data-testid=scenario-regions] tbody tr").count() == 42
    assert page.locator("#scenario-map path.area").count() == 41
    page.screenshot(path=str(tmp_path / "footprint.png"), full_page=True)
