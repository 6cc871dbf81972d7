"""PDF report (text checked with pypdf), XLSX/CSV exports in both layouts, SVG charts."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from spets.assessment import exports, services
from tests.factories import IMPROVED, MIXED, completed

pypdf = pytest.importorskip("pypdf")


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)


def test_pdf_report_in_swedish_and_english(anna, company, peers, offers):
    t0 = completed(anna, company.pk, MIXED)
    t1 = services.schedule_follow_up(anna, t0.pk)
    services.save_answers(anna, t1.pk, _rid(t1), IMPROVED)
    services.complete(anna, t1.pk)
    services.add_plan_item(
        anna, company.pk, {"measure": "Energikartläggning", "responsible_id": anna.organisation_id}
    )
    sv = _pdf_text(_client(anna).get(f"/assessment/{t1.pk}/report.pdf?lang=sv"))
    assert "Testbolaget Mekaniska AB" in sv and "Bedömningsrapport" in sv
    assert "Digital affärsstrategi" in sv and "52,5" in sv  # strategy score at T1
    assert "T0 -> T1" in sv and "+20,0" in sv
    assert "Position bland jämförbara företag" in sv and "Rekommenderade erbjudanden" in sv
    t0_text = _pdf_text(_client(anna).get(f"/assessment/{t0.pk}/report.pdf?lang=sv"))
    assert "Digital mognadsanalys" in t0_text  # T0's data gap (not collected digitally) → the analysis offer
    assert "Energikartläggning" in sv
    assert "Syntetiska" not in sv  # not demo data
    en = _pdf_text(_client(anna).get(f"/assessment/{t1.pk}/report.pdf?lang=en"))
    assert "Assessment report" in en and "Digital business strategy" in en and "52.5" in en


def _rid(a):
    from spets.core.scoping import unscoped

    with unscoped():
        return a.respondents.first().pk


def test_synthetic_companies_are_marked_in_the_pdf(anna, company):
    from spets.companies.models import Company
    from spets.core.scoping import unscoped

    with unscoped():
        Company.objects.filter(pk=company.pk).update(synthetic=True)
    a = completed(anna, company.pk, MIXED)
    assert "Syntetiska demodata" in _pdf_text(_client(anna).get(f"/assessment/{a.pk}/report.pdf"))


def test_xlsx_export_is_readable_and_scoped(anna, carl, company, peers):
    completed(anna, company.pk, MIXED)
    book = load_workbook(io.BytesIO(_client(anna).get("/assessment/export/?format=xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Bedömnings-id", "Organisationsnummer", "Företag")  # Swedish headers for people
    header = exports.LONG_COLUMNS
    data = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert {r["company"] for r in data} == {"Testbolaget Mekaniska AB"} | {p.name for p in peers}
    strategy = next(
        r for r in data if r["company"] == "Testbolaget Mekaniska AB" and r["dimension"] == "strategy"
    )
    assert strategy["score"] == 32.5 and strategy["status"] == "complete"
    own = load_workbook(io.BytesIO(_client(carl).get("/assessment/export/?format=xlsx").content))
    assert {r[2] for r in list(own.active.iter_rows(values_only=True))[1:]} == {"Testbolaget Mekaniska AB"}


def test_dma_layout_csv(anna, company):
    completed(anna, company.pk, {**MIXED, "green.practices": None})
    text = _client(anna).get("/assessment/export/?layout=dma").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows[0]["digital_business_strategy"] == "32.5"
    assert rows[0]["green_digitalisation_status"] == "partial"
    assert rows[0]["digital_readiness"] != "" and rows[0]["framework"] == "dma-sme"


def test_charts_are_inline_svg_without_scripts(anna, company):
    a = completed(anna, company.pk, MIXED)
    page = _client(anna).get(f"/assessment/{a.pk}/").content.decode()
    assert page.count('<svg class="chart') == 2 and "<script" not in page.split("<main>")[1]
    assert 'data-value="32"' in page or 'data-value="33"' in page  # strategy 32.5 rounded in the bar label


def _fill_ops(response) -> list[str]:
    """The fill colours the first page sets, in drawing order ('r g b rg' operators)."""
    content = (
        pypdf.PdfReader(io.BytesIO(response.content)).pages[0].get_contents().get_data().decode("latin-1")
    )
    return re.findall(r"([\d.]+ [\d.]+ [\d.]+) rg", content)


def test_pdf_draws_a_radar_chart_with_t0_behind_t1(anna, company):
    from spets.assessment.frameworks import load_framework
    from spets.assessment.pdf import SERIES_RGB

    t0 = completed(anna, company.pk, MIXED)
    t1 = services.schedule_follow_up(anna, t0.pk)
    services.save_answers(anna, t1.pk, _rid(t1), IMPROVED)
    services.complete(anna, t1.pk)
    titles = [d.title["sv"] for d in load_framework("dma-sme-v1").dimensions]
    single = _client(anna).get(f"/assessment/{t0.pk}/report.pdf?lang=sv")
    text = _pdf_text(single)  # still parses
    for title in titles:  # bar chart, score table and the radar's axis label
        assert text.count(title) == 3, title
    both = _client(anna).get(f"/assessment/{t1.pk}/report.pdf?lang=sv")
    text = _pdf_text(both)
    assert all(text.count(title) == 4 for title in titles)  # … and the T0 → T1 table
    current, baseline = (
        " ".join(f"{c / 255:.4f}".rstrip("0").rstrip(".") for c in rgb) for rgb in SERIES_RGB
    )
    ops = _fill_ops(both)
    assert baseline in ops and ops.index(baseline) < max(i for i, op in enumerate(ops) if op == current)
    assert baseline not in _fill_ops(single)  # no T0 polygon without a baseline
