"""The register's done-when path in a real browser (Playwright + Chromium)."""

from __future__ import annotations

import datetime

import pytest

from spets.companies.models import Activity, Referral
from spets.core.scoping import unscoped
from tests.conftest import login

PRIVATE_NOTE = "Ägarskifte på gång, hantera varsamt"


@pytest.mark.browser
def test_anna_refers_a_company_and_cecilia_accepts_without_seeing_the_private_note(
    page, anna, cecilia, company
):
    today = datetime.date.today().isoformat()

    # Anna (IUC Dalarna) finds the company.
    login(page, "anna")
    page.goto(page.base_url + "/companies/")
    page.fill("#q", "Testbolaget")
    page.click("[data-testid=search-submit]")
    page.click("[data-testid=results] a:has-text('Testbolaget Mekaniska AB')")
    page.wait_for_selector("[data-testid=company-name]")

    # She logs a meeting with hours and a note private to IUC Dalarna.
    page.click("[data-testid=log-activity]")
    page.select_option("#id_type", "advisory_meeting")
    page.fill("#id_title", "Rådgivningsmöte om bioekonomi")
    page.fill("#id_date", today)
    page.fill("#id_hours_0", "2.5")  # the first advisor row is the logged-in advisor
    page.fill("#id_outcome", PRIVATE_NOTE)
    page.check("input[name=visibility][value=organisation]")
    page.click("[data-testid=save-activity]")
    page.wait_for_selector("[data-testid=timeline] >> text=" + PRIVATE_NOTE)
    assert "2,5 h" in page.inner_text("[data-testid=hours]")

    # And refers it to Paper Province with the company's consent.
    page.click("[data-testid=refer]")
    page.select_option("#id_to_organisation", label="Paper Province")
    page.fill("#id_reason", "Vill utveckla en biobaserad produkt")
    page.fill("#id_consent_date", today)
    page.fill("#id_consent_how", "Muntligt vid mötet")
    page.click("[data-testid=send-referral]")
    page.wait_for_selector("[data-testid=open-referrals] >> text=Paper Province")

    # Cecilia (Paper Province) sees the referral in her inbox and accepts it.
    page.context.clear_cookies()
    login(page, "cecilia")
    page.goto(page.base_url + "/companies/referrals/")
    row = page.locator("[data-testid=received] tr", has_text="Testbolaget Mekaniska AB")
    assert "Vill utveckla en biobaserad produkt" in row.inner_text()
    row.locator("[data-testid=accept]").click()
    page.wait_for_selector("[data-testid=received] [data-testid=status]")
    assert (
        page.locator("[data-testid=received] tr", has_text="Testbolaget")
        .locator("[data-testid=status]")
        .inner_text()
        != "Sent"
    )

    # On the company page she sees the hours but not IUC Dalarna's private note.
    page.click("[data-testid=received] a:has-text('Testbolaget Mekaniska AB')")
    page.wait_for_selector("[data-testid=company-name]")
    # Nowhere on the page: not in the timeline, not in the change history (scoped like the rows), nor markup.
    html = page.content()
    assert PRIVATE_NOTE not in html and "Rådgivningsmöte om bioekonomi" not in html
    assert "2,5 h" in page.inner_text("[data-testid=hours]")  # the hours are shared, the note is not

    with unscoped():
        assert Referral.objects.get().status == "accepted"
        activity = Activity.objects.get()
        assert activity.private and activity.outcome == PRIVATE_NOTE
