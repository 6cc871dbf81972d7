"""Peer-learning pairs: strong where the other is weak, mutual, each company once (pure core)."""

from __future__ import annotations

from spets.matching.pairing import MIN_LEAD, lead, partners_for, suggest


def test_a_pair_needs_a_lead_both_ways():
    scores = {
        1: {"automation": 80, "data": 20},
        2: {"automation": 30, "data": 70},  # teaches data, learns automation
        3: {"automation": 90, "data": 90},  # ahead everywhere: nothing to learn from 1 or 2
    }
    pairs = suggest(scores)
    assert [(p.a, p.b) for p in pairs] == [(1, 2)]
    p = pairs[0]
    assert (p.a_teaches.dimension, p.a_teaches.points) == ("automation", 50)
    assert (p.b_teaches.dimension, p.b_teaches.points) == ("data", 50)
    assert p.mutual == 50


def test_leads_below_the_threshold_make_no_pair_and_missing_scores_are_skipped():
    assert suggest({1: {"a": 50, "b": 50}, 2: {"a": 50 + MIN_LEAD - 1, "b": 40}}) == []
    assert lead({"a": None, "b": 60}, {"a": 90, "b": 10}).dimension == "b"


def test_each_company_is_in_at_most_one_pair_and_the_best_mutual_wins():
    scores = {
        1: {"x": 90, "y": 10},
        2: {"x": 10, "y": 90},  # with 1: mutual 80
        3: {"x": 20, "y": 60},  # with 1: mutual 50
    }
    assert [(p.a, p.b) for p in suggest(scores)] == [(1, 2)]
    assert [p.b for p in partners_for(1, scores)] == [2, 3]
