"""Peer position and the dashboard: nothing about a group with fewer than 5 companies."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from spets.assessment import services
from spets.assessment.forms import tr
from spets.assessment.frameworks import load_framework
from spets.assessment.peers import peer_position
from spets.assessment.texts import framework_name
from spets.core.scoping import unscoped
from tests.factories import MIXED, completed, peer_companies


def _position(a):
    with unscoped():
        a.refresh_from_db()
    return peer_position(a, services.current_result(a))


def test_percentile_only_with_at_least_five_companies(anna, company):
    peer_companies(anna, 3)  # with the company itself: 4 in SNI C
    a = completed(anna, company.pk, MIXED)
    pos = _position(a)
    assert pos["sni_section"].n == 4 and pos["sni_section"].percentile is None
    assert "too few peers" in pos["sni_section"].reason
    page = Client()
    page.force_login(anna)
    assert "för få att jämföra med" in page.get(f"/assessment/{a.pk}/").content.decode()
    with unscoped():
        from spets.companies.models import Company

        extra = Company.objects.create(
            orgnr="5560002006",
            name="Femte AB",
            sni_id="28",
            municipality_id="2085",
            employees=15,
            size_class="small",
        )
    completed(anna, extra.pk, {**MIXED, "strategy.preparedness": []})
    pos = _position(a)
    assert pos["sni_section"].n == 5 and pos["sni_section"].percentile is not None
    # peers' overall scores: the company sits above the lowest (empty preparedness) → percentile > 10
    assert 10 < pos["sni_section"].percentile < 100
    assert pos["county"].percentile is not None  # all five in Dalarna (20)


def test_dashboard_withholds_small_groups(anna, alf, company):
    peer_companies(anna, 5)  # Dalarna, SNI C, small
    with unscoped():
        from spets.companies.models import Company

        lone = Company.objects.create(
            orgnr="5560002014",
            name="Ensam AB",
            sni_id="16",
            municipality_id="1780",
            employees=300,
            size_class="large",
        )
    completed(anna, lone.pk, MIXED)
    c = Client()
    c.force_login(alf)
    page = c.get("/assessment/dashboard/").content.decode()
    dalarna = page.split('data-group="20"')[1].split("</tr>")[0]
    varmland = page.split('data-group="17"')[1].split("</tr>")[0]
    assert "visas inte (för få)" not in dalarna and "visas inte (för få)" in varmland  # Swedish UI
    api = c.get("/api/assessment/dashboard").json()
    assert (
        api["groups"]["county"]["17"]["median"] is None
        and api["groups"]["county"]["20"]["median"] is not None
    )
    assert "Ensam AB" not in page


@pytest.mark.parametrize(
    ("framework", "file", "n"), [("dma-sme", "dma-sme-v1", 5), ("spets-profile", "spets-profile-v1", 0)]
)
def test_dashboard_shows_the_chosen_framework(anna, alf, framework, file, n):
    peer_companies(anna, 5)  # five DMA results in Dalarna; none of the profile
    c = Client()
    c.force_login(alf)
    page = c.get(f"/assessment/dashboard/?framework={framework}").content.decode()
    fw = load_framework(file)
    chosen = framework_name(framework, short=True)  # by name, never the raw id ("dma-sme")
    assert tr(fw.title, "sv") in page and f"<strong>{chosen}</strong>" in page  # the chosen one
    assert f">{framework}<" not in page
    assert f"{n} företag med en slutförd bedömning" in page
    dims = page.split('data-testid="by-dimension"')[1].split("</table>")[0]
    assert [tr(d.title, "sv") for d in fw.dimensions] == re.findall(r"<tr><td>([^<]+)</td>", dims)
    county = page.split('data-testid="by-county"')[1].split("</table>")[0]
    if n:  # five companies in Dalarna: the median is shown, not withheld
        dalarna = county.split('data-group="20"')[1].split("</tr>")[0]
        assert '<td class="n">5</td>' in dalarna and "visas inte" not in dalarna
    else:
        assert "Inga slutförda bedömningar ännu." in county
