"""The cost page and API: who may open them (every persona), whose rows each sees, and recording a cost
on the page. Bertil is IUC Dalarna's project leader; the clock stands at 2025-03-03."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spets.programme.models import Expense
from spets.programme.services import costs as cs
from spets.programme.services import time as ts
from tests.factories import make_activity
from tests.programme.time_setup import D, make_time_project

pytestmark = pytest.mark.usefixtures("frozen_time")
PERSONAS = ["anonymous", "anna", "bertil", "cecilia", "petra", "alf", "lisa", "carl"]


@pytest.fixture
def setup(personas, company):
    anna, bertil = personas["anna"], personas["bertil"]
    project = make_time_project(leader=bertil)
    make_activity(company, "iuc-dalarna", {anna: 7}, date=D(2025, 2, 3))
    ts.set_salary(bertil, anna.pk, 43_000, D(2025, 1, 1))
    return {"project": project, **personas}


EXPECTED = {
    #           anonymous anna bertil cecilia petra alf  lisa carl
    "page": ["login", 200, 200, 200, 200, 403, 200, 403],
    "api": [401, 200, 200, 200, 200, 403, 200, 403],
}


@pytest.mark.parametrize("kind", list(EXPECTED))
@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_open_the_cost_page_and_api(client, setup, kind, who):
    if who != "anonymous":
        client.force_login(setup[who])
    response = client.get(reverse("programme:costs") if kind == "page" else "/api/programme/costs")
    expected = EXPECTED[kind][PERSONAS.index(who)]
    if expected == "login":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == expected


def test_an_advisor_sees_her_organisations_rows_only(client, setup):
    client.force_login(setup["anna"])
    data = client.get("/api/programme/costs").json()
    assert {r["organisation"] for r in data["rows"]} == {"IUC Dalarna"}
    staff = next(r for r in data["rows"] if r["kind"] == "staff")
    assert float(staff["outcome_sek"]) == 2100.0  # 7 h × 300
    page = client.get(reverse("programme:costs")).content.decode()
    assert "Paper Province" not in page.split('data-testid="budget"')[1].split("</table>")[0]


def test_a_programme_manager_sees_every_organisation_and_the_totals(client, setup):
    client.force_login(setup["petra"])
    data = client.get("/api/programme/costs").json()
    assert {r["organisation"] for r in data["rows"]} == {"IUC Dalarna", "Paper Province", "IUC Gävleborg"}
    page = client.get(reverse("programme:costs")).content.decode()
    assert "<tfoot>" in page and 'data-testid="inkind"' in page


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_project_leader_or_a_programme_manager_records_a_cost(client, setup, who):
    anna = setup["anna"]
    if who != "anonymous":
        client.force_login(setup[who])
    response = client.post(
        reverse("programme:expense_add"),
        {
            "organisation": anna.organisation_id,
            "date": "2025-02-12",
            "kind": "external",
            "amount_sek": "12500",
            "description": "Konsult AB, faktura 17",
        },
    )
    if who == "anonymous":
        assert "/login/" in response["Location"]
    elif who in ("bertil", "petra"):
        assert response.status_code == 302 and Expense.objects.count() == 1
    else:
        assert response.status_code in (403, 422) and not Expense.objects.exists()


def test_a_negative_amount_is_an_error_on_the_amount_field(client, setup):
    client.force_login(setup["bertil"])
    response = client.post(
        reverse("programme:expense_add"),
        {
            "organisation": setup["anna"].organisation_id,
            "date": "2025-02-12",
            "kind": "travel",
            "amount_sek": "-100",
            "description": "Tåg",
        },
    )
    assert response.status_code == 422 and response.context["form"].errors["amount_sek"]
    assert not Expense.objects.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_project_leader_or_a_programme_manager_removes_a_cost(client, setup, who):
    expense = cs.add_expense(
        setup["bertil"], setup["anna"].organisation_id, D(2025, 2, 12), "travel", 100, "Tåg"
    )
    if who != "anonymous":
        client.force_login(setup[who])
    response = client.post(reverse("programme:expense_delete", args=[expense.pk]))
    if who == "anonymous":
        assert "/login/" in response["Location"]
    elif who in ("bertil", "petra"):
        assert response.status_code == 302 and not Expense.objects.exists()
    else:
        assert response.status_code == 403 and Expense.objects.exists()
