"""Footprint page, HTMX scenario partial and downloads (JSON, XLSX, PDF with the method)."""

import io
import json
from html import unescape

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from spets.economy import services

SCENARIO = {
    "municipality": ["2081", "2080", "2080"],
    "sni": ["C24", "C24", "C24"],
    "jobs": ["300", "", ""],
    "demand": ["", "", ""],
    "draws": "8",
    "area": "kommun:2081",
}


@pytest.fixture
def client_lisa(client, lisa):
    """Lisa with the default Swedish UI."""
    client.force_login(lisa)
    return client


@pytest.fixture
def client_lisa_en(client, lisa, settings):
    """Lisa with English chosen explicitly (the language switch's cookie)."""
    client.force_login(lisa)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_page_shows_key_figures_recipients_and_a_map_of_the_41_programme_municipalities(
    stats_store, client_lisa
):
    r = client_lisa.get("/footprint/")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count('class="area kommun"') == 41
    d = services.footprint()
    # the page leads with the services scope for the programme area and names it on every figure
    assert r.context["result"]["scope"] == "services"
    for key in ("jobs", "jobs_in_area", "direct", "indirect", "wages", "value_added", "tax", "tax_in_area"):
        assert f'data-testid="kf-{key}"' in html
    assert 'data-testid="kf-induced"' not in html
    assert html.count("(Näringen och köpta tjänster)") >= 4
    assert 'data-testid="scope-tabs"' in html and html.count("data-scope=") == 4
    assert 'data-testid="by-place"' in html and "kommunalekonomiska utjämningen" in html
    assert (
        'data-testid="recipients"' in html
        and "Region Dalarna" in html
        and 'data-testid="recipient-levels"' in html
    )
    assert (
        "SYNTETISK sysselsättningsstatistik" in html
        and "UNGEFÄRLIG" in html
        and "UPPSKATTAD pendling" in html
    )
    assert r.context["result"]["tax_sek"] == d["tax_sek"]
    assert 'data-testid="scenario-form"' in html and 'hx-post="/footprint/scenario/"' in html


def test_page_for_a_municipality_and_division(stats_store, client_lisa):
    r = client_lisa.get("/footprint/", {"area": "kommun:2081", "industry": "24", "year": "2025"})
    assert r.status_code == 200
    assert r.context["result"]["area_name"] == "Borlänge"
    assert r.context["result"]["industries"] == ["C24"]


def test_bad_choice_shows_the_valid_choices(stats_store, client_lisa):
    r = client_lisa.get("/footprint/", {"area": "kommun:0180"})
    assert r.status_code == 400
    page = unescape(r.content.decode())
    # Swedish default UI, still listing every valid area
    assert "okänt område 'kommun:0180'; giltiga: programme, county:17" in page and "kommun:2081" in page
    assert "unknown area" not in page
    r = client_lisa.get("/footprint/", {"year": "2015"})
    page = unescape(r.content.decode())
    assert r.status_code == 400 and "inga skatteparametrar för 2015; tillgängliga år: 2021, 2022" in page


def test_missing_statistics_page_says_how_to_load_them(db, tmp_path, settings, client_lisa):
    settings.STATS_STORE_PATH = tmp_path / "none.duckdb"
    services.clear_cache()
    r = client_lisa.get("/footprint/")
    assert r.status_code == 400
    assert "spets load-demo" in r.content.decode()


