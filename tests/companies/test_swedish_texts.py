"""Swedish pages say in Swedish what the pure org nr rules and the stored audit codes say in English:
org nr errors on the new-company form and in the import preview, the preview's field names, the history."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.urls import reverse

from spets.companies import orgnr
from spets.companies.services import companies as company_services
from spets.companies.services import contacts as contact_services
from spets.core.audit import log_action
from spets.core.scoping import unscoped


def test_the_pure_rule_keeps_english_and_names_its_rule_by_code():
    try:
        orgnr.parse("556000-0002")
    except orgnr.OrgnrError as exc:
        assert exc.code == "check_digit" and exc.params == {
            "value": "'556000-0002'",
            "expected": "1",
            "found": "2",
        }
        assert "should be 1 by the Luhn (modulus 10) rule, not 2" in str(exc)
    else:
        raise AssertionError("a wrong check digit must be refused")


def test_the_new_company_form_says_the_broken_rule_in_swedish(client, anna):
    client.force_login(anna)
    page = client.post(
        reverse("companies:new"),
        {"orgnr": "5560000002", "name": "X", "municipality": "2081", "status": "active"},
    ).content.decode()
    assert "kontrollsiffran (sista siffran) ska enligt Luhn-algoritmen (modulus 10) vara 1, inte 2" in page
    assert "check digit" not in page
    page = client.post(
        reverse("companies:new"), {"orgnr": "12345", "name": "X", "municipality": "2081", "status": "active"}
    ).content.decode()
    assert "har 5 siffror; ett organisationsnummer har 10" in page


def _upload(client, rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    data = io.BytesIO(buffer.getvalue().encode("utf-8"))
    data.name = "lista.csv"
    response = client.post(reverse("companies:import_upload"), {"file": data})
    import_id = response.url.split("/")[-3]
    client.post(
        reverse("companies:import_mapping", args=[import_id]),
        {"col0": "orgnr", "col1": "name", "col2": "municipality", "col3": "employees"},
    )
    return client.get(reverse("companies:import_preview", args=[import_id])).content.decode()


def test_the_import_preview_speaks_the_readers_language(client, anna, company):
    client.force_login(anna)
    rows = [
        ["Org.nr", "Företagsnamn", "Kommun", "Anställda"],
        [company.orgnr, company.name, "Borlänge", "650"],
        ["5560000002", "Trasig AB", "Borlänge", "3"],
    ]
    page = _upload(client, rows)
    assert "antal anställda: 12 → 650" in page and "employees:" not in page
    assert "kontrollsiffran (sista siffran) ska enligt Luhn-algoritmen" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _upload(client, rows)
    assert "staff headcount: 12 → 650" in page and "should be 1 by the Luhn algorithm (modulus 10)" in page


def test_the_history_names_actions_in_words(client, anna, petra, company, contact):
    company_services.update_company(anna, company.pk, {"employees": 14}, 1)
    contact_services.export_person(petra, contact.pk)
    with unscoped():
        log_action(anna, "merge", company, company_id=company.pk, changes={"merged": "5560000019"})
    client.force_login(petra)
    url = reverse("companies:detail", args=[company.pk])
    page = client.get(url).content.decode()
    history = page[page.index('data-testid="audit"') :]
    assert "ändrade" in history and "slog samman" in history and "registerutdrag (GDPR)" in history
    assert "antal anställda från 12 till 14" in history
    for raw in (">update<", ">export<", ">merge<", "gdpr: access request", "companies.Company"):
        assert raw not in history
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    history = client.get(url).content.decode()
    assert "changed" in history and "GDPR access request (register extract)" in history
