"""The progress report: the page (indicators by county and size class, drill-down links, map, cross-county
matrix, T0→T1, texts, data to check), the same figures from `spets programme report`, the PDF, English one
click away, and every role on every page of part A (the permission matrix)."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from spets.programme.models import Target
from spets.programme.services import periods as period_services
from tests.factories import make_activity, make_company
from tests.programme.reporting_setup import make_reporting_project, period

D = datetime.date
NOW = datetime.datetime(2026, 8, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def project(db):
    return make_reporting_project()


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def supported(anna, cecilia, project):
    """Three companies: two in Dalarna (one supported by Paper Province too), one in Värmland."""
    falun = make_company(name="Falu Gjuteri AB", municipality_id="2080", employees=5, size_class="micro")
    borlange = make_company(name="Borlänge Verkstad AB")
    karlstad = make_company(
        name="Karlstad Plast AB", municipality_id="1780", employees=80, size_class="medium"
    )
    make_activity(falun, "iuc-dalarna", anna, hours=4, date=D(2025, 4, 1))
    make_activity(falun, "paper-province", cecilia, hours=3, date=D(2026, 3, 1))
    make_activity(borlange, "iuc-dalarna", anna, hours=6, date=D(2026, 2, 1))
    make_activity(karlstad, "paper-province", cecilia, hours=5, date=D(2026, 5, 1))
    Target.objects.create(project=project, indicator="CO01", county_id=None, value=10)
    Target.objects.create(project=project, indicator="CO01", county_id="20", value=4)
    return {"falun": falun, "borlange": borlange, "karlstad": karlstad}


def figures_on_page(html: str) -> dict[tuple[str, str, str], str]:
    found = re.findall(r'data-figure="([^"|]*)\|([^"|]*)\|([^"]*)" data-value="([^"]*)"', html)
    return {(i, d or "total", k): v for i, d, k, v in found}


def test_petra_sees_co01_co04_and_rco01_to_04_by_county_and_size_class(client, petra, project, supported):
    client.force_login(petra)
    response = client.get(f"/programme/periods/{period(project, '2026H1').pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    cells = figures_on_page(html)
    assert cells[("CO01", "total", "")] == "3"
    assert cells[("CO01", "county", "20")] == "2" and cells[("CO01", "county", "17")] == "1"
    assert cells[("RCO01", "size_class", "micro")] == "1" and cells[("RCO01", "size_class", "medium")] == "1"
    assert cells[("CO01", "organisation", "paper-province")] == "2"
    for ident in ("CO04", "RCO01", "RCO02", "RCO03", "RCO04"):
        assert f'data-indicator="{ident}"' in html
    assert ("RCO03", "county", "20") not in cells  # not applicable: no financial instruments, no breakdown
    # A figure links to its companies.
    assert (
        f"/programme/periods/{period(project, '2026H1').pk}/figures/CO01/?dimension=county&amp;key=20" in html
    )
    assert 'data-testid="programme-map"' in html or 'id="programme-map"' in html
    assert "Öppen period" in html or "Open period" in html


def test_the_drill_down_page_lists_the_companies_of_a_cell(client, anna, project, supported):
    client.force_login(anna)
    pk = period(project, "2026H1").pk
    response = client.get(f"/programme/periods/{pk}/figures/CO01/?dimension=county&key=20")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Falu Gjuteri AB" in html and "Borlänge Verkstad AB" in html and "Karlstad Plast AB" not in html
    assert client.get(f"/programme/periods/{pk}/figures/ZZ9/").status_code == 404


def test_the_command_gives_the_same_figures_as_the_page(client, petra, project, supported):
    client.force_login(petra)
    html = client.get(f"/programme/periods/{period(project, '2026H1').pk}/").content.decode()
    page = figures_on_page(html)
    out = io.StringIO()
    call_command("programme", "report", "--period", "2026H1", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())["figures"]
    cli = {
        (r["indicator"], r["dimension"], r["key"]): ("" if r["value"] is None else str(r["value"]))
        for r in rows
    }
    assert cli == page
    assert cli[("CO01", "total", "")] == "3"


def test_the_command_writes_xlsx_and_csv(tmp_path, project, supported):
    target = tmp_path / "2026H1.xlsx"
    call_command("programme", "report", "--period", "2026H1", "--format", "xlsx", "--output", str(target))
    rows = list(load_workbook(target)["Indikatorer"].iter_rows(values_only=True))
    assert rows[0][:7] == ("Indikator", "Namn", "Enhet", "Dimension", "Nyckel", "Benämning", "Värde")
    assert ("CO01", "total", 3) in {(r[0], r[3], r[6]) for r in rows[1:]}
    csv_file = tmp_path / "2026H1.csv"
    call_command("programme", "report", "--period", "2026H1", "--format", "csv", "--output", str(csv_file))
    assert "CO01;" in csv_file.read_text(encoding="utf-8-sig")


def test_the_command_names_an_unknown_period(project):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2031H1.*2024H1"):
        call_command("programme", "report", "--period", "2031H1")


def test_the_command_closes_a_period_as_a_programme_manager(petra, anna, project):
    from django.core.management.base import CommandError

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("programme", "close", "--period", "2025H2", "--user", "anna", stdout=out)
    call_command("programme", "close", "--period", "2025H2", "--user", "petra", stdout=out)
    assert period(project, "2025H2").is_closed


def test_the_report_pdf(client, petra, project, supported):
    client.force_login(petra)
    response = client.get(f"/programme/periods/{period(project, '2026H1').pk}/report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('-2026H1-sv.pdf"')


def test_english_is_one_click_away(client, petra, project, supported):
    client.force_login(petra)
    url = f"/programme/periods/{period(project, '2026H1').pk}/"
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    html = client.get(url).content.decode()
    assert "Enterprises receiving support" in html and "Progress report 2026H1" in html


def test_a_closed_report_says_when_and_by_whom_and_activities_before_the_start_are_listed(
    client, petra, anna, project, supported
):
    early = make_activity(make_company(name="Tidig AB"), "iuc-dalarna", anna, hours=4, date=D(2023, 12, 1))
    period_services.close_period(petra, period(project, "2025H2").pk)
    client.force_login(petra)
    html = client.get(f"/programme/periods/{period(project, '2025H2').pk}/").content.decode()
    assert "2026-08-01" in html and "Petra" in html
    assert f"activity {early.pk}" in html or f"aktivitet {early.pk}" in html


def test_the_overview_lists_the_periods_with_their_status(client, petra, project):
    period_services.close_period(petra, period(project, "2025H2").pk)
    client.force_login(petra)
    html = client.get("/programme/").content.decode()
    assert 'data-testid="period-2025H2"' in html and 'data-testid="period-final"' in html
    assert "Petra" in html


# --- the permission matrix ------------------------------------------------------------------------------

ROLES = ["anna", "cecilia", "petra", "alf", "lisa", "carl", "anonymous"]
# (name, method, path, expected status per role in ROLES order). Anonymous users are sent to log in (302).
PAGES = [
    ("overview", "get", "/programme/", "200 200 200 200 200 403 302"),
    ("set-up", "get", "/programme/setup/", "403 403 200 403 403 403 302"),
    ("report", "get", "/programme/periods/{open}/", "200 200 200 200 200 403 302"),
    ("report json", "get", "/programme/periods/{open}/?format=json", "200 200 200 200 200 403 302"),
    ("report pdf", "get", "/programme/periods/{open}/report.pdf", "200 200 200 200 200 403 302"),
    ("figure", "get", "/programme/periods/{open}/figures/CO01/", "200 200 200 403 200 403 302"),
    ("participants", "get", "/programme/periods/{open}/participants/", "200 200 200 403 200 403 302"),
    (
        "participants xlsx",
        "get",
        "/programme/periods/{open}/participants.xlsx",
        "200 200 200 403 200 403 302",
    ),
    ("participants csv", "get", "/programme/periods/{open}/participants.csv", "200 200 200 403 200 403 302"),
    ("close confirm", "get", "/programme/periods/{ended}/close/confirm/", "403 403 200 403 403 403 302"),
    ("close", "post", "/programme/periods/{ended}/close/", "403 403 302 403 403 403 302"),
    ("close by get", "get", "/programme/periods/{ended}/close/", "405 405 405 405 405 405 302"),
    ("reopen", "get", "/programme/periods/{ended}/reopen/", "403 403 200 403 403 403 302"),
    ("section", "get", "/programme/periods/{open}/sections/summary/", "403 403 200 403 403 403 302"),
    ("outcomes", "get", "/programme/companies/{company}/outcomes/", "200 200 200 403 200 403 302"),
    ("record outcome", "post", "/programme/companies/{company}/outcomes/", "200 200 200 403 403 403 302"),
    ("api periods", "get", "/api/programme/reports/periods", "200 200 200 200 200 403 401"),
    ("api report", "get", "/api/programme/reports/periods/{open}", "200 200 200 200 200 403 401"),
    (
        "api figure companies",
        "get",
        "/api/programme/reports/periods/{open}/figures/CO01?dimension=county&key=20",
        "200 200 200 403 200 403 401",
    ),
]
CASES = [
    (name, method, path, role, int(codes.split()[i]))
    for name, method, path, codes in PAGES
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize("name,method,path,role,expected", CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_permission_matrix(client, personas, project, supported, name, method, path, role, expected):
    user = personas.get(role)
    if user is not None:
        client.force_login(user)
    url = path.format(
        open=period(project, "2026H1").pk, ended=period(project, "2025H2").pk, company=supported["falun"].pk
    )
    response = client.post(url, {}) if method == "post" else client.get(url)
    assert response.status_code == expected, f"{name} as {role}: {response.status_code}"
    if role == "anonymous" and not url.startswith("/api/"):
        assert response["Location"].startswith("/login/")


def test_the_api_gives_the_same_figures_and_the_companies_behind_one(client, anna, project, supported):
    client.force_login(anna)
    pk = period(project, "2026H1").pk
    api = client.get(f"/api/programme/reports/periods/{pk}").json()
    out = io.StringIO()
    call_command("programme", "report", "--period", "2026H1", "--format", "json", stdout=out)
    assert api["figures"] == json.loads(out.getvalue())["figures"]
    cell = client.get(f"/api/programme/reports/periods/{pk}/figures/CO01?dimension=county&key=20").json()
    assert cell["value"] == 2 and {c["name"] for c in cell["companies"]} == {
        "Falu Gjuteri AB",
        "Borlänge Verkstad AB",
    }
    assert client.get(f"/api/programme/reports/periods/{pk}/figures/ZZ1").status_code == 422


def test_the_report_and_its_pdf_state_the_de_minimis_aid_of_the_ledger(client, petra, project, supported):
    from django.utils import translation

    from spets.programme import pdf, presenters
    from spets.programme.services import deminimis
    from spets.programme.services.report import report

    # 4 h + 3 h + 6 h + 5 h at the standard rate of 1 000 SEK per hour: 18 000 SEK to three companies.
    deminimis.backfill()
    context = presenters.report_context(report(petra, period(project, "2026H1").pk))
    assert context["aid"] == {"total_sek": 18_000.0, "companies": 3}
    with translation.override("en"):
        assert pdf.aid_text(context["aid"]).startswith("18,000 SEK of de minimis aid granted by the project")
    with translation.override("sv"):
        assert pdf.aid_text(context["aid"]).startswith("18\u202f000 kr")
    client.force_login(petra)
    html = client.get(f"/programme/periods/{period(project, '2026H1').pk}/").content.decode()
    assert "18\u202f000" in html and 'data-testid="aid"' in html
    response = client.get(f"/programme/periods/{period(project, '2026H1').pk}/report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_cross_county_table_counts_each_organisations_companies_by_their_county(
    client, petra, project, supported
):
    client.force_login(petra)
    html = client.get(f"/programme/periods/{period(project, '2026H1').pk}/").content.decode()
    table = html.split('data-testid="cross-county"', 1)[1].split("</table>", 1)[0]
    rows = {
        re.sub(r"<[^>]+>", "", cells[0]): [re.sub(r"<[^>]+>", "", c) for c in cells[1:]]
        for cells in (re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table))
        if cells
    }
    # columns: Värmland, Dalarna, Gävleborg, outside own county
    assert rows["Paper Province"] == ["1", "1", "0", "1"]  # Karlstad (home county) and Falun
    assert rows["IUC Dalarna"] == ["0", "2", "0", "0"]
