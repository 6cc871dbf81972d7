"""Time report pages, the export and the time API: who may open what (every persona), and what the pages
show and do. Bertil is IUC Dalarna's project leader; the clock stands at 2025-03-03."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from spets.programme.models import Correction, MonthApproval, ReportingPeriod, TimeEntry
from spets.programme.services import time as ts
from spets.programme.services import time_approval as ta
from tests.factories import make_activity
from tests.programme.time_setup import D, make_time_project

pytestmark = pytest.mark.usefixtures("frozen_time")
PERSONAS = ["anonymous", "anna", "bertil", "cecilia", "petra", "alf", "lisa", "carl"]


@pytest.fixture
def setup(personas, company):
    anna, bertil = personas["anna"], personas["bertil"]
    project = make_time_project(leader=bertil)
    make_activity(company, "iuc-dalarna", {anna: 3}, date=D(2025, 2, 3), title="Besök")
    make_activity(company, "iuc-dalarna", {anna: 2.5}, date=D(2025, 2, 20), title="Workshop")
    ts.add_time_entry(anna, anna.pk, D(2025, 2, 14), "administration", "1.5", "Månadsrapport")
    ts.set_salary(bertil, anna.pk, 43_000, D(2025, 1, 1))
    return {"project": project, **personas}


def client_for(client, setup, who):
    if who != "anonymous":
        client.force_login(setup[who])
    return client


def urls(setup) -> dict[str, str]:
    anna = setup["anna"]
    org = anna.organisation_id
    return {
        "home": reverse("programme:time"),
        "person": reverse("programme:time_person", args=[anna.pk, 2025, 2]),
        "organisation": reverse("programme:time_organisation", args=[org, 2025, 2]),
        "programme": reverse("programme:time_programme", args=[2025, 2]),
        "export_org": reverse("programme:time_export") + f"?organisation={org}&from=2025-02&to=2025-02",
        "export_all": reverse("programme:time_export") + "?from=2025-01&to=2025-02",
        "api_person": f"/api/programme/time/{anna.pk}/2025/2",
    }


EXPECTED = {
    #                 anonymous anna bertil cecilia petra alf  lisa carl
    "home": ["login", 302, 302, 302, 302, 403, 302, 403],
    "person": ["login", 200, 200, 403, 200, 403, 403, 403],
    "organisation": ["login", 200, 200, 403, 200, 403, 403, 403],
    "programme": ["login", 403, 403, 403, 200, 403, 403, 403],
    "export_org": ["login", 403, 200, 403, 200, 403, 403, 403],
    "export_all": ["login", 403, 403, 403, 200, 403, 403, 403],
    "api_person": [401, 200, 200, 403, 200, 403, 403, 403],
}


@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_open_each_time_page(client, setup, page, who):
    expected = EXPECTED[page][PERSONAS.index(who)]
    response = client_for(client, setup, who).get(urls(setup)[page])
    if expected == "login":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_project_leader_or_a_programme_manager_approves_on_the_page(client, setup, who):
    org = setup["anna"].organisation_id
    response = client_for(client, setup, who).post(reverse("programme:time_approve", args=[org, 2025, 2]))
    if who == "anonymous":
        assert "/login/" in response["Location"]
    elif who in ("bertil", "petra"):
        assert response.status_code == 302 and MonthApproval.objects.count() == 1
    else:
        assert response.status_code == 403 and not MonthApproval.objects.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_only_anna_or_a_programme_manager_adds_time_to_annas_report(client, setup, who):
    anna = setup["anna"]
    url = reverse("programme:time_entry_add", args=[anna.pk, 2025, 2])
    response = client_for(client, setup, who).post(
        url, {"date": "2025-02-17", "kind": "travel", "hours": "2"}
    )
    if who == "anonymous":
        assert "/login/" in response["Location"]
    elif who in ("anna", "petra"):
        assert response.status_code == 302 and TimeEntry.objects.count() == 2
    else:
        assert response.status_code == 403 and TimeEntry.objects.count() == 1


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_project_leader_or_a_programme_manager_sets_a_salary_or_corrects(client, setup, who):
    anna = setup["anna"]
    ta.approve_month(setup["petra"], anna.organisation_id, 2025, 2)
    c = client_for(client, setup, who)
    salary = c.post(
        reverse("programme:time_salary", args=[anna.pk, 2025, 3]),
        {"monthly_salary_sek": "44000", "valid_from": "2025-03-01"},
    )
    correction = c.post(
        reverse("programme:time_correction", args=[anna.pk, 2025, 2]),
        {"kind": "activity", "hours_delta": "1", "reason": "Glömd telefontid"},
    )
    if who == "anonymous":
        assert "/login/" in salary["Location"] and "/login/" in correction["Location"]
    elif who in ("bertil", "petra"):
        assert (salary.status_code, correction.status_code) == (302, 302)
        assert Correction.objects.count() == 1
    else:
        assert (salary.status_code, correction.status_code) == (403, 403)
        assert not Correction.objects.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_only_a_programme_manager_reopens_or_names_the_project_leader(client, setup, who):
    anna, project = setup["anna"], setup["project"]
    ta.approve_month(setup["petra"], anna.organisation_id, 2025, 2)
    c = client_for(client, setup, who)
    reopen = c.post(reverse("programme:time_reopen", args=[anna.organisation_id, 2025, 2]), {"reason": "Fel"})
    dalarna = project.participants.get(organisation_id=anna.organisation_id)
    leader = c.post(reverse("programme:time_leader", args=[dalarna.pk]), {"project_leader": str(anna.pk)})
    if who == "anonymous":
        assert "/login/" in reopen["Location"] and "/login/" in leader["Location"]
    elif who == "petra":
        assert (reopen.status_code, leader.status_code) == (302, 302)
        assert not MonthApproval.objects.exists()
        dalarna.refresh_from_db()
        assert dalarna.project_leader == anna
    else:
        assert (reopen.status_code, leader.status_code) == (403, 403)
        assert MonthApproval.objects.exists()


def test_annas_page_shows_her_hours_and_cost_in_swedish_numbers(client, setup):
    client.force_login(setup["anna"])
    page = client.get(urls(setup)["person"]).content.decode()
    assert "Besök" in page and "Workshop" in page and "Månadsrapport" in page
    assert 'data-testid="total-hours">7,00' in page
    assert 'data-testid="cost">2\u202f100,00' in page
    assert 'data-testid="rate">300,00' in page


def test_a_colleague_sees_the_hours_but_no_salary_or_cost(client, setup):
    client.force_login(setup["anna"])
    ts.set_salary(setup["petra"], setup["bertil"].pk, 50_000, D(2025, 1, 1))
    page = client.get(reverse("programme:time_person", args=[setup["bertil"].pk, 2025, 2])).content.decode()
    assert 'data-testid="total-hours"' in page
    assert (
        'data-testid="cost"' not in page and 'data-testid="salary"' not in page and "50\u202f000" not in page
    )


def test_after_approval_the_page_refuses_new_time_with_a_clear_message(client, setup):
    anna = setup["anna"]
    client.force_login(setup["bertil"])
    client.post(reverse("programme:time_approve", args=[anna.organisation_id, 2025, 2]))
    client.force_login(anna)
    page = client.get(urls(setup)["person"]).content.decode()
    assert 'data-testid="approved"' in page and 'data-testid="entry-form"' not in page
    response = client.post(
        reverse("programme:time_entry_add", args=[anna.pk, 2025, 2]),
        {"date": "2025-02-17", "kind": "travel", "hours": "2"},
    )
    assert response.status_code == 422
    assert "2025-02" in response.content.decode() and TimeEntry.objects.count() == 1


def test_negative_hours_on_the_form_are_an_error_on_the_hours_field(client, setup):
    anna = setup["anna"]
    client.force_login(anna)
    response = client.post(
        reverse("programme:time_entry_add", args=[anna.pk, 2025, 2]),
        {"date": "2025-02-17", "kind": "travel", "hours": "-2"},
    )
    assert response.status_code == 422
    assert response.context["entry_form"].errors["hours"]


def test_the_organisation_month_lists_each_person_with_totals_for_the_leader(client, setup):
    client.force_login(setup["bertil"])
    page = client.get(urls(setup)["organisation"]).content.decode()
    assert 'data-testid="person-anna"' in page
    assert 'data-testid="org-total">7,00' in page
    assert 'data-testid="approve-form"' in page
    client.force_login(setup["anna"])
    page = client.get(urls(setup)["organisation"]).content.decode()
    assert 'data-testid="approve-form"' not in page and 'data-testid="org-cost"' not in page


def test_the_time_report_export_has_swedish_columns_and_the_computed_cost(client, setup):
    client.force_login(setup["bertil"])
    response = client.get(urls(setup)["export_org"])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "tidrapport_2025-02" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Tidrapport"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("Organisation", "Månad", "Person", "Användarnamn", "Aktivitetstimmar (registret)")
    anna = dict(zip(header, next(r for r in rows[1:] if r[3] == "anna"), strict=True))
    assert anna["Månad"] == "2025-02"
    assert (anna["Aktivitetstimmar (registret)"], anna["Administration"], anna["Timmar totalt"]) == (
        5.5,
        1.5,
        7.0,
    )
    assert (anna["Månadslön (kr)"], anna["Timpris (kr)"], anna["Lönekostnad (kr)"]) == (43000, 300, 2100)
    assert anna["Godkänd"] is None  # not approved yet


def test_the_export_of_a_reporting_period(client, setup):
    period = ReportingPeriod.objects.create(
        project=setup["project"], code="2025H1", starts_on=D(2025, 1, 1), ends_on=D(2025, 6, 30)
    )
    client.force_login(setup["petra"])
    response = client.get(reverse("programme:time_export") + f"?period={period.pk}")
    assert response.status_code == 200 and "tidrapport_2025H1" in response["Content-Disposition"]
    bad = client.get(reverse("programme:time_export") + "?from=2025-13")
    assert bad.status_code == 400


def test_the_time_api_gives_hours_to_colleagues_and_costs_to_the_person(client, setup):
    client.force_login(setup["anna"])
    data = client.get(urls(setup)["api_person"]).json()
    assert Decimal(data["total_hours"]) == Decimal(7) and Decimal(data["staff_cost_sek"]) == Decimal(2100)
    assert [a["title"] for a in data["activities"]] == ["Besök", "Workshop"]
    client.force_login(setup["bertil"])
    assert client.get(urls(setup)["api_person"]).json()["staff_cost_sek"] is not None  # the leader
    ta.set_project_leader(setup["petra"], setup["project"].participants.get(lead=True).pk, None)
    assert client.get(urls(setup)["api_person"]).json()["staff_cost_sek"] is None  # a colleague


@pytest.mark.parametrize(("who", "status"), [("anna", 201), ("bertil", 403), ("cecilia", 403), ("alf", 403)])
def test_time_entries_through_the_api(client, setup, who, status):
    client.force_login(setup[who])
    response = client.post(
        f"/api/programme/time/{setup['anna'].pk}/entries",
        json.dumps({"date": "2025-02-18", "kind": "event", "hours": "3.5", "note": "Mässa"}),
        content_type="application/json",
    )
    assert response.status_code == status


def test_the_api_refuses_absurd_hours_and_time_outside_the_project(client, setup):
    client.force_login(setup["anna"])
    url = f"/api/programme/time/{setup['anna'].pk}/entries"
    too_many = client.post(
        url, json.dumps({"date": "2025-02-18", "kind": "event", "hours": "30"}), "application/json"
    )
    assert too_many.status_code == 422
    outside = client.post(
        url, json.dumps({"date": "2024-02-18", "kind": "event", "hours": "3"}), "application/json"
    )
    assert outside.status_code == 422 and "date" in outside.json()["errors"]


def test_a_month_that_does_not_exist_is_not_found(client, setup):
    client.force_login(setup["anna"])
    assert client.get(reverse("programme:time_person", args=[setup["anna"].pk, 2025, 13])).status_code == 404


def test_an_organisation_outside_the_project_has_no_time_report(client, setup):
    lisa = setup["lisa"]  # IUC Värmland does not take part in this project
    client.force_login(lisa)
    response = client.get(reverse("programme:time"))
    assert response["Location"] == reverse(
        "programme:time_organisation", args=[lisa.organisation_id, 2025, 3]
    )
    assert client.get(response["Location"]).status_code == 404


def test_the_time_report_is_in_swedish_with_english_one_click_away(client, setup):
    client.force_login(setup["anna"])
    page = client.get(urls(setup)["person"]).content.decode()
    assert "Tidrapport" in page and "Lönekostnad (kr)" in page and "Godkänn" not in page
    client.post(reverse("set_language"), {"language": "en", "next": urls(setup)["person"]})
    page = client.get(urls(setup)["person"]).content.decode()
    assert "Time report" in page and "Staff cost (SEK)" in page


@pytest.mark.parametrize("who", PERSONAS)
def test_only_anna_or_a_programme_manager_removes_annas_time(client, setup, who):
    entry = TimeEntry.objects.get()
    response = client_for(client, setup, who).post(reverse("programme:time_entry_delete", args=[entry.pk]))
    if who == "anonymous":
        assert "/login/" in response["Location"]
    elif who in ("anna", "petra"):
        assert response.status_code == 302 and not TimeEntry.objects.exists()
    else:
        assert response.status_code == 403 and TimeEntry.objects.exists()
