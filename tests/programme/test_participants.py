"""Förteckning över deltagande företag: Swedish columns, one row per company, per period and organisation,
XLSX and CSV (formula injection neutralised), a named row error for a company without org nr."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.utils import translation
from openpyxl import load_workbook

from spets.core.errors import Forbidden, InvalidData
from spets.programme.services import participants as svc
from spets.programme.services import periods as period_services
from tests.factories import make_activity, make_company
from tests.programme.reporting_setup import make_reporting_project, period

D = datetime.date
HEADER = [
    "Organisationsnummer",
    "Företagsnamn",
    "Kommun",
    "Län",
    "Storleksklass",
    "SNI",
    "Stödformer",
    "Timmar",
    "Stöd av mindre betydelse (kr)",
    "Första datum",
    "Senaste datum",
    "Organisationer",
]


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the source language); pages are tested in Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def project(db):
    return make_reporting_project()


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.datetime(2026, 8, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def supported(anna, cecilia):
    """A Borlänge company supported by IUC Dalarna and Paper Province in 2026H1, one in 2025 only."""
    borlange = make_company(orgnr="5560000001", name="Borlänge Verkstad AB", sni_codes="25620")
    make_activity(borlange, "iuc-dalarna", anna, hours=2.5, date=D(2026, 2, 3))
    make_activity(borlange, "paper-province", cecilia, hours=4, date=D(2026, 5, 20), type="workshop")
    make_activity(borlange, "iuc-dalarna", anna, hours=8, date=D(2025, 5, 20))  # the year before
    earlier = make_company(name="Fjolårets AB")
    make_activity(earlier, "iuc-dalarna", anna, hours=4, date=D(2025, 9, 1))
    return borlange


def test_the_list_has_one_row_per_company_supported_in_the_period(petra, project, supported):
    listing = svc.participants(petra, period(project, "2026H1").pk)
    assert len(listing.rows) == 1
    row = listing.rows[0]
    assert row.values() == [
        "5560000001",
        "Borlänge Verkstad AB",
        "Borlänge",
        "Dalarnas län",
        "Litet företag",
        "25620",
        "Rådgivning, Workshop",
        6.5,
        row.aid_sek,
        D(2026, 2, 3),
        D(2026, 5, 20),
        "IUC Dalarna, Paper Province",
    ]


def test_filtered_by_organisation_the_hours_and_dates_are_the_organisations_own(petra, project, supported):
    listing = svc.participants(petra, period(project, "2026H1").pk, "paper-province")
    (row,) = listing.rows
    assert (row.hours, row.first, row.last, row.organisations) == (
        4.0,
        D(2026, 5, 20),
        D(2026, 5, 20),
        "Paper Province",
    )
    assert row.support_types == "Workshop"
    assert svc.participants(petra, period(project, "2026H1").pk, "iuc-varmland").rows == []


def test_the_xlsx_file_has_swedish_columns_typed_cells_and_an_about_sheet(petra, project, supported):
    with translation.override("sv"):
        name, content_type, content = svc.export(petra, period(project, "2026H1").pk, "xlsx")
    assert name == "deltagande-foretag-2026H1.xlsx"
    book = load_workbook(io.BytesIO(content))
    sheet = book["Deltagande företag"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][0] == "5560000001" and rows[1][7] == 6.5
    assert rows[1][9] == datetime.datetime(2026, 2, 3)
    about = {r[0]: r[1] for r in book["Om"].iter_rows(values_only=True)}
    assert about["Period"].startswith("2026H1")


def test_the_column_headers_follow_the_users_language(petra, project, supported):
    _name, _type, content = svc.export(petra, period(project, "2026H1").pk, "csv")  # English (fixture)
    header = next(csv.reader(io.StringIO(content.decode("utf-8").lstrip("\ufeff")), delimiter=";"))
    assert header[:3] == ["Organisation number", "Company name", "Municipality"]
    with translation.override("sv"):
        _name, _type, content = svc.export(petra, period(project, "2026H1").pk, "xlsx")
    sheet = load_workbook(io.BytesIO(content))["Deltagande företag"]
    assert [c.value for c in sheet[1]][:3] == ["Organisationsnummer", "Företagsnamn", "Kommun"]


def test_the_csv_file_is_swedish_excel_friendly_and_formula_safe(petra, anna, project, supported):
    evil = make_company(name='=HYPERLINK("http://x","klick")')
    make_activity(evil, "iuc-dalarna", anna, hours=1.5, date=D(2026, 3, 1))
    with translation.override("sv"):
        _name, _type, content = svc.export(petra, period(project, "2026H1").pk, "csv")
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == HEADER
    names = {r[1]: r for r in rows[1:]}
    assert '\'=HYPERLINK("http://x","klick")' in names
    assert names["Borlänge Verkstad AB"][7] == "6,5"


def test_a_company_without_org_nr_stops_the_list_with_its_row_named(petra, anna, project, supported):
    nameless = make_company(name="Utan Nummer AB", orgnr="")
    make_activity(nameless, "iuc-dalarna", anna, hours=3, date=D(2026, 3, 1))
    with pytest.raises(InvalidData) as exc:
        svc.export(petra, period(project, "2026H1").pk, "xlsx")
    assert exc.value.errors == {
        "row 3": f"Utan Nummer AB (company id {nameless.pk}) has no organisation number"
    }


def test_the_de_minimis_column_shows_a_dash_while_the_ledger_gives_no_figures(
    petra, project, supported, monkeypatch
):
    from spets.programme.services import indicators

    monkeypatch.setattr(indicators, "aid_by_company", lambda project_id, end: None)
    listing = svc.participants(petra, period(project, "2026H1").pk)
    assert listing.rows[0].aid_sek is None and not listing.aid_known
    _name, _type, content = svc.export(petra, period(project, "2026H1").pk, "csv")
    assert ";–;" in content.decode("utf-8")


def test_a_closed_periods_list_is_the_reported_one(petra, anna, project, supported):
    with time_machine.travel(datetime.datetime(2026, 1, 20, tzinfo=datetime.UTC), tick=False):
        period_services.close_period(petra, period(project, "2025H2").pk)
    make_activity(make_company(name="Sen AB"), "iuc-dalarna", anna, hours=3, date=D(2025, 12, 1))
    listing = svc.participants(petra, period(project, "2025H2").pk)
    assert [r.name for r in listing.rows] == ["Fjolårets AB"]


def test_analysts_and_company_users_download_no_participant_list(alf, carl, project):
    for user in (alf, carl):
        with pytest.raises(Forbidden):
            svc.participants(user, period(project, "2026H1").pk)


def test_a_company_name_that_looks_like_a_formula_stays_text_in_the_xlsx_file(petra, anna, project):
    evil = make_company(name='=HYPERLINK("http://x","klick")')
    make_activity(evil, "iuc-dalarna", anna, hours=3, date=D(2026, 3, 1))
    _name, _type, content = svc.export(petra, period(project, "2026H1").pk, "xlsx")
    sheet = load_workbook(io.BytesIO(content))["Deltagande företag"]
    cell = sheet.cell(row=2, column=2)
    assert cell.value == '=HYPERLINK("http://x","klick")' and cell.data_type == "s"


def test_the_de_minimis_column_is_the_aid_the_ledger_holds_up_to_the_periods_end(petra, project, supported):
    from spets.programme.services import deminimis

    # The ledger values the activities at the standard rate of 1 000 SEK per hour: 2.5 h + 4 h in 2026H1
    # and 8 h in 2025 for Borlänge Verkstad (14 500 SEK up to 2026-06-30); 4 h for Fjolårets AB in 2025H2.
    assert deminimis.backfill()["written"] == 4
    listing = svc.participants(petra, period(project, "2026H1").pk)
    assert listing.aid_known and [r.aid_sek for r in listing.rows] == [14_500.0]
    assert [r.aid_sek for r in svc.participants(petra, period(project, "2025H2").pk).rows] == [4_000.0]
    # Up to the end of 2025H1 only the 8 hours of May 2025 had been granted.
    assert deminimis.aid_by_company(project.pk, D(2025, 6, 30)) == {supported.pk: 8_000}
    _name, _type, content = svc.export(petra, period(project, "2026H1").pk, "csv")
    assert content.decode("utf-8").splitlines()[1].split(";")[8] == "14500"
    _name, _type, content = svc.export(petra, period(project, "2026H1").pk, "xlsx")
    sheet = load_workbook(io.BytesIO(content))["Deltagande företag"]
    assert sheet.cell(row=2, column=9).value == 14_500
    # Shown with grouped thousands, the reader's way (Swedish Excel: "14 500"); hours with one decimal.
    assert sheet.cell(row=2, column=9).number_format == "#,##0"
    assert sheet.cell(row=2, column=8).number_format == "#,##0.0"
    assert sheet.cell(row=1, column=9).font.b


def test_the_participant_page_shows_the_aid_in_swedish_format(client, petra, project, supported):
    from django.urls import reverse

    from spets.programme.services import deminimis

    deminimis.backfill()
    client.force_login(petra)
    with translation.override("sv"):
        response = client.get(reverse("programme:participants", args=[period(project, "2026H1").pk]))
    assert response.status_code == 200
    assert '<td class="n">14\u202f500</td>' in response.content.decode()
