"""Import, merge and export pages: the whole path in the browser-less client, and who may use them."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse

from spets.companies.models import Company
from spets.companies.orgnr import make
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages are checked in English


def csv_upload(rows, name="lista.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    data = io.BytesIO(buffer.getvalue().encode("cp1252"))
    data.name = name
    return data


def number(i):
    return make("55", 6_200_000 + i)


ROWS = [
    ["Org.nr", "Företagsnamn", "Kommun", "Anställda"],
    [number(1), "Sidbolaget AB", "Borlänge", "4"],
    [number(2), "Andra Sidbolaget AB", "Gävle", "9"],
]


def upload(client, rows):
    response = client.post(reverse("companies:import_upload"), {"file": csv_upload(rows)})
    assert response.status_code == 302, response.content[:500]
    return response.url.split("/")[-3]


def test_advisor_imports_a_file_through_the_pages(client, anna):
    client.force_login(anna)
    import_id = upload(client, ROWS)
    page = client.get(reverse("companies:import_mapping", args=[import_id]))
    assert page.status_code == 200
    assert b'value="orgnr" selected' in page.content and b'value="employees" selected' in page.content
    response = client.post(
        reverse("companies:import_mapping", args=[import_id]),
        {"col0": "orgnr", "col1": "name", "col2": "municipality", "col3": "employees"},
    )
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert "Sidbolaget AB" in preview.content.decode()
    with unscoped():
        assert not Company.objects.filter(orgnr=number(1)).exists()  # the preview writes nothing
    done = client.post(reverse("companies:import_confirm", args=[import_id]), {"mode": "all"})
    assert done.status_code == 302
    result = client.get(done.url)
    assert result.status_code == 200 and b'data-testid="result"' in result.content
    with unscoped():
        assert Company.objects.filter(orgnr__in=[number(1), number(2)]).count() == 2
    assert AuditEntry.objects.filter(action="import", user=anna).count() == 1


def test_rejected_rows_block_import_all_until_valid_rows_are_chosen(client, anna):
    client.force_login(anna)
    import_id = upload(client, ROWS + [["123", "Trasig AB", "Borlänge", "1"]])
    client.post(
        reverse("companies:import_mapping", args=[import_id]),
        {"col0": "orgnr", "col1": "name", "col2": "municipality", "col3": "employees"},
    )
    preview = client.get(reverse("companies:import_preview", args=[import_id])).content.decode()
    assert "has 3 digits" in preview and 'value="valid"' in preview and 'value="all"' not in preview
    refused = client.post(reverse("companies:import_confirm", args=[import_id]), {"mode": "all"}, follow=True)
    assert "Row 4 is rejected" in refused.content.decode()
    with unscoped():
        assert not Company.objects.filter(orgnr=number(1)).exists()
    client.post(reverse("companies:import_confirm", args=[import_id]), {"mode": "valid"})
    with unscoped():
        assert Company.objects.filter(orgnr__in=[number(1), number(2)]).count() == 2


def test_a_pending_import_belongs_to_its_session(client, anna, bertil):
    client.force_login(anna)
    import_id = upload(client, ROWS)
    client.force_login(bertil)
    assert client.get(reverse("companies:import_mapping", args=[import_id])).status_code == 404


def test_mapping_must_name_the_orgnr_column(client, anna):
    client.force_login(anna)
    import_id = upload(client, ROWS)
    response = client.post(reverse("companies:import_mapping", args=[import_id]), {"col1": "name"})
    assert response.status_code == 400
    assert "organisation number" in response.content.decode()


def test_merge_page_lists_conflicts_and_merges(client, petra, company):
    with unscoped():
        twin = Company.objects.create(
            orgnr=number(9), name="Testbolaget Mek.", municipality_id="2081", employees=12
        )
    client.force_login(petra)
    start = client.get(reverse("companies:merge_start"), {"a": company.orgnr, "b": twin.orgnr})
    assert start.url == reverse("companies:merge", args=[company.pk, twin.pk])
    page = client.get(start.url).content.decode()
    assert 'name="choice_name"' in page and 'name="choice_employees"' not in page
    response = client.post(
        start.url,
        {
            "survivor_version": 1,
            "other_version": 1,
            "choice_orgnr": "survivor",
            "choice_name": "other",
            "choice_sni_id": "survivor",
        },
    )
    assert response.status_code == 302
    with unscoped():
        assert Company.objects.get(pk=company.pk).name == "Testbolaget Mek."
        assert not Company.objects.filter(pk=twin.pk).exists()


def test_merge_page_reports_a_change_made_meanwhile(client, petra, company):
    with unscoped():
        twin = Company.objects.create(orgnr=number(10), name="Tvilling AB", municipality_id="2081")
    client.force_login(petra)
    response = client.post(
        reverse("companies:merge", args=[company.pk, twin.pk]),
        {"survivor_version": 0, "other_version": 1, "choice_orgnr": "survivor", "choice_name": "survivor"},
    )
    assert response.status_code == 409 and "meanwhile" in response.content.decode()


# --- permission matrix: every role × every page of import, merge and export --------------------------

WRITERS = {"anna", "cecilia", "petra"}  # advisors and the programme manager


def pages(company_pk, other_pk):
    return {
        "import_upload": reverse("companies:import_upload"),
        "import_mapping": reverse("companies:import_mapping", args=["x"]),
        "import_preview": reverse("companies:import_preview", args=["x"]),
        "import_result": reverse("companies:import_result", args=["x"]),
        "merge_start": reverse("companies:merge_start"),
        "merge": reverse("companies:merge", args=[company_pk, other_pk]),
        "export_companies": reverse("companies:export", args=["companies", "csv"]),
        "export_contacts": reverse("companies:export", args=["contacts", "xlsx"]),
        "export_activities": reverse("companies:export", args=["activities", "csv"]),
    }


def expected(role_user: str, page: str) -> set[int]:
    if page.startswith(("import", "merge")):
        if role_user not in WRITERS:
            return {403}
        # a made-up import id is not in this session: 404 after the permission check
        return {404} if page in {"import_mapping", "import_preview", "import_result"} else {200}
    if role_user == "carl":
        return {403}
    if page == "export_contacts" and role_user == "alf":
        return {403}  # analysts never see contact data
    return {200}


@pytest.mark.parametrize("who", ["anna", "cecilia", "petra", "alf", "lisa", "carl"])
def test_permission_matrix(client, personas, company, who):
    with unscoped():
        other = Company.objects.create(orgnr=number(20), name="Annat AB", municipality_id="2081")
    client.force_login(personas[who])
    seen = {}
    for name, url in pages(company.pk, other.pk).items():
        seen[name] = client.get(url).status_code
    assert seen == {name: seen[name] for name in seen if seen[name] in expected(who, name)}, (who, seen)
    # posting is refused the same way
    confirm = client.post(reverse("companies:import_confirm", args=["x"]), {"mode": "all"}).status_code
    assert confirm == (404 if who in WRITERS else 403)


def test_anonymous_visitors_are_sent_to_login(client, company):
    for url in pages(company.pk, company.pk).values():
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url