def test_htmx_scenario_returns_a_partial_with_every_municipality_and_intervals(stats_store, client_lisa):
    r = client_lisa.post("/footprint/scenario/", SCENARIO, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    html = r.content.decode()
    assert "<html" not in html
    assert html.count("<tr data-code=") == 42
    assert html.count('class="outside"') == 41  # all but Borlänge are outside the chosen area
    assert html.count('class="area kommun"') == 41
    assert 'data-testid="intervals"' in html
    assert r.context["scenario"]["employment"]["direct"] == pytest.approx(300)


def test_scenario_without_htmx_renders_the_whole_page(stats_store, client_lisa):
    r = client_lisa.post("/footprint/scenario/", SCENARIO)
    assert r.status_code == 200
    assert "<html" in r.content.decode() and 'data-testid="scenario-result"' in r.content.decode()


def test_htmx_scenario_error_is_shown_in_the_partial(stats_store, client_lisa):
    bad = {**SCENARIO, "municipality": ["9999", "2080", "2080"]}
    r = client_lisa.post("/footprint/scenario/", bad, HTTP_HX_REQUEST="true")
    assert (
        'data-testid="scenario-error"' in r.content.decode() and "unknown municipality" in r.content.decode()
    )


def test_json_download_equals_the_service(stats_store, client_lisa):
    r = client_lisa.get("/footprint/", {"area": "county:21", "format": "json"})
    assert r["Content-Disposition"].endswith('.json"')
    assert json.loads(r.content)["tax_sek"] == services.footprint("county:21")["tax_sek"]


def test_xlsx_download_is_readable(stats_store, client_lisa):
    r = client_lisa.get("/footprint/scenario/", {"change": "kommun:2081,sni:24,jobs:+300", "format": "xlsx"})
    wb = load_workbook(io.BytesIO(r.content))
    munis = list(wb["Municipalities"].iter_rows(min_row=2, values_only=True))
    assert len(munis) == 42 and all(row[6] > 0 for row in munis)
    assert "Sources" in wb.sheetnames


def test_pdf_report_explains_the_method_and_sources(stats_store, client_lisa_en):
    r = client_lisa_en.get("/footprint/", {"format": "pdf"})
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    for phrase in (
        "Method",
        "Leontief",
        "FLQ",
        "gravity",
        "grundavdrag",
        "Tax revenue by recipient",
        "Region Dalarna",
        "employment_day_population",
        "SYNTHETIC",
        "Kommunalskatter",
    ):
        assert phrase in text, phrase


def test_scenario_pdf_lists_every_municipality(stats_store, client_lisa):
    r = client_lisa.get(
        "/footprint/scenario/", {"change": "kommun:2081,sni:24,jobs:+300", "format": "pdf", "lang": "en"}
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "+300 jobs in C24, Borl" in text and "Hudiksvall (2184)" in text and "Method" in text


def test_page_and_pdf_state_the_broader_table_industry(stats_store, client_lisa, client_lisa_en):
    r = client_lisa_en.get("/footprint/", {"industry": "99"})
    html = r.content.decode()
    heading = html.split('data-testid="footprint-heading">')[1].split("</h2>")[0]
    assert "SNI 99, computed for table industry R-U (SNI 90-99)" in heading
    labels = html.split('data-testid="labels">')[1].split("</ul>")[0]
    assert "SNI 99 is computed for the table industry R-U" in labels
    r = client_lisa.get("/footprint/", {"industry": "99", "format": "pdf", "lang": "en"})
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split())
    assert "SNI 99, computed for table industry R-U" in text and "NOTE: SNI 99 is computed" in text


def test_an_earlier_tax_year_shows_each_borrowed_parameter_on_the_page_and_in_the_pdf(
    stats_store, client_lisa_en, rates_not_bundled
):
    rates_not_bundled(2021, 2022, 2023, 2024)  # 2023 borrows the rates too, as before it had its own
    client_lisa = client_lisa_en
    r = client_lisa.get("/footprint/", {"year": "2023"})
    assert r.status_code == 200 and r.context["result"]["year"] == 2023
    notices = r.content.decode().split('data-testid="notices">')[1].split("</ul>")[0]
    assert (
        "job tax credit formula (jobbskatteavdrag) is not bundled for 2023; the value of 2025 is used"
        in notices
    )
    assert "municipal and regional tax rates is not bundled for 2023" in notices
    r = client_lisa.get("/footprint/", {"year": "2023", "format": "pdf", "lang": "en"})
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split())
    assert (
        "job tax credit formula (jobbskatteavdrag) is not bundled for 2023; the value of 2025 is used" in text
    )
    assert "598,500" in text  # the year's own skiktgräns (English number format)


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_swedish_page_has_no_english_badges_sources_or_names(stats_store, client_lisa):
    html = client_lisa.get("/footprint/").content.decode()
    labels = html.split('data-testid="labels">')[1].split("</ul>")[0]
    assert (
        "SYNTETISK" in labels
        and "UNGEFÄRLIG" in labels
        and "UPPSKATTAD pendling (gravitationsmodell)" in labels
    )
    assert "SYNTHETIC" not in labels and "APPROXIMATE" not in labels and "ESTIMATED" not in labels
    assert (
        "Förvärvsarbetande (dagbefolkning) — syntetiska demodata; Demo-input-outputtabell för Sverige "
        "(ungefärlig)" in html
    )
    assert "synthetic demo data; Sweden demo IO table" not in html
    assert ">Programområdet (41 kommuner)</option>" in html and "programme area" not in html
    types = html.split('data-testid="tax-types">')[1].split("</table>")[0]
    assert (
        "Kommunalskatt" in types
        and "Jobbskatteavdrag" in types
        and "municipal income tax" not in types.lower()
    )
    assert ">24 Stål- och metallverk</option>" in html and "Basic metals" not in html


def test_english_page_uses_english_names(stats_store, client_lisa_en):
    html = client_lisa_en.get("/footprint/").content.decode()
    assert "SYNTHETIC employment statistics" in html and ">24 Basic metals</option>" in html
    assert ">Programme area (41 municipalities)</option>" in html and "Kommunalskatt" not in html


def test_sensitivity_table_shows_labels_not_keys(stats_store, client_lisa):
    html = client_lisa.post("/footprint/scenario/", SCENARIO, HTTP_HX_REQUEST="true").content.decode()
    table = html.split('data-testid="intervals">')[1].split("</table>")[0]
    assert "<td>Jobb, totalt</td>" in table and "<td>Skatteintäkter, totalt (kr)</td>" in table
    assert ">employment_total<" not in table and ">tax_total_sek<" not in table


def test_pdf_in_swedish_by_default_and_english_on_request_with_values_wrapped_not_cut(
    stats_store, client_lisa
):
    sv = _pdf_text(client_lisa.get("/footprint/", {"format": "pdf"}).content)
    assert "Ekonomiskt fotavtryck" in sv and "Skatteintäkter per mottagare" in sv and "Leontief" in sv
    assert (
        "Kommunalskatt" in sv and "1. Nationell input-outputmodell" in sv and "Economic footprint" not in sv
    )
    en = _pdf_text(client_lisa.get("/footprint/", {"format": "pdf", "lang": "en"}).content)
    assert "Economic footprint" in en and "1. National input-output model" in en
    # long metadata values wrap instead of being cut mid-word
    for text in (sv, en):
        assert "hypothetical" in text or "hypotetisk" in text
        assert "FLQ with delta=0.3 (Flegg & Tohmo 2013), gravity trade with beta=1.0" in text
