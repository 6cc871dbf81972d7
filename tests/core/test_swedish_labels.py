"""Swedish words instead of codes and English (issue 14): offers' target groups, the private note's help
text, map legends that do not mislead."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import catalogue

pytestmark = pytest.mark.django_db


def _page(user, path: str) -> str:
    c = Client()
    c.force_login(user)
    response = c.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_an_offers_target_group_reads_in_swedish_not_as_codes(anna):
    catalogue()
    page = _page(anna, "/companies/offers/")
    assert "småföretag, medelstora företag" in page and "stora företag" in page
    assert "small,medium" not in page and ">large<" not in page


def test_the_activity_form_says_exactly_who_reads_a_private_note(anna, company):
    page = _page(anna, f"/companies/{company.pk}/activities/new/")
    assert (
        "Alla andra, programledare inräknade, ser bara att insatsen finns, dess datum, organisation och timmar"
        in page
    )


def test_the_assessment_dashboard_gives_equal_county_medians_one_class(db):
    from spets.geo.maps import choropleth

    shown = choropleth({"20": 33.0, "21": 35.0, "17": 35.0}, "county")
    colours = {s.code: s.colour for s in shown["shapes"]}
    assert colours["21"] == colours["17"] != colours["20"]
    assert [(c["from"], c["to"]) for c in shown["legend"]] == [(33.0, 33.0), (35.0, 35.0)]


def test_a_legend_never_reads_0_to_0_and_an_outlier_has_its_own_class(db):
    from spets.geo.maps import choropleth

    values = {"2080": 0.0, "2081": 0.2, "2082": 0.4, "2083": 0.6, "2084": 1.2, "2085": 336.0, "2021": 0.0}
    shown = choropleth(values, "municipality")
    d = shown["decimals"]
    labels = [(round(c["from"], d), round(c["to"], d)) for c in shown["legend"]]
    assert all(lo != hi for (lo, hi), c in zip(labels, shown["legend"], strict=True) if c["from"] != c["to"])
    assert shown["legend"][-1]["from"] == 336.0  # Borlänge alone


def test_a_change_of_sign_gets_a_diverging_scale(db):
    from spets.geo.maps import NEGATIVE_PALETTE, PALETTE, ZERO_COLOUR, choropleth

    shown = choropleth({"2080": -40.0, "2081": -2.0, "2082": 0.0, "2083": 5.0, "2084": 90.0}, "municipality")
    colours = {s.code: s.colour for s in shown["shapes"]}
    assert (
        colours["2080"] in NEGATIVE_PALETTE and colours["2082"] == ZERO_COLOUR and colours["2084"] in PALETTE
    )
