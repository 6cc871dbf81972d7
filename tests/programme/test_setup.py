"""Project set-up by the programme manager: targets per indicator and county, budget lines, the
support-type mapping and the periods; bad values refused naming the field, every change audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from spets.core.errors import Forbidden, InvalidData
from spets.core.models import AuditEntry
from spets.programme.models import (
    BudgetLine,
    Participant,
    Project,
    ReportingPeriod,
    SupportTypeMapping,
    Target,
)
from spets.programme.services import indicators as indicator_services
from spets.programme.services import setup as svc
from tests.programme.reporting_setup import make_reporting_project

UNITS = indicator_services.units()


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the source language); pages are tested in Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def project(db):
    return make_reporting_project()


def test_petra_sets_targets_for_the_project_and_per_county(petra, project):
    changed = svc.set_targets(petra, project.pk, {("CO01", None): "320", ("CO01", "20"): "1 200,5"}, UNITS)
    assert changed == 2
    targets = {(t.indicator, t.county_id): t.value for t in Target.objects.all()}
    assert targets == {("CO01", None): Decimal(320), ("CO01", "20"): Decimal("1200.5")}
    entry = AuditEntry.objects.get(action="update", object_repr__endswith="targets")
    assert entry.changes["CO01:20"] == [None, "1200.5"]
    svc.set_targets(petra, project.pk, {("CO01", "20"): ""}, UNITS)  # blank removes the target
    assert not Target.objects.filter(county_id="20").exists()


@pytest.mark.parametrize(
    "value,message",
    [
        ("-5", "must not be negative"),
        ("1e9", "not plausible"),
        ("många", "not a number"),
        ("NaN", "not a number"),
    ],
)
def test_a_negative_or_absurd_target_is_refused_naming_the_field_and_nothing_is_saved(
    petra, project, value, message
):
    with pytest.raises(InvalidData) as exc:
        svc.set_targets(petra, project.pk, {("CO01", None): "300", ("CO04", "17"): value}, UNITS)
    assert message in exc.value.errors["target_CO04_17"]
    assert not Target.objects.exists()  # the valid CO01 target was not saved either


def test_budget_lines_per_participant(petra, project):
    dalarna = Participant.objects.get(project=project, organisation__slug="iuc-dalarna")
    svc.set_budget(petra, project.pk, {(dalarna.pk, "staff"): "4 500 000", (dalarna.pk, "travel"): "120000"})
    assert {b.kind: b.amount_sek for b in BudgetLine.objects.all()} == {
        "staff": Decimal(4_500_000),
        "travel": Decimal(120_000),
    }
    with pytest.raises(InvalidData) as exc:
        svc.set_budget(petra, project.pk, {(dalarna.pk, "staff"): "-1"})
    assert f"budget_{dalarna.pk}_staff" in exc.value.errors


def test_the_support_type_mapping(petra, project):
    svc.set_mapping(petra, project.pk, {"event": ("matchmaking", False), "workshop": ("", False)})
    mapping = dict(SupportTypeMapping.objects.values_list("activity_type", "support_type"))
    assert mapping["event"] == "matchmaking" and "workshop" not in mapping
    with pytest.raises(InvalidData) as exc:
        svc.set_mapping(petra, project.pk, {"event": ("lottery", False)})
    assert "map_event" in exc.value.errors


def test_the_project_dates_are_checked(petra, project):
    data = {
        "name": "Projekt",
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": datetime.date(2025, 1, 1),
        "indirect_rate_percent": "15",
        "inkind_rate_sek": "700",
    }
    with pytest.raises(InvalidData) as exc:
        svc.update_project(petra, project.pk, data)
    assert "ends_on" in exc.value.errors
    with pytest.raises(InvalidData) as exc:
        svc.update_project(
            petra, project.pk, data | {"ends_on": datetime.date(2027, 1, 1), "indirect_rate_percent": "90"}
        )
    assert "indirect_rate_percent" in exc.value.errors


def test_half_years_and_a_final_report(petra, db):
    assert svc.half_years(datetime.date(2024, 3, 15), datetime.date(2025, 8, 31)) == [
        ("2024H1", datetime.date(2024, 3, 15), datetime.date(2024, 6, 30)),
        ("2024H2", datetime.date(2024, 7, 1), datetime.date(2024, 12, 31)),
        ("2025H1", datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
        ("2025H2", datetime.date(2025, 7, 1), datetime.date(2025, 8, 31)),
    ]
    project = Project.objects.create(
        code="p",
        name="P",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        indirect_rate_percent=15,
        inkind_rate_sek=700,
    )
    svc.create_periods(petra, project.pk)
    periods = dict(ReportingPeriod.objects.values_list("code", "kind"))
    assert periods == {
        "2024H1": "half_year",
        "2024H2": "half_year",
        "2025H1": "half_year",
        "2025H2": "half_year",
        "2026H1": "half_year",
        "2026H2": "half_year",
        "final": "final",
    }
    assert ReportingPeriod.objects.get(code="final").starts_on == datetime.date(2024, 1, 1)
    assert svc.create_periods(petra, project.pk) == []  # a second run adds nothing


def test_only_programme_managers_change_the_set_up(anna, alf, project):
    for user in (anna, alf):
        with pytest.raises(Forbidden):
            svc.set_targets(user, project.pk, {("CO01", None): "1"}, UNITS)


def test_the_set_up_page_saves_targets_and_shows_errors_at_the_field(client, petra, project):
    client.force_login(petra)
    response = client.post("/programme/setup/", {"section": "targets", "target_CO01_total": "-3"})
    assert response.status_code == 200
    assert "must not be negative" in response.content.decode() or "negativ" in response.content.decode()
    response = client.post("/programme/setup/", {"section": "targets", "target_CO01_total": "250"})
    assert response.status_code == 302
    assert Target.objects.get(indicator="CO01").value == 250


def test_the_first_visit_creates_the_project(client, petra, db):
    client.force_login(petra)
    assert client.get("/programme/setup/").status_code == 200
    response = client.post(
        "/programme/setup/",
        {
            "section": "project",
            "name": "Nytt projekt",
            "starts_on": "2025-01-01",
            "ends_on": "2027-12-31",
            "indirect_rate_percent": "15",
            "inkind_rate_sek": "650",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.participants.count() == 8
    assert project.participants.get(lead=True).organisation.slug == "iuc-gavleborg"
