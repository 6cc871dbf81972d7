"""Events fixtures: a workshop of IUC Dalarna a week after the frozen Monday (FROZEN_AT), and companies
with contacts in Dalarna and Värmland. Messages are compared in English (pages are Swedish by default)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from spets.events.services import events as event_services
from tests.factories import make_company, make_contact

WORKSHOP_DAY = datetime.date(2025, 3, 10)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def workshop(anna, frozen_time):
    return event_services.create_event(
        anna,
        kind="workshop",
        title="Automation i små verkstäder",
        description="Robotceller, lönsamhet; stöd.\nTa med en ritning.",
        starts_at=at(WORKSHOP_DAY, 9),
        ends_at=at(WORKSHOP_DAY, 12),
        place="IUC Dalarna, Borlänge",
        capacity=2,
    )


@pytest.fixture
def verkstad(db):
    company = make_company(name="Verkstaden i Hofors AB", municipality_id="2104")
    return company


@pytest.fixture
def eva(verkstad):
    return make_contact(verkstad, name="Eva Ek", email="eva@verkstaden.invalid")


@pytest.fixture
def olle(verkstad):
    return make_contact(verkstad, name="Olle Ek", email="olle@verkstaden.invalid")


@pytest.fixture
def karin(db):
    company = make_company(name="Karlstad Plåt AB", municipality_id="1780")
    return make_contact(company, name="Karin Berg", email="karin@plat.invalid")


@pytest.fixture
def sven(db):
    company = make_company(name="Säffle Svets AB", municipality_id="1785")
    return make_contact(company, name="Sven Lund", email="sven@svets.invalid")
