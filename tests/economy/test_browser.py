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


def test_scopes_and_scenario_fit_a_390_px_phone(page, stats_store, lisa):
    login(page, "lisa")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/footprint/")
    tabs = page.get_by_test_id("scope-tabs")
    assert tabs.locator("a[aria-current]").get_attribute("data-scope") == "services"
    tabs.locator("a[data-scope=type1]").click()
    page.wait_for_url("**scope=type1**")
    assert page.get_by_test_id("scope-tabs").locator("a[aria-current]").get_attribute("data-scope") == "type1"
    button = page.get_by_test_id("scenario-form").locator("button[type=submit]")
    button.click()
    page.get_by_test_id("scenario-result").wait_for()
    assert button.is_enabled()  # hx-disabled-elt disables it only while computing
    # the wide scenario table scrolls inside its container; the economy's own blocks stay within 390 px
    for selector in ("[data-testid=scope-tabs]", "[data-testid=by-place]", ".table-scroll"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390 + 1, selector
    page.screenshot(path="/tmp/foot-390.png", full_page=True)
