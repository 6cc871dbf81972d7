"""The issue's "done when" path in a real browser: an advisor sends a self-assessment link, the company
fills it in in Swedish without an account, the advisor sees scores, peer position and recommended
offers and downloads the PDF report."""

from __future__ import annotations

import io

import pytest

from tests.conftest import login


@pytest.mark.browser
def test_self_assessment_link_to_report(page, browser, anna, company, peers, offers):
    login(page, "anna")
    page.goto(page.base_url + f"/assessment/new/?company={company.orgnr}")
    page.select_option("#id_framework", "dma-sme-v1")
    page.select_option("#id_mode", "self")
    page.click("[data-testid=new-form] button[type=submit]")
    page.click("[data-testid=create-link]")
    link = page.input_value("[data-testid=link-url]")
    assert "/assessment/s/" in link

    # The company: a fresh browser without a login.
    context = browser.new_context(locale="sv-SE")
    company_page = context.new_page()
    company_page.set_default_timeout(15_000)
    company_page.goto(link)
    assert company_page.locator("html").get_attribute("lang") == "sv"
    assert "Självskattning" in company_page.locator("h1").inner_text()

    def saved(qid):
        company_page.locator(f"[data-testid='status-{qid}'] [data-testid=saved]").wait_for()

    company_page.get_by_label("Vi vet vilka digitala behov verksamheten har").check()
    saved("strategy.preparedness")
    company_page.locator("#q-strategy-business-areas input[name=invested][value=operations]").check()
    saved("strategy.business_areas")
    for option in ("website", "erp", "cloud"):
        company_page.locator(f"#q-readiness-basic input[value={option}]").check()
    company_page.select_option("#q-readiness-advanced select[name=cad_cam]", "5")
    saved("readiness.basic")
    saved("readiness.advanced")
    company_page.locator("#q-data-management input[value=not_digital]").check()
    company_page.locator("#q-data-security input[value=backups]").check()
    saved("data.management")
    saved("data.security")
    company_page.wait_for_load_state("networkidle")
    company_page.click("[data-testid=submit]")
    company_page.locator("[data-testid=submitted]").wait_for()
    assert "Tack" in company_page.locator("[data-testid=submitted]").inner_text()
    context.close()

    # The advisor sees the result.
    page.reload()
    scores = page.locator("[data-testid=scores]").inner_text()
    assert "Digital affärsstrategi" in scores or "Digital business strategy" in scores
    sni = page.locator("[data-testid=peer-position] tr[data-grouping=sni_section]").inner_text()
    assert "7" in sni and "too few" not in sni  # six peers + the company
    recs = page.locator("[data-testid=recommendations]").inner_text()
    assert "Digital mognadsanalys" in recs and "Stor-företagsprogram" not in recs
    with page.expect_download() as download:
        page.click("[data-testid=pdf-sv]")
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert company.name in text and "Digital mognadsanalys" in text
