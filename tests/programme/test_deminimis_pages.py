"""De minimis pages, downloads and API: the permission matrix, refusal at the ceiling on the activity page
and through the API, a programme manager's override on the page, the certificate PDF's text (read with
pypdf), the aid register export, and the demo group near the ceiling.

Decisions under test: the ledger, the headroom and the certificate are for programme staff who read company
records (advisors of every organisation, programme managers, viewers); advisors and programme managers record
declarations; the whole aid register and its export are for programme managers; analysts and company users
see none of it; anonymous visitors are sent to log in (the API answers 401)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from spets.core.models import ApiToken
from spets.core.scoping import unscoped
from spets.programme.models import AidDeclaration, AidGrant, CeilingDecision
from spets.programme.services import deminimis as dm
from spets.programme.services.deminimis_demo import DEMO_HEADROOM_EUR, load_demo_group
from tests.programme.deminimis_setup import declare, log, make_group, make_project

pytestmark = pytest.mark.django_db

PERSONAS = ["anna", "bertil", "cecilia", "petra", "alf", "lisa", "carl", None]
STAFF = {"anna", "bertil", "cecilia", "petra", "lisa"}  # READ_RECORDS
WRITERS = {"anna", "bertil", "cecilia", "petra"}
MANAGERS = {"petra"}
NOW = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world(personas, company, anna):
    make_project()
    log(anna, [company], "2025-02-01", hours=3)
    return personas


def client_for(personas, name) -> Client:
    client = Client()
    if name:
        client.force_login(personas[name])
    return client


def expected(name, allowed: set[str]) -> int:
    if name is None:
        return 302
    return 200 if name in allowed else 403


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize(
    "page, allowed",
    [
        ("ledger", STAFF),
        ("declaration", WRITERS),
        ("certificate", STAFF),
        ("register", MANAGERS),
        ("export_xlsx", MANAGERS),
        ("export_csv", MANAGERS),
        ("rates", STAFF),
    ],
)
def test_permission_matrix_of_the_pages(world, company, name, page, allowed):
    url = {
        "ledger": reverse("programme:deminimis_company", args=[company.pk]),
        "declaration": reverse("programme:deminimis_declaration", args=[company.pk]),
        "certificate": reverse("programme:deminimis_certificate", args=[company.pk]),
        "register": reverse("programme:deminimis_register"),
        "export_xlsx": reverse("programme:deminimis_export", args=["xlsx"]),
        "export_csv": reverse("programme:deminimis_export", args=["csv"]),
        "rates": reverse("programme:deminimis_rates"),
    }[page]
    with time_machine.travel(NOW, tick=False):
        response = client_for(world, name).get(url)
    assert response.status_code == expected(name, allowed), (name, page)
    if name is None:
        assert "/login/" in response["Location"]


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


@pytest.mark.parametrize("name", PERSONAS)
def test_permission_matrix_of_the_api(world, company, name):
    headers = bearer(world[name]) if name else {}
    base = f"/api/programme/deminimis/companies/{company.pk}"
    client = Client()
    with time_machine.travel(NOW, tick=False):
        reads = [client.get(f"{base}/headroom", **headers), client.get(f"{base}/grants", **headers)]
        rates = client.get("/api/programme/deminimis/rates", **headers)
        post = client.post(
            f"{base}/declarations",
            {"declared_on": "2025-03-01", "no_other_aid": True},
            content_type="application/json",
            **headers,
        )
    if name is None:
        assert {r.status_code for r in [*reads, rates, post]} == {401}
        return
    assert {r.status_code for r in [*reads, rates]} == {200 if name in STAFF else 403}
    assert post.status_code == (201 if name in WRITERS else 403)


def test_the_api_answers_the_headroom_in_eur_and_sek(world, company, anna):
    with time_machine.travel(NOW, tick=False):
        body = (
            Client().get(f"/api/programme/deminimis/companies/{company.pk}/headroom", **bearer(anna)).json()
        )
    assert body["regulation"] == "2023/2831" and Decimal(str(body["ceiling_eur"])) == 300_000
    assert (body["window_start"], body["window_end"]) == ("2022-03-04", "2025-03-03")
    # 300 000 − 261.55 = 299 738.45 EUR; × 11.1590 (the rate of March 2025) = 3 344 781.36 SEK.
    assert (Decimal(str(body["headroom_eur"])), Decimal(str(body["headroom_sek"]))) == (
        Decimal("299738.45"),
        Decimal("3344781.36"),
    )
    assert body["declaration_on"] is None


def test_a_bad_declaration_through_the_api_names_the_row(world, company, anna):
    response = Client().post(
        f"/api/programme/deminimis/companies/{company.pk}/declarations",
        {
            "declared_on": "2025-03-01",
            "entries": [{"granted_on": "2019-05-01", "grantor": "Länsstyrelsen", "amount": "100"}],
        },
        content_type="application/json",
        **bearer(anna),
    )
    assert response.status_code == 422
    # Swedish first: "rad 1" is row 1.
    assert "rad 1: Växelkurs EUR/SEK saknas för 2019-05" in response.json()["detail"]
    with unscoped():
        assert not AidDeclaration.objects.exists()


def test_the_company_page_shows_the_headroom_and_a_missing_declaration(world, company, anna, alf):
    client = client_for(world, "anna")
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        html = client.get(reverse("companies:panels", args=[company.pk]), HTTP_ACCEPT_LANGUAGE="en").content
    text = html.decode()
    assert 'data-testid="deminimis-panel"' in text
    assert "No declaration of other de minimis aid recorded" in text or "Ingen försäkran" in text
    assert (
        'data-testid="deminimis-panel"'
        not in client_for(world, "alf").get(reverse("companies:panels", args=[company.pk])).content.decode()
    )


@pytest.fixture
def near_ceiling(anna):
    make_project()
    group = make_group("Koncernen AB", "Dotter Ett AB", "Dotter Två AB")
    declare(
        anna, group[0], ("2024-06-01", "299900", "EUR", "Energimyndigheten"), on=datetime.date(2024, 12, 1)
    )
    return group


def activity_form(company, **extra) -> dict:
    data = {
        "type": "workshop",
        "title": "Workshop energieffektivisering",
        "date": "2025-02-01",
        "visibility": "programme",
        "advisor_0": str(extra.pop("advisor").pk),
        "hours_0": "3",
    }
    data.update(extra)
    return data


def test_anna_logging_a_workshop_near_the_ceiling_is_stopped_with_the_headroom_on_the_page(
    client, anna, near_ceiling
):
    company = near_ceiling[2]
    client.force_login(anna)
    response = client.post(
        reverse("companies:activity_new", args=[company.pk]), activity_form(company, advisor=anna)
    )
    assert response.status_code == 200  # the form again, with the refusal
    text = response.content.decode()
    assert "Koncernen AB" in text and "2023/2831" in text
    assert "100" in text and "1\u202f147" in text or "1,147" in text  # 100 EUR left = 1 147 SEK
    assert 'name="override_reason"' not in text  # advisors are not offered the override
    with unscoped():
        assert not AidGrant.objects.exists()


def test_petra_goes_ahead_on_the_page_by_recording_her_decision(client, petra, near_ceiling):
    company = near_ceiling[2]
    client.force_login(petra)
    url = reverse("companies:activity_new", args=[company.pk])
    assert 'name="override_reason"' in client.get(url).content.decode()
    response = client.post(url, activity_form(company, advisor=petra, override_reason="Styrgruppens beslut"))
    assert response.status_code == 302
    with unscoped():
        assert CeilingDecision.objects.get().reason == "Styrgruppens beslut"


def test_the_activity_api_refuses_at_the_ceiling_with_422(anna, near_ceiling):
    company = near_ceiling[1]
    response = Client().post(
        "/api/companies/activities",
        {
            "type": "workshop",
            "title": "Workshop",
            "date": "2025-02-01",
            "company_ids": [company.pk],
            "advisors": [{"advisor_id": anna.pk, "hours": "3"}],
        },
        content_type="application/json",
        **bearer(anna),
    )
    assert response.status_code == 422
    assert "2023/2831" in str(response.json())


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_certificate_states_amount_date_regulation_and_issuer(world, company, anna, lang):
    client = client_for(world, "anna")
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("programme:deminimis_certificate", args=[company.pk]) + f"?lang={lang}")
    assert response["Content-Type"] == "application/pdf"
    assert f"intyg-de-minimis-5560000001-{lang}.pdf" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "Testbolaget Mekaniska AB" in text and "556000-0001" in text
    assert "2025-02-01" in text and "2023/2831" in text and "IUC Dalarna" in text
    if lang == "sv":
        assert "Intyg om stöd av mindre betydelse" in text
        assert "3 000,00 kr, det vill säga 261,55 EUR" in text
        assert "Kommissionens förordning (EU) 2023/2831 av den 13 december 2023" in text
        assert "artikel 3.2" in text and "300 000 EUR" in text
        assert "3,00 h x 1 000,00 kr/h (programmets schablontaxa)" in text
    else:
        assert "Certificate of de minimis aid" in text
        assert "3,000.00 SEK" in text and "261.55 EUR" in text
        assert "Commission Regulation (EU) 2023/2831 of 13 December 2023" in text
        assert "Article 3(2)" in text and "EUR 300,000" in text
        # Recorded in Swedish, described in the certificate's language.
        assert "3.00 h x 1,000.00 SEK/h (the programme's standard rate)" in text


def test_no_certificate_without_aid(world, anna):
    from tests.factories import make_company

    other = make_company(name="Inget Stöd AB")
    response = client_for(world, "anna").get(reverse("programme:deminimis_certificate", args=[other.pk]))
    assert response.status_code == 404


def test_the_aid_register_export_has_swedish_columns_and_numbers(world, company):
    from openpyxl import load_workbook

    client = client_for(world, "petra")
    with translation.override("sv"), time_machine.travel(NOW, tick=False):
        xlsx = client.get(reverse("programme:deminimis_export", args=["xlsx"]))
        csv = client.get(reverse("programme:deminimis_export", args=["csv"]) + "?from=2025-01-01")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Organisationsnummer"] == "5560000001"
    assert row["Värde (kr)"] == 3000 and row["Värde (EUR)"] == 261.55 and row["Kronor per euro"] == 11.47
    assert row["Förordning"] == "(EU) 2023/2831"
    assert row["Försäkran om annat stöd"] == "nej"
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Organisationsnummer;Företag;")
    assert "5560000001;Testbolaget Mekaniska AB" in text


@time_machine.travel(datetime.datetime(2026, 6, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_demo_group_near_the_ceiling_stops_a_workshop(anna, petra):
    make_project()
    summary = load_demo_group(20250601)
    assert summary["demo_group"] == 3
    with unscoped():
        parent = AidDeclaration.objects.get().company
    status = dm.group_status(parent.pk)
    assert status.headroom_eur == DEMO_HEADROOM_EUR and len(status.members) == 3
    child = [m for m in status.members if m.pk != parent.pk][0]
    with pytest.raises(Exception) as exc:
        log(anna, [child], "2026-06-10", hours=8, type="workshop")
    assert "400" in str(exc.value)


def test_anna_records_a_declaration_on_the_page_and_a_bad_row_is_named(client, anna, company, frozen_time):
    client.force_login(anna)
    url = reverse("programme:deminimis_declaration", args=[company.pk])
    bad = client.post(
        url,
        {
            "declared_on": "2025-03-01",
            "granted_on_0": "2024-05-01",
            "grantor_0": "Vinnova",
            "amount_0": "-100",
            "currency_0": "SEK",
            "regulation_0": "2023/2831",
        },
    )
    assert bad.status_code == 200
    assert "rad 1: beloppet ska vara större än noll" in bad.content.decode()
    with unscoped():
        assert not AidDeclaration.objects.exists()
    good = client.post(
        url,
        {
            "declared_on": "2025-03-01",
            "granted_on_0": "2024-05-01",
            "grantor_0": "Vinnova",
            "amount_0": "114 700",
            "currency_0": "SEK",
            "regulation_0": "2023/2831",
        },
    )
    assert good.status_code == 302
    with unscoped():
        entry = AidDeclaration.objects.get().entries.get()
    assert (entry.amount, entry.amount_eur) == (
        Decimal("114700.00"),
        Decimal("9816.00"),
    )  # / 11.6850 (2024-05)


def test_a_bad_date_filter_on_the_register_is_a_message_not_an_error(client, petra):
    client.force_login(petra)
    response = client.get(reverse("programme:deminimis_register") + "?from=2025-13-01", follow=True)
    assert response.status_code == 200
    assert "2025-13-01" in response.content.decode()
    export = client.get(reverse("programme:deminimis_export", args=["csv"]) + "?to=igår")
    assert export.status_code == 400
