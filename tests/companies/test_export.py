"""Exports: scoped to the user, same filters as the search, typed XLSX, labelled when data is synthetic."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from spets.companies import search as company_search
from spets.companies.models import Activity, Company, Contact
from spets.core.models import DataLoad, Organisation
from spets.core.scoping import unscoped


@pytest.fixture(autouse=True)
def english(client):
    # Column headers are translated; the tests read them in English (the language cookie, as a user would).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text[1:].splitlines()]


def test_company_export_uses_the_search_filters(client, anna, company):
    with unscoped():
        Company.objects.create(
            orgnr="5560000019",
            name="Faluverken AB",
            municipality_id="2080",
            employees=300,
            size_class="large",
        )
    client.force_login(anna)
    response = client.get(reverse("companies:export", args=["companies", "csv"]), {"municipality": "2080"})
    rows = csv_rows(response)
    assert rows[0][:2] == ["Organisation number", "Name"]
    assert [r[1] for r in rows[1:]] == ["Faluverken AB"]
    assert len(rows) - 1 == company_search.search(anna, {"municipality": "2080"}).count
    everything = csv_rows(client.get(reverse("companies:export", args=["companies", "csv"])))
    assert len(everything) - 1 == company_search.search(anna, {}).count == 2


def test_xlsx_has_typed_cells_and_an_about_sheet(client, petra, company):
    client.force_login(petra)
    response = client.get(reverse("companies:export", args=["companies", "xlsx"]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    data = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert data["Organisation number"].value == "5560000001" and data["Organisation number"].data_type == "s"
    assert data["Employees"].value == 12 and data["Employees"].data_type == "n"
    assert book.sheetnames[1] == "About"


def test_synthetic_data_is_labelled_in_both_formats(client, petra, company):
    DataLoad.objects.create(name="demo:test", version="1", synthetic=True)
    client.force_login(petra)
    rows = csv_rows(client.get(reverse("companies:export", args=["companies", "csv"])))
    assert rows[0][0].startswith("Synthetic demo data") and rows[1][0] == "Organisation number"
    book = load_workbook(
        io.BytesIO(
            b"".join(client.get(reverse("companies:export", args=["companies", "xlsx"])).streaming_content)
        )
    )
    assert book.worksheets[0]["A1"].value.startswith("Synthetic demo data")
    assert any("Synthetic" in str(c.value) for row in book["About"].iter_rows() for c in row)


def test_without_demo_data_there_is_no_label(client, petra, company):
    client.force_login(petra)
    rows = csv_rows(client.get(reverse("companies:export", args=["companies", "csv"])))
    assert rows[0][0] == "Organisation number"


def test_activity_export_hides_other_organisations_private_notes(client, anna, cecilia, company):
    def add(slug, title, visibility):
        with unscoped():
            act = Activity.objects.create(
                type="advisory_meeting",
                title=title,
                date=datetime.date(2025, 4, 1),
                organisation=Organisation.objects.get(slug=slug),
                visibility=visibility,
            )
            act.companies.add(company)

    add("iuc-dalarna", "Dalarnas privata anteckning", "organisation")
    add("iuc-dalarna", "Delat möte", "programme")
    client.force_login(cecilia)
    titles = [r[2] for r in csv_rows(client.get(reverse("companies:export", args=["activities", "csv"])))[1:]]
    assert titles == ["Delat möte"]
    client.force_login(anna)
    titles = [r[2] for r in csv_rows(client.get(reverse("companies:export", args=["activities", "csv"])))[1:]]
    assert sorted(titles) == ["Dalarnas privata anteckning", "Delat möte"]
    assert (
        "Testbolaget Mekaniska AB (5560000001)"
        in csv_rows(client.get(reverse("companies:export", args=["activities", "csv"])))[1][4]
    )


def test_contact_export_for_advisors_not_analysts(client, anna, alf, company):
    with unscoped():
        Contact.objects.create(company=company, name="Eva Ek", email="eva@example.invalid")
        Contact.objects.create(company=company, name="Borttagen", anonymised=True)
    client.force_login(anna)
    rows = csv_rows(client.get(reverse("companies:export", args=["contacts", "csv"])))
    assert [(r[2], r[4]) for r in rows[1:]] == [("Eva Ek", "eva@example.invalid")]
    client.force_login(alf)
    assert client.get(reverse("companies:export", args=["contacts", "csv"])).status_code == 403


def test_company_user_cannot_export(client, carl):
    client.force_login(carl)
    assert client.get(reverse("companies:export", args=["companies", "csv"])).status_code == 403


def test_unknown_list_or_format_is_not_found(client, petra):
    client.force_login(petra)
    assert client.get(reverse("companies:export", args=["users", "csv"])).status_code == 404
    assert client.get(reverse("companies:export", args=["companies", "pdf"])).status_code == 404
