"""The yearly figures import pages (upload → preview → confirm) and the company-page panel: who may use
them, and a bad file writes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spets.core.scoping import unscoped
from spets.programme.models import CompanyYearFigure

pytestmark = pytest.mark.usefixtures("frozen_time")
PERSONAS = ["anonymous", "anna", "bertil", "cecilia", "petra", "alf", "lisa", "carl"]
GOOD = "Organisationsnummer;År;Anställda;Nettoomsättning\n556000-0001;2023;12;10 000 000\n"
BAD = "Organisationsnummer;År;Anställda;Nettoomsättning\n556000-0001;2023;12;10 000 000\n556000-0001;2024;-4;1\n"

EXPECTED = ["login", 200, 200, 200, 200, 403, 403, 403]


@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_open_the_import_page(client, personas, who):
    if who != "anonymous":
        client.force_login(personas[who])
    response = client.get(reverse("programme:figures_import"))
    expected = EXPECTED[PERSONAS.index(who)]
    if expected == "login":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == expected


def upload(client, text: str, source="Årsredovisningar"):
    return client.post(
        reverse("programme:figures_import"),
        {"file": SimpleUploadedFile("figures.csv", text.encode("utf-8"), "text/csv"), "source": source},
    )


def test_anna_previews_and_confirms_an_import(client, personas, company):
    client.force_login(personas["anna"])
    response = upload(client, GOOD)
    assert response.status_code == 200
    token = response.context["token"]
    assert 'data-testid="confirm-form"' in response.content.decode()
    with unscoped():
        assert not CompanyYearFigure.objects.exists()
    done = client.post(reverse("programme:figures_import_confirm", args=[token]))
    assert done.status_code == 302
    with unscoped():
        figure = CompanyYearFigure.objects.get()
    assert (figure.company_id, figure.year, figure.employees, figure.turnover_sek, figure.source) == (
        company.pk,
        2023,
        12,
        10_000_000,
        "Årsredovisningar",
    )
    # The import is gone from the session afterwards
    assert client.post(reverse("programme:figures_import_confirm", args=[token])).status_code == 404


def test_a_file_with_a_bad_row_names_it_and_offers_no_confirmation(client, personas, company):
    client.force_login(personas["anna"])
    response = upload(client, BAD)
    page = response.content.decode()
    assert 'data-testid="bad-row-3"' in page and 'data-testid="bad-row-2"' not in page
    assert 'data-testid="nothing-written"' in page and 'data-testid="confirm-form"' not in page
    # Confirming anyway (a crafted request) writes nothing
    client.post(reverse("programme:figures_import_confirm", args=[response.context["token"]]))
    with unscoped():
        assert not CompanyYearFigure.objects.exists()


def test_another_persons_pending_import_cannot_be_confirmed(client, personas, company):
    client.force_login(personas["anna"])
    token = upload(client, GOOD).context["token"]
    client.force_login(personas["cecilia"])
    assert client.post(reverse("programme:figures_import_confirm", args=[token])).status_code == 404


def test_a_file_without_the_needed_columns_is_refused_on_the_page(client, personas, company):
    client.force_login(personas["anna"])
    response = upload(client, "namn;år\nEtt;2023\n")
    assert response.status_code == 400 and 'data-testid="import-error"' in response.content.decode()


def test_the_company_page_shows_the_yearly_figures_panel(client, personas, company):
    with unscoped():
        CompanyYearFigure.objects.create(
            company=company, year=2023, employees=12, turnover_sek=9_000_000, source="SCB"
        )
    client.force_login(personas["anna"])
    page = client.get(reverse("companies:panels", args=[company.pk])).content.decode()
    assert 'data-testid="year-figures"' in page and "9\u202f000\u202f000" in page and "SCB" in page
