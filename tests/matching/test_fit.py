"""The fit score against hand-computed cases (pure core, docs/methods/matching.md)."""

from __future__ import annotations

import pytest

from spets.matching.fit import CompanyFacts, OfferFacts, distance_km, fit, rank, refusals

BORLANGE = (15.42, 60.48)
COMPANY = CompanyFacts(
    company_id=1,
    size_class="small",
    sni_code="25",
    sni_section="C",
    county="20",
    focus_gaps={"automation": 35.0, "digitalisation": 50.0},
    focus_dimensions={"automation": "automation", "digitalisation": "data"},
    overall_gap=30.0,
    priorities={"automation": 5},
    headroom_eur=10_000.0,
    location=BORLANGE,
)


def test_a_hand_computed_fit_adds_the_five_weighted_terms():
    offer = OfferFacts(1, "Paper Province", "17", "automation", capacity=10, taken=4, location=BORLANGE)
    m = fit(COMPANY, offer)
    # need 35/50 = 0.7 × 35 = 24.5; block 30/50 = 0.6 × 10 = 6; priority 5/5 × 20 = 20;
    # capacity 6/10 × 15 = 9; distance 0 km → 1 × 20 = 20; total 79.5
    assert m.eligible
    assert m.fit == pytest.approx(79.5)
    assert [round(t.points, 6) for t in m.terms] == [24.5, 6.0, 20.0, 9.0, 20.0]


def test_unknown_gap_priority_capacity_and_distance_are_said_and_counted_as_documented():
    company = CompanyFacts(2, "small", "25", "C", "20")
    m = fit(company, OfferFacts(5, "X", None, "automation"))
    # need 0, block 0, priority neutral 3/5 × 20 = 12, capacity unstated 15, distance unknown 0.5 × 20 = 10
    assert m.fit == pytest.approx(37.0)
    assert [t.known for t in m.terms] == [False, False, False, False, False]


def test_a_large_gap_is_capped_at_the_full_need():
    company = CompanyFacts(3, "small", "25", "C", "20", focus_gaps={"automation": 80.0})
    need = fit(company, OfferFacts(1, "X", None, "automation")).terms[0]
    assert need.value == 1.0


def test_ineligible_offers_get_no_score_but_every_reason():
    offer = OfferFacts(
        9,
        "X",
        "21",
        "automation",
        sizes=("large",),
        sni=("16",),
        counties=("21",),
        value_eur=20_000.0,
        capacity=3,
        taken=3,
    )
    m = fit(COMPANY, offer)
    assert not m.eligible and m.fit is None
    assert m.refusals == ("size", "sni", "county", "deminimis", "capacity")


def test_unknown_de_minimis_headroom_refuses_nothing():
    company = CompanyFacts(4, "small", "25", "C", "20", headroom_eur=None)
    assert refusals(company, OfferFacts(1, "X", None, "automation", value_eur=1e9)) == ()


def test_sni_entries_are_sections_or_code_prefixes():
    assert refusals(COMPANY, OfferFacts(1, "X", None, None, sni=("C",))) == ()
    assert refusals(COMPANY, OfferFacts(1, "X", None, None, sni=("25",))) == ()
    assert refusals(COMPANY, OfferFacts(1, "X", None, None, sni=("24", "B"))) == ("sni",)


def test_distance_between_borlange_and_karlstad_is_about_150_km():
    assert distance_km(BORLANGE, (13.50, 59.40)) == pytest.approx(159, abs=10)
    assert distance_km(BORLANGE, None) is None


def test_ranking_is_by_fit_then_distance_then_id_and_refused_offers_come_last():
    near = OfferFacts(3, "A", "20", "automation", location=BORLANGE)
    far = OfferFacts(2, "B", "17", "automation", location=(15.42, 61.48))  # same terms, 111 km further
    same = OfferFacts(1, "C", "20", "automation", location=BORLANGE)
    refused = OfferFacts(0, "D", "20", "automation", sizes=("large",))
    ranked = rank(COMPANY, [far, refused, near, same])
    assert [m.offer_id for m in ranked] == [1, 3, 2, 0]
    assert rank(COMPANY, [same, near, far, refused]) == ranked
