"""Every role × every register page and API endpoint, with the expected status code.

Columns: anna (advisor, IUC Dalarna), cecilia (advisor, Paper Province), petra (programme manager),
alf (analyst), lisa (viewer, IUC Värmland), carl (company user of `company`), anonymous.
The data: `company` with IUC Dalarna's notes, a contact, a referral IUC Dalarna → Paper Province,
an IUC Dalarna offer, and `other_company` that carl must not see.
"""

from __future__ import annotations

import json

import pytest

from spets.companies.models import Offer
from spets.core.models import Organisation
from spets.core.scoping import unscoped

ROLES = ["anna", "cecilia", "petra", "alf", "lisa", "carl", "anonymous"]


def _activity(ctx):
    return {
        "type": "advisory_meeting",
        "title": "Möte",
        "date": "2025-03-01",
        "company_ids": [ctx["company"]],
        "advisors": [{"advisor_id": ctx["user_id"], "hours": 2}],
    }


def _referral(ctx):
    return {
        "company_id": ctx["company"],
        "to_organisation_id": ctx["ssr"],
        "reason": "Stål",
        "consent_date": "2025-03-01",
        "consent_how": "muntligt",
    }


# (name, method, path, body or None, expected codes in ROLES order)
PAGES = [
    ("search", "get", "/companies/", None, "200 200 200 200 200 403 302"),
    ("detail", "get", "/companies/{company}/", None, "200 200 200 200 200 200 302"),
    ("detail of another company", "get", "/companies/{other}/", None, "200 200 200 200 200 404 302"),
    ("new company", "get", "/companies/new/", None, "200 200 200 403 403 403 302"),
    ("edit company", "get", "/companies/{company}/edit/", None, "200 200 200 403 403 403 302"),
    ("new contact", "get", "/companies/{company}/contacts/new/", None, "200 200 200 403 403 403 302"),
    ("edit contact", "get", "/companies/contacts/{contact}/", None, "200 200 200 403 403 403 302"),
    (
        "export person",
        "get",
        "/companies/contacts/{contact}/export.json",
        None,
        "403 403 200 403 403 403 302",
    ),
    ("erase person", "post", "/companies/contacts/{contact}/erase/", {}, "403 403 302 403 403 403 302"),
    ("log activity", "get", "/companies/{company}/activities/new/", None, "200 200 200 403 403 403 302"),
    ("new referral", "get", "/companies/{company}/referrals/new/", None, "200 200 200 403 403 403 302"),
    ("referral inbox", "get", "/companies/referrals/", None, "200 200 200 403 200 403 302"),
    ("accept referral", "post", "/companies/referrals/{referral}/accept/", {}, "403 302 302 404 404 403 302"),
    ("offers", "get", "/companies/offers/", None, "200 200 200 200 200 403 302"),
    ("new offer", "get", "/companies/offers/new/", None, "200 200 200 403 403 403 302"),
    ("edit offer", "get", "/companies/offers/{offer}/", None, "200 403 200 403 403 404 302"),
    ("api token", "get", "/companies/api-token/", None, "200 200 200 200 200 200 302"),
]

API = [
    ("api search", "get", "/api/companies/companies", None, "200 200 200 200 200 403 401"),
    ("api company", "get", "/api/companies/companies/{company}", None, "200 200 200 200 200 200 401"),
    ("api other company", "get", "/api/companies/companies/{other}", None, "200 200 200 200 200 404 401"),
    (
        "api update company",
        "patch",
        "/api/companies/companies/{company}",
        lambda c: {"version": 1, "name": "Ny AB"},
        "200 200 200 403 403 403 401",
    ),
    (
        "api contacts",
        "get",
        "/api/companies/companies/{company}/contacts",
        None,
        "200 200 200 403 200 200 401",
    ),
    (
        "api add contact",
        "post",
        "/api/companies/companies/{company}/contacts",
        lambda c: {"name": "Per", "interest_assessment": "Kund"},
        "201 201 201 403 403 403 401",
    ),
    ("api contact", "get", "/api/companies/contacts/{contact}", None, "200 200 200 404 200 200 401"),
    (
        "api export person",
        "get",
        "/api/companies/contacts/{contact}/export",
        None,
        "403 403 200 403 403 403 401",
    ),
    (
        "api erase person",
        "post",
        "/api/companies/contacts/{contact}/erase",
        lambda c: {},
        "403 403 200 403 403 403 401",
    ),
    (
        "api activities",
        "get",
        "/api/companies/activities?company_id={company}",
        None,
        "200 200 200 200 200 200 401",
    ),
    ("api log activity", "post", "/api/companies/activities", _activity, "201 201 201 403 403 403 401"),
    ("api referrals", "get", "/api/companies/referrals", None, "200 200 200 403 200 403 401"),
    ("api refer", "post", "/api/companies/referrals", _referral, "201 201 201 403 403 403 401"),
    (
        "api answer referral",
        "post",
        "/api/companies/referrals/{referral}/transition",
        lambda c: {"action": "accept"},
        "403 200 200 404 404 403 401",
    ),
    ("api offers", "get", "/api/companies/offers", None, "200 200 200 200 200 403 401"),
    (
        "api add offer",
        "post",
        "/api/companies/offers",
        lambda c: {"name": "Nytt", "type": "analysis"},
        "201 201 201 403 403 403 401",
    ),
]

CASES = [
    (name, method, path, body, role, int(codes.split()[i]))
    for name, method, path, body, codes in PAGES + API
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize("name,method,path,body,role,expected", CASES, ids=[f"{c[0]}-{c[4]}" for c in CASES])
def test_permission_matrix(
    request,
    client,
    personas,
    company,
    other_company,
    dalarna_notes,
    contact,
    referral,
    name,
    method,
    path,
    body,
    role,
    expected,
):
    with unscoped():
        offer = Offer.objects.create(
            organisation=Organisation.objects.get(slug="iuc-dalarna"), name="Analys", type="analysis"
        )
    user = personas.get(role)
    if user is not None:
        client.force_login(user)
    ctx = {
        "company": company.pk,
        "other": other_company.pk,
        "contact": contact.pk,
        "referral": referral.pk,
        "offer": offer.pk,
        "user_id": user.pk if user else 0,
        "ssr": Organisation.objects.get(slug="sustainable-steel-region").pk,
    }
    url = path.format(**ctx)
    if path.startswith("/api/") and method != "get":
        payload = body(ctx) if callable(body) else {}
        response = getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")
    elif method == "post":
        response = client.post(url, data=body or {})
    else:
        response = client.get(url)
    assert response.status_code == expected, (
        f"{name} as {role}: {response.status_code} {response.content[:300]!r}"
    )
