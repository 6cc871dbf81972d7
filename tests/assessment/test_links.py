"""Self-assessment through a link: Swedish by default, English switch, autosave, submit; expired,
revoked or tampered links get the same plain 404 that reveals nothing about the company."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from spets.assessment import services
from spets.assessment.models import Answer, SelfAssessmentLink, Status
from spets.core.scoping import unscoped


@pytest.fixture
def self_assessment(anna, company):
    a = services.create_assessment(anna, company.pk, "dma-sme-v1", "self")
    link, token = services.create_link(anna, a.pk)
    return a, link, token


def test_only_a_hash_of_the_token_is_stored(self_assessment):
    _a, link, token = self_assessment
    assert (
        len(token) >= 40
        and token not in link.token_hash
        and link.token_hash == SelfAssessmentLink.hash(token)
    )


def test_the_company_answers_in_swedish_without_an_account(self_assessment):
    a, _link, token = self_assessment
    c = Client()
    page = c.get(f"/assessment/s/{token}/")
    text = page.content.decode()
    assert page.status_code == 200 and '<html lang="sv">' in text
    assert "Vilka av dessa grundläggande digitala tekniker använder företaget?" in text
    english = c.get(f"/assessment/s/{token}/?lang=en").content.decode()
    assert "Which of these basic digital technologies does the company use?" in english
    r = c.post(f"/assessment/s/{token}/answer/", {"question": "readiness.basic", "value": ["website"]})
    assert r.status_code == 200 and "Sparat" in r.content.decode()
    bad = c.post(f"/assessment/s/{token}/answer/", {"question": "readiness.advanced", "iot": "9"})
    assert bad.status_code == 422 and "readiness.advanced" in bad.content.decode()
    c.post(f"/assessment/s/{token}/submit/")
    with unscoped():
        a.refresh_from_db()
    assert a.status == Status.COMPLETED and a.result["dimensions"][1]["status"] == "partial"
    done = c.get(f"/assessment/s/{token}/").content.decode()
    assert 'data-testid="submitted"' in done
    late = c.post(f"/assessment/s/{token}/answer/", {"question": "readiness.basic", "value": ["erp"]})
    assert late.status_code == 422
    with unscoped():
        assert Answer.objects.get(assessment=a, question_id="readiness.basic").value == ["website"]


UNKNOWN = "/assessment/s/this-token-never-existed-aaaaaaaaaaaaaaaaaaaaaaaaaa/"


def _not_found_page(c):
    return c.get(UNKNOWN)


def same_page(response, other) -> bool:
    """The same 404 page apart from the CSRF token and the requested path (echoed in the language form)."""

    def norm(r):
        text = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", r.content.decode())
        return re.sub(r"/assessment/s/[^/\"]+/", "/assessment/s/TOKEN/", text)

    return response.status_code == other.status_code == 404 and norm(response) == norm(other)


def test_tampered_expired_and_revoked_links_are_plain_404(self_assessment, anna, company):
    a, link, token = self_assessment
    c = Client()
    unknown = _not_found_page(c)
    assert unknown.status_code == 404
    tampered = c.get(f"/assessment/s/{token[:-1]}{'A' if token[-1] != 'A' else 'B'}/")
    assert same_page(tampered, unknown)
    with unscoped():
        SelfAssessmentLink.objects.filter(pk=link.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    expired = c.get(f"/assessment/s/{token}/")
    assert same_page(expired, unknown)
    assert company.name not in expired.content.decode()
    assert c.post(f"/assessment/s/{token}/answer/", {"question": "readiness.basic"}).status_code == 404
    _a2, link2, token2 = a, *services.create_link(anna, a.pk)
    assert c.get(f"/assessment/s/{token2}/").status_code == 200
    services.revoke_link(anna, link2.pk)
    assert same_page(c.get(f"/assessment/s/{token2}/"), unknown)


def test_the_advisor_sees_the_link_once(anna, company):
    a = services.create_assessment(anna, company.pk, "dma-sme-v1", "self")
    c = Client()
    c.force_login(anna)
    page = c.post(f"/assessment/{a.pk}/links/", {"days": "14"}, follow=True).content.decode()
    assert 'data-testid="link-url"' in page and "/assessment/s/" in page
    again = c.get(f"/assessment/{a.pk}/").content.decode()
    assert 'data-testid="link-url"' not in again
    refused = c.post(f"/assessment/{a.pk}/links/", {"days": "400"}, follow=True).content.decode()
    assert "en länk gäller 1–180 dagar, inte 400" in refused  # Swedish UI
