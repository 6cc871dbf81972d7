"""Real browser: log in, open the start page, find the 41 municipality shapes and the key figures."""

import pytest

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_advisor_logs_in_and_sees_the_map_and_key_figures(page, anna, demo_data):
    login(page, "anna")
    page.goto(page.base_url + "/")
    assert page.locator("svg#map path.kommun").count() == 41
    assert page.locator("[data-testid=kf-employees] .value").inner_text().replace("\u202f", " ") == "53 000"
    assert page.locator("[data-testid=kf-workplaces] .value").inner_text().replace("\u202f", "").isdigit()
    assert "2024" in page.locator("[data-testid=kf-employees] .source").inner_text()
    assert page.locator("[data-testid=synthetic-banner]").is_visible()
    assert page.locator("[data-testid=county-table] tbody tr").count() == 3
