"""The issue's real-browser path (Playwright + Chromium): an advisor in Dalarna opens a company, sees three
matched offers from two other counties, refers to the best one; the receiving advisor in Gävleborg sees the
incoming referral's badge in the navigation and accepts."""

from __future__ import annotations

import pytest

from spets.companies.models import Referral, ReferralStatus
from spets.core.models import Role
from spets.core.scoping import unscoped
from tests.conftest import login, make_user
from tests.matching.setup import assessed_company, matched_offers


@pytest.mark.browser
def test_anna_refers_to_the_best_match_and_gustav_accepts(browser, page, live_server, anna, frozen_time):
    gustav = make_user("gustav", Role.ADVISOR, "iuc-gavleborg", first_name="Gustav")
    company = assessed_company(anna)
    offers = matched_offers()

    login(page, "anna")
    page.goto(f"{page.base_url}/companies/{company.pk}/")
    page.click("[data-testid=matched-offers-link]")
    page.wait_for_selector("[data-testid=matches]")
    matches = page.locator("[data-testid=matches] > li")
    assert matches.count() == 3
    counties = {matches.nth(i).get_attribute("data-county") for i in range(3)}
    assert counties == {"17", "21"}  # Värmland and Gävleborg; the company is in Dalarna
    best = matches.nth(0)
    assert "Digital mognadsanalys" in best.inner_text() and "IUC Gävleborg" in best.inner_text()
    assert "övre kvartil" in best.inner_text()  # each rank explains its terms
    best.locator(f"[data-testid=refer-{offers['digital'].pk}]").click()
    page.fill("#id_consent_date", "2025-03-01")
    page.fill("#id_consent_how", "muntligt vid mötet")
    page.click("[data-testid=send-referral]")
    page.wait_for_selector("[data-testid=matches]")

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    other = context.new_page()
    other.set_default_timeout(15_000)
    other.base_url = live_server.url
    login(other, gustav.username)
    badge = other.locator('[data-testid="nav-badge-companies:referrals"]')
    assert badge.inner_text() == "1"
    badge.click()
    row = other.locator("[data-testid=received] tr", has_text=company.name)
    row.locator("[data-testid=accept]").click()
    other.wait_for_selector("[data-testid=received]")
    status = other.locator("[data-testid=received] tr", has_text=company.name).locator("[data-testid=status]")
    assert status.inner_text() == "Accepterad"
    with unscoped():
        referral = Referral.objects.get(company=company)
    assert referral.status == ReferralStatus.ACCEPTED and referral.to_organisation.slug == "iuc-gavleborg"
    context.close()
