"""Content-Security-Policy without 'unsafe-inline' for scripts and styles, and Permissions-Policy, on every
page; no template holds an inline script, an on*= handler, a <style> element or a style attribute; the pages
still work in a real browser with the policy on (a select that submits its form, maps and bars, the API docs
from our own static files) and the browser reports no violation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import spets
from tests.conftest import login

SRC = Path(spets.__file__).parent


def test_every_page_sends_a_policy_without_unsafe_inline_and_a_permissions_policy(client, anna):
    client.force_login(anna)
    for url in ("/", "/companies/", "/login/", "/api/docs", "/api/openapi.json"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        style = next(part for part in policy.split(";") if part.strip().startswith("style-src"))
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, url
        assert "'unsafe-inline'" not in style, url
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert (
            "camera=()" in response["Permissions-Policy"]
            and "geolocation=()" in response["Permissions-Policy"]
        )


def test_no_template_has_an_inline_script_an_event_handler_or_an_inline_style():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
    style_element = re.compile(r"<style\b", re.I)
    style_attribute = re.compile(r"<[^>]*\sstyle\s*=", re.I)
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (inline_script, handler, style_element, style_attribute):
            for match in pattern.finditer(text):
                offenders.append(f"{template.relative_to(SRC)}: {match.group(0)[:80]}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_work_under_the_policy_in_a_real_browser(page, anna, company):
    from spets.companies.models import Offer
    from spets.core.models import Organisation
    from spets.core.scoping import unscoped

    with unscoped():
        Offer.objects.create(
            organisation=Organisation.objects.get(slug="iuc-dalarna"), name="Lean", type="workshop"
        )
    violations, off_host = [], []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.on(
        "request", lambda req: off_host.append(req.url) if not req.url.startswith(page.base_url) else None
    )
    login(page, "anna")
    page.goto(page.base_url + "/companies/offers/")
    page.select_option("select[name=organisation]", "iuc-dalarna")
    page.wait_for_url(lambda url: "organisation=iuc-dalarna" in url)  # spets.js submitted the form
    page.goto(page.base_url + "/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)  # Swagger UI rendered, offline
    assert not violations, violations
    assert not [url for url in off_host if not url.startswith(("data:", "blob:"))], off_host


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_with_maps_bars_and_page_styles_raise_no_policy_violation(page, demo_data, petra):
    """The pages that carried <style> elements or style attributes before (start page bars, map legends,
    footprint bars and scopes, atlas, programme set-up and report, referral network) render styled."""
    violations = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    login(page, "petra")
    for path in ("/", "/footprint/", "/atlas/", "/programme/", "/matching/network/"):
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
    page.goto(page.base_url + "/footprint/")
    bar = page.locator("svg.barline rect").first
    assert float(bar.get_attribute("width")) > 0
    assert page.locator("svg.barline").first.bounding_box()["width"] > 20  # sized by the stylesheet
    assert page.locator("link[href$='economy/footprint.css']").count() == 1
    assert not violations, violations
