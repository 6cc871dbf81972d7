"""Real browser, phone width: anna opens her working day, follows the referral badge and declines the
referral; the badge is gone afterwards."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.factories import make_company, make_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_anna_sees_her_day_and_answers_an_incoming_referral(page, anna, cecilia):
    make_referral(
        make_company(name="Remitterade Sågen AB"), "paper-province", "iuc-dalarna", created_by=cecilia
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "anna")
    page.goto(page.base_url + "/")
    assert "Remitterade Sågen AB" in page.locator("[data-testid=panel-referrals]").inner_text()
    for name in ("my-companies", "follow-ups", "assessments", "events"):
        box = page.locator(f"[data-testid=panel-{name}]").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    badge = page.locator("[data-testid='nav-badge-companies:referrals']")
    assert badge.inner_text() == "1"
    badge.click()
    page.wait_for_url("**/companies/referrals/")
    page.fill("input[name=note]", "Inte vår inriktning")
    page.click("[data-testid=decline]")
    page.wait_for_url("**/companies/referrals/")
    page.goto(page.base_url + "/")
    assert page.locator("[data-testid='nav-badge-companies:referrals']").count() == 0
    assert "Inga öppna hänvisningar" in page.locator("[data-testid=panel-referrals]").inner_text()
