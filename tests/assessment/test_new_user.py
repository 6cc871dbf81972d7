"""What a new user sees (issue 14): frameworks by name, no band on too few answers, one set of status words
on the page and in the PDF, the company's own result after the self-assessment, and no other
organisation's action plan on a brand-new T0."""

from __future__ import annotations

import datetime
import io

import pypdf
import pytest
from django.test import Client

from spets.assessment import services
from spets.assessment.scoring import BAND_MIN_COVERAGE, band_is_shown
from tests.factories import MIXED, completed, make_assessment

pytestmark = pytest.mark.django_db

# Readiness scores 100 on one of seven technologies answered (coverage 0.07): it must not read "advanced".
PARTIAL = {
    "readiness.advanced": {"cad_cam": 5},
    "strategy.preparedness": ["needs_known"],
    "human.upskilling": ["skills_review"],
    "human.engagement": ["informed"],
    "data.management": ["policy"],
    "data.security": ["policy"],
    "automation.technologies": {"language": 5},
    "green.practices": ["waste"],
}


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)


def test_the_threshold_is_half_of_the_questions():
    assert (
        BAND_MIN_COVERAGE == 0.5
        and band_is_shown(0.5)
        and not band_is_shown(0.49)
        and not band_is_shown(None)
    )


def test_the_list_and_dashboard_name_frameworks_instead_of_showing_their_ids(anna, alf, company):
    completed(anna, company.pk, MIXED)
    page = _client(anna).get("/assessment/").content.decode()
    rows = page.split('data-testid="assessments"')[1]
    assert "<td>DMA</td>" in rows and "dma-sme" not in rows.split("<tbody>")[1].split("href")[0]
    dashboard = _client(alf).get("/assessment/dashboard/").content.decode()
    assert ">dma-sme<" not in dashboard and ">spets-profile<" not in dashboard


def test_no_band_is_shown_below_the_coverage_threshold_on_the_page_or_in_the_pdf(anna, company):
    a = completed(anna, company.pk, PARTIAL)
    page = _client(anna).get(f"/assessment/{a.pk}/").content.decode()
    readiness = page.split('data-dimension="readiness"')[1].split("</tr>")[0]
    assert 'data-band="preliminary"' in readiness and "preliminär" in readiness
    assert "Avancerad" not in readiness and "delvis besvarad" in readiness
    # Enough answered elsewhere: the overall band is shown, and the total says how much was answered.
    overall = page.split('data-testid="overall"')[1].split("</p>")[0]
    assert "55\u00a0% av frågorna besvarade" in overall
    pdf = _pdf_text(_client(anna).get(f"/assessment/{a.pk}/report.pdf"))
    line = next(line for line in pdf.splitlines() if line.startswith("Digital mogenhet i teknik 100,0"))
    assert "preliminär" in line and "delvis besvarad" in line and "Avancerad" not in line
    assert "komplett" in pdf and "ofullständig" not in pdf  # the page's words, not a second set
    assert "55 % av frågorna besvarade" in pdf


def test_the_pdf_recommendations_table_has_headers(anna, company, offers):
    a = completed(anna, company.pk, MIXED)
    pdf = _pdf_text(_client(anna).get(f"/assessment/{a.pk}/report.pdf"))
    recs = pdf.split("Rekommenderade erbjudanden")[1]
    assert "Prioritet" in recs and "Erbjudande" in recs and "Varför" in recs and "Organisation" in recs


def test_a_brand_new_t0_shows_no_other_organisations_overdue_action(anna, cecilia, company):
    theirs = completed(cecilia, company.pk, MIXED)
    services.add_plan_item(
        cecilia,
        company.pk,
        {
            "measure": "Paper Provinces åtgärd",
            "responsible_id": theirs.organisation_id,
            "due_date": datetime.date(2024, 1, 31),
        },
        assessment_id=theirs.pk,
    )
    mine = make_assessment(company.pk, by=anna)
    page = _client(anna).get(f"/assessment/{mine.pk}/").content.decode()
    assert "Paper Provinces åtgärd" not in page
    assert "Paper Provinces åtgärd" in _client(cecilia).get(f"/assessment/{theirs.pk}/").content.decode()


def test_the_company_answers_with_progress_and_then_sees_its_own_result(anna, company, frozen_time):
    a = make_assessment(company.pk, by=anna, mode="self")
    _link, token = services.create_link(anna, a.pk)
    url = f"/assessment/s/{token}/"
    form = _client().get(url).content.decode()
    assert 'data-testid="progress"' in form and "0 av " in form and "minuter kvar" in form
    assert "IUC Dalarna" in form  # who asks
    saved = _client().post(url + "answer/", {"question": "strategy.preparedness", "value": ["budget"]})
    assert saved.status_code == 200 and 'hx-swap-oob="true"' in saved.content.decode()
    assert "1 av " in saved.content.decode()
    services.save_link_answers(token, PARTIAL)
    _client().post(url + "submit/")
    page = _client().get(url).content.decode()
    result = page.split('data-testid="own-result"')[1]
    assert 'data-dimension="readiness"' in result and 'data-band="preliminary"' in result
    assert "<svg" in result  # the radar chart
    assert "av frågorna besvarade" in result
    assert 'data-testid="asked-by">IUC Dalarna<' in page and "anna@example.invalid" in page
    pdf = _client().get(url + "report.pdf")
    text = _pdf_text(pdf)
    assert company.name in text and "preliminär" in text


def test_the_report_of_a_link_is_not_there_before_the_answers_are_submitted(anna, company):
    a = make_assessment(company.pk, by=anna, mode="self")
    _link, token = services.create_link(anna, a.pk)
    assert _client().get(f"/assessment/s/{token}/report.pdf").status_code == 404
    assert _client().get("/assessment/s/not-a-token/report.pdf").status_code == 404


def test_the_date_of_an_action_is_kept(anna, company):  # the plan filter keeps the company's general items
    a = completed(anna, company.pk, MIXED)
    services.add_plan_item(
        anna,
        company.pk,
        {
            "measure": "Allmän åtgärd",
            "responsible_id": a.organisation_id,
            "due_date": datetime.date(2025, 5, 1),
        },
    )
    items = list(services.plan_for(anna, a))
    assert [(i.measure, i.due_date) for i in items] == [("Allmän åtgärd", datetime.date(2025, 5, 1))]
