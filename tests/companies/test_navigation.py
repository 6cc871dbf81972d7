"""Every link on the register's pages leads somewhere the user may go (no 403/404 behind a link), and the
pages users need are reachable: import/merge from the register's start page, the API token page too."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from spets.companies.models import Offer
from spets.core.scoping import unscoped
from tests.factories import org

LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)')


@pytest.fixture
def register_world(company, other_company, contact, referral, dalarna_notes):
    with unscoped():
        company.parent = other_company
        company.save()
        Offer.objects.create(organisation=org("iuc-dalarna"), name="Energikartläggning", type="analysis")
    return company


def _links(html: str) -> set[str]:
    return {
        unescape(u)
        for u in LINK.findall(html)
        if u.startswith(("/companies/", "/assessment/")) and not u.startswith("/static/")
    }


def _start_pages(user, company) -> list[str]:
    if user.company_id_scope:
        return [reverse("companies:detail", args=[company.pk]), reverse("core:api_token")]
    return [
        reverse("companies:search"),
        reverse("companies:detail", args=[company.pk]),
        reverse("companies:offers"),
        reverse("companies:referrals"),
        reverse("companies:import_upload"),
        reverse("core:api_token"),
    ]


@pytest.mark.parametrize("persona", ["anna", "cecilia", "petra", "alf", "lisa", "carl"])
def test_no_link_on_the_register_pages_leads_to_a_refusal(client, personas, register_world, persona):
    user = personas[persona]
    client.force_login(user)
    broken = []
    for start in _start_pages(user, register_world):
        response = client.get(start)
        if response.status_code != 200:
            continue  # a page the role may not open at all shows no links to follow
        for url in sorted(_links(response.content.decode())):
            status = client.get(url).status_code
            if status in (403, 404, 405):
                broken.append(f"{start} → {url}: {status}")
    assert broken == []


def _page(client, user, name, *args) -> str:
    client.force_login(user)
    return client.get(reverse(name, args=args)).content.decode()


def test_analysts_get_no_referrals_link(client, alf, register_world):
    assert reverse("companies:referrals") not in _page(client, alf, "companies:search")


def test_advisors_and_managers_find_import_merge_and_the_api_token_on_the_register_page(client, anna, petra):
    for user in (anna, petra):
        page = _page(client, user, "companies:search")
        assert reverse("companies:import_upload") in page and reverse("core:api_token") in page
        assert reverse("companies:referrals") in page
    upload = _page(client, anna, "companies:import_upload")
    assert reverse("companies:merge_start") in upload


def test_readers_find_the_api_token_but_not_the_import(client, alf, lisa):
    for user in (alf, lisa):
        page = _page(client, user, "companies:search")
        assert reverse("core:api_token") in page and reverse("companies:import_upload") not in page


def test_a_company_user_finds_the_api_token_on_their_company_page(client, carl, register_world):
    page = _page(client, carl, "companies:detail", register_world.pk)
    assert reverse("core:api_token") in page
    assert reverse("companies:detail", args=[register_world.parent_id]) not in page
