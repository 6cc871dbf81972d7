"""Every persona on every event page and API endpoint. A workshop of IUC Dalarna (anna's and bertil's
organisation) with Eva registered; Karin (another company) not yet. Carl's company is not taking part, so
the event is out of his sight (404) except where the capability is refused first (403)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from spets.events.services import links, registrations

PERSONAS = ("anna", "bertil", "cecilia", "petra", "alf", "lisa", "carl")
STAFF = {"anna": 200, "bertil": 200, "cecilia": 200, "petra": 200, "alf": 200, "lisa": 200, "carl": 404}
ORGANISER = {"anna": 200, "bertil": 200, "cecilia": 403, "petra": 200, "alf": 403, "lisa": 403, "carl": 404}
WRITERS = {"anna": 302, "bertil": 302, "cecilia": 302, "petra": 302, "alf": 403, "lisa": 403, "carl": 403}


def _with(base: dict, **changes) -> dict:
    return {**base, **changes}


# name: (method, path (from the scene), data, expected status per persona)
ENDPOINTS = {
    "list": ("get", lambda s: reverse("events:list"), None, _with(STAFF, carl=200)),
    "new": (
        "get",
        lambda s: reverse("events:new"),
        None,
        _with(STAFF, alf=403, lisa=403, carl=403),
    ),
    "detail": ("get", lambda s: reverse("events:detail", args=[s["event"].pk]), None, STAFF),
    "edit": ("get", lambda s: reverse("events:edit", args=[s["event"].pk]), None, ORGANISER),
    "ics": ("get", lambda s: reverse("events:ics", args=[s["event"].pk]), None, STAFF),
    "pick": (
        "get",
        lambda s: reverse("events:pick", args=[s["event"].pk]) + "?q=Karlstad",
        None,
        _with(STAFF, alf=403, lisa=403, carl=403),
    ),
    "attendance": ("get", lambda s: reverse("events:attendance", args=[s["event"].pk]), None, ORGANISER),
    "xlsx": (
        "get",
        lambda s: reverse("events:participants_xlsx", args=[s["event"].pk]),
        None,
        _with(STAFF, alf=403, carl=403),
    ),
    "register": (
        "post",
        lambda s: reverse("events:register", args=[s["event"].pk]),
        lambda s: {"contact": s["karin"].pk},
        WRITERS,
    ),
    "cancel": (
        "post",
        lambda s: reverse("events:cancel", args=[s["event"].pk, s["registration"].pk]),
        None,
        _with(WRITERS, alf=404, carl=404),  # analysts and company users do not see the registration
    ),
    "invite": (
        "post",
        lambda s: reverse("events:invite", args=[s["event"].pk]),
        lambda s: {"contact": s["karin"].pk},
        _with(WRITERS, cecilia=403, carl=404),
    ),
    "invite_cohort": (
        "post",
        lambda s: reverse("events:invite_cohort", args=[s["event"].pk]),
        None,
        _with(WRITERS, cecilia=403),
    ),
    "edit_post": (
        "post",
        lambda s: reverse("events:edit", args=[s["event"].pk]),
        lambda s: {
            "kind": "workshop",
            "title": "Ny titel",
            "date": "2025-03-10",
            "start": "09:00",
            "end": "12:00",
            "place": "Falun",
            "capacity": "5",
            "version": str(s["event"].version),
        },
        _with(ORGANISER, anna=302, bertil=302, petra=302),
    ),
    "new_post": (
        "post",
        lambda s: reverse("events:new"),
        lambda s: {
            "kind": "seminar",
            "title": "Seminarium",
            "date": "2025-03-20",
            "start": "13:00",
            "end": "15:00",
            "place": "Mora",
            "capacity": "20",
        },
        _with(WRITERS, carl=403),
    ),
    "api_list": ("get", lambda s: "/api/events/", None, _with(STAFF, carl=200)),
    "api_detail": ("get", lambda s: f"/api/events/{s['event'].pk}", None, STAFF),
    "api_registrations": (
        "get",
        lambda s: f"/api/events/{s['event'].pk}/registrations",
        None,
        _with(STAFF, alf=403),
    ),
    "api_register": (
        "post",
        lambda s: f"/api/events/{s['event'].pk}/registrations",
        lambda s: {"contact_id": s["karin"].pk},
        {"anna": 201, "bertil": 201, "cecilia": 201, "petra": 201, "alf": 403, "lisa": 403, "carl": 403},
    ),
    "api_cancel": (
        "post",
        lambda s: f"/api/events/{s['event'].pk}/registrations/{s['registration'].pk}/cancel",
        None,
        {"anna": 200, "bertil": 200, "cecilia": 200, "petra": 200, "alf": 404, "lisa": 403, "carl": 404},
    ),
}


@pytest.fixture
def scene(anna, workshop, eva, karin, personas):
    return {
        "event": workshop,
        "registration": registrations.register(anna, workshop.pk, eva.pk),
        "karin": karin,
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_permission_matrix(client, scene, personas, endpoint, persona):
    method, path, data, expected = ENDPOINTS[endpoint]
    client.force_login(personas[persona])
    url = path(scene)
    payload = data(scene) if data else {}
    if method == "get":
        response = client.get(url)
    elif url.startswith("/api/"):
        response = client.post(url, json.dumps(payload), content_type="application/json")
    else:
        response = client.post(url, payload)
    assert response.status_code == expected[persona], (endpoint, persona, response.content[:300])


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_attendance_after_the_event(client, scene, personas, persona, frozen_time):
    frozen_time.move_to(scene["event"].ends_at + datetime.timedelta(hours=1))
    client.force_login(personas[persona])
    response = client.post(
        f"/api/events/{scene['event'].pk}/attendance",
        json.dumps({"marks": [{"registration_id": scene["registration"].pk, "hours": "3"}]}),
        content_type="application/json",
    )
    assert response.status_code == {**ORGANISER, "alf": 403}[persona], response.content
    if response.status_code == 200:
        assert len(response.json()["activity_ids"]) == 1


def test_a_company_user_sees_the_event_once_his_company_takes_part(client, anna, carl, company, workshop):
    from tests.factories import make_contact

    registration = registrations.register(
        anna, workshop.pk, make_contact(company, name="Carl", email="c@x.invalid").pk
    )
    client.force_login(carl)
    assert client.get(reverse("events:detail", args=[workshop.pk])).status_code == 200
    assert client.get(reverse("events:ics", args=[workshop.pk])).status_code == 200
    rows = client.get(f"/api/events/{workshop.pk}/registrations").json()
    assert [r["id"] for r in rows] == [registration.pk]
    assert client.get(reverse("events:edit", args=[workshop.pk])).status_code == 403
    assert client.get(reverse("events:attendance", args=[workshop.pk])).status_code == 403


def test_anonymous_visitors_get_the_login_page_or_401_but_the_personal_link_works(client, scene, eva):
    for name in ("list", "detail", "new", "xlsx", "ics"):
        response = client.get(ENDPOINTS[name][1](scene))
        assert response.status_code == 302 and "/login/" in response["Location"], name
    assert client.get("/api/events/").status_code == 401
    token = links.make_token(scene["event"].pk, eva.pk)
    assert client.get(reverse("events:link", args=[token])).status_code == 200
    assert client.get(reverse("events:link_ics", args=[token])).status_code == 200
