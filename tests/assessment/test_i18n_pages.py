"""Texts built from the pure core's results (peer groups, targets, gaps, comparison warnings) read in
the page's language: Swedish by default, English on request; dimension names, never ids."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import Client

from spets.assessment import services
from spets.core.models import FocusArea
from spets.geo.models import SniCode
from tests.factories import IMPROVED, MIXED, completed, respondent_id

pypdf = pytest.importorskip("pypdf")


def _client(user, lang: str | None = None) -> Client:
    c = Client()
    c.force_login(user)
    if lang:  # as the language switch in the page header sets it
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def _part(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}"')[1].split("</table>")[0].split("</p>")[0]


def _pdf_text(response) -> str:
    assert response.content.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)


def test_peer_groups_and_targets_in_swedish(anna, company, peers, offers):
    a = completed(anna, company.pk, MIXED)
    page = _client(anna).get(f"/assessment/{a.pk}/").content.decode()
    manufacturing = SniCode.objects.get(code="C").name_sv
    position = _part(page, "peer-position")
    assert f"SNI-avdelning: C – {manufacturing}" in position
    assert "Storleksklass: Litet" in position and "Län: Dalarnas län" in position
    assert "Programområdet: alla företag i programområdet" in position
    assert "programme area" not in position and "SNI section" not in position
    recs = _part(page, "recommendations")
    assert f"övre kvartil i jämförelsegruppen SNI-avdelning: C – {manufacturing}, n = 7" in recs
    assert "gap 0 till 30 (övre kvartil" in recs  # strategy 32.5, above the SNI C group's top quartile 30
    assert "top quartile" not in recs and "sni_section" not in recs


def test_peer_groups_and_targets_in_english_when_asked(anna, company, peers, offers):
    a = completed(anna, company.pk, MIXED)
    page = _client(anna, "en").get(f"/assessment/{a.pk}/").content.decode()
    manufacturing = SniCode.objects.get(code="C").name_en
    assert "Size class: Small" in _part(page, "peer-position")
    assert f"top quartile of the peer group SNI section: C – {manufacturing}, n = 7" in _part(
        page, "recommendations"
    )


def test_gaps_without_an_offer_are_named_once_in_swedish(anna, company):
    a = completed(anna, company.pk, MIXED)  # no catalogue: every gap is unmatched
    gaps = _part(_client(anna).get(f"/assessment/{a.pk}/").content.decode(), "unmatched")
    digital = FocusArea.objects.get(code="digitalisation").name_sv
    # two data rules fire (not collected digitally; score ≤ 50): the gap is named once
    assert gaps.count(f"Datahantering och uppkoppling ({digital})") == 1
    assert f"Digital affärsstrategi ({digital})" in gaps
    assert "data (" not in gaps and "(digitalisation)" not in gaps


def _partial_follow_up(anna, company):
    t0 = completed(anna, company.pk, MIXED)
    t1 = services.schedule_follow_up(anna, t0.pk)
    services.save_answers(anna, t1.pk, respondent_id(t1), {**IMPROVED, "readiness.advanced": {"cad_cam": 5}})
    services.complete(anna, t1.pk)
    return t1


def test_comparison_warnings_in_swedish_with_dimension_names(anna, company):
    t1 = _partial_follow_up(anna, company)
    page = _client(anna).get(f"/assessment/{t1.pk}/compare/").content.decode()
    warning = _part(page, "warning")
    assert "Varning: delvis besvarade dimensioner jämförs: Digital mogenhet i teknik" in warning
    assert "partly answered" not in page and "readiness" not in warning
    english = _client(anna, "en").get(f"/assessment/{t1.pk}/compare/").content.decode()
    assert "Warning: partly answered dimensions are compared: Digital readiness" in english


def test_swedish_pdf_has_no_english_texts(anna, company, peers, offers):
    t1 = _partial_follow_up(anna, company)
    # the UI language of the request does not leak into the report
    sv = _pdf_text(_client(anna, "en").get(f"/assessment/{t1.pk}/report.pdf?lang=sv"))
    assert "Varning: delvis besvarade dimensioner jämförs: Digital mogenhet i teknik" in sv
    assert "alla företag i programområdet" in sv and "Litet" in sv
    for english in ("partly answered", "programme area", "small", "Warning", "Digital readiness"):
        assert english not in sv
    en = _pdf_text(_client(anna).get(f"/assessment/{t1.pk}/report.pdf?lang=en"))
    assert "partly answered dimensions are compared: Digital readiness" in en and "Small" in en
