"""Permission matrix: every persona × every assessment page and API endpoint.

Decision under test: results are shared programme-wide (advisors of any organisation, programme
managers, viewers read them; advisors and programme managers write); analysts see aggregates only;
a company user sees only their own company's assessments; anonymous visitors are sent to log in.
"""

from __future__ import annotations

import pytest
from django.test import Client

from spets.assessment import services
from spets.companies.models import Company
from spets.core.scoping import unscoped
from tests.factories import IMPROVED, MIXED, completed

PERSONAS = ["anna", "cecilia", "petra", "alf", "lisa", "carl", None]
READERS = {"anna", "cecilia", "petra", "lisa", "carl"}
WRITERS = {"anna", "cecilia", "petra"}
STAFF = {"anna", "cecilia", "petra", "alf", "lisa"}


@pytest.fixture
def world(personas, company, anna):
    t0 = completed(anna, company.pk, MIXED)
    t1 = services.schedule_follow_up(anna, t0.pk)
    services.save_answers(anna, t1.pk, _rid(t1), IMPROVED)
    services.complete(anna, t1.pk)
    open_a = services.create_assessment(anna, company.pk, "spets-profile-v1")
    with unscoped():
        other = Company.objects.create(
            orgnr="5560000027",
            name="Annat Bolag AB",
            sni_id="16",
            municipality_id="1780",
            employees=30,
            size_class="small",
        )
    other_a = completed(anna, other.pk, MIXED)
    return {"t0": t0, "t1": t1, "open": open_a, "other": other_a, "personas": personas}


def _rid(a):
    with unscoped():
        return a.respondents.first().pk


def client_for(world, name):
    c = Client()
    if name:
        c.force_login(world["personas"][name])
    return c


def expected_read(name, *, own=True):
    if name is None:
        return 302
    if name == "alf":
        return 403
    if name == "carl" and not own:
        return 404
    return 200


@pytest.mark.parametrize("name", PERSONAS)
def test_read_pages(world, name):
    c = client_for(world, name)
    t0, t1, other = world["t0"].pk, world["t1"].pk, world["other"].pk
    for url in [
        f"/assessment/{t0}/",
        f"/assessment/{t0}/consistency/",
        f"/assessment/{t1}/compare/",
        f"/assessment/{t0}/report.pdf",
    ]:
        assert c.get(url).status_code == expected_read(name), url
    assert c.get(f"/assessment/{other}/").status_code == expected_read(name, own=False)
    assert c.get("/assessment/export/").status_code == expected_read(name)


@pytest.mark.parametrize("name", PERSONAS)
def test_list_dashboard_and_writer_pages(world, name):
    c = client_for(world, name)
    listing = c.get("/assessment/")
    if name is None:
        assert listing.status_code == 302 and "/login/" in listing["Location"]
    elif name == "alf":
        assert listing.status_code == 302 and listing["Location"] == "/assessment/dashboard/"
    else:
        assert listing.status_code == 200
        shown = "Annat Bolag AB" in listing.content.decode()
        assert shown is (name != "carl")  # a company user lists only their own company
    dash = c.get("/assessment/dashboard/").status_code
    assert dash == (302 if name is None else 200 if name in STAFF else 403)
    for url in ["/assessment/new/", f"/assessment/{world['open'].pk}/interview/"]:
        code = c.get(url).status_code
        assert code == (302 if name is None else 200 if name in WRITERS else 403), url


@pytest.mark.parametrize("name", PERSONAS)
def test_writes(world, name, company):
    c = client_for(world, name)
    a, t0 = world["open"].pk, world["t0"].pk
    posts = [
        (
            f"/assessment/{a}/answer/?respondent={_rid(world['open'])}",
            {"question": "innovation.process", "value": "ad_hoc"},
        ),
        (f"/assessment/{a}/respondents/", {"name": "Per Produktion", "role": "Produktionschef"}),
        (f"/assessment/{a}/links/", {"days": "30"}),
        (f"/assessment/{a}/plan/", {"measure": "Energikartläggning", "responsible": "1"}),
        (f"/assessment/companies/{company.pk}/priorities/", {"p-automation": "5"}),
        (f"/assessment/{t0}/follow-up/", {"months": "6"}),
        (f"/assessment/{a}/complete/", {}),
    ]
    for url, data in posts:
        code = c.post(url, data).status_code
        if name is None:
            assert code == 302, url
        elif name in WRITERS:
            assert code in (200, 302), url
        else:
            assert code == 403, url


@pytest.mark.parametrize("name", PERSONAS)
def test_api(world, name):
    c = client_for(world, name)
    t0, t1, other = world["t0"].pk, world["t1"].pk, world["other"].pk
    for url in [
        "/api/assessment/assessments",
        f"/api/assessment/assessments/{t0}",
        f"/api/assessment/assessments/{t0}/results",
        f"/api/assessment/assessments/{t0}/answers",
        f"/api/assessment/assessments/{t1}/comparison",
    ]:
        code = c.get(url).status_code
        assert code == (401 if name is None else 403 if name == "alf" else 200), url
    code = c.get(f"/api/assessment/assessments/{other}").status_code
    assert code == (401 if name is None else 403 if name == "alf" else 404 if name == "carl" else 200)
    dash = c.get("/api/assessment/dashboard").status_code
    assert dash == (401 if name is None else 200 if name in STAFF else 403)
    post = c.post(
        f"/api/assessment/assessments/{world['open'].pk}/answers",
        {"respondent_id": _rid(world["open"]), "answers": {"innovation.process": "recurring"}},
        content_type="application/json",
    ).status_code
    assert post == (
        401 if name is None else 200 if name in WRITERS else 403 if name in ("alf", "lisa", "carl") else 404
    )
