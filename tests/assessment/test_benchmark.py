"""Percentile within peer groups (mid-rank), group statistics, and the at-least-five privacy rule."""

import pytest

from spets.assessment.benchmark import MIN_PEERS, Peer, group_stats, group_table, percentile_rank, position


def test_mid_rank_percentile_by_hand():
    scores = [10, 20, 30, 30, 50]
    assert percentile_rank(30, scores) == pytest.approx(60)  # (2 below + 0.5 x 2 equal) / 5
    assert percentile_rank(50, scores) == pytest.approx(90)  # best of five: (4 + 0.5) / 5
    assert percentile_rank(10, scores) == pytest.approx(10)
    assert percentile_rank(40, [40] * 5) == pytest.approx(50)


def test_fewer_than_five_companies_give_no_percentile():
    assert MIN_PEERS == 5
    assert percentile_rank(30, [10, 20, 30, 40]) is None
    stats = group_stats([10, 20, 30, 40])
    assert (stats.median, stats.top_quartile) == (None, None) and stats.reason.startswith("too few peers")


def test_group_statistics_interpolate_linearly():
    stats = group_stats([10, 50, 30, 20, 40])
    assert (stats.n, stats.median, stats.top_quartile) == (5, 30, 40)
    six = group_stats([1, 2, 3, 4, 5, 6, None])  # None is no score and is not counted
    assert (six.n, six.median, six.top_quartile) == (6, 3.5, 4.75)


def _peer(i, score, **kw):
    return Peer(f"p{i}", {"overall": score}, **kw)


ME = Peer("me", {"overall": 40}, sni_section="C", size_class="small", county="20", programme_area=True)
PEERS = [
    _peer(1, 20, sni_section="C", size_class="small", county="20", programme_area=True),
    _peer(2, 60, sni_section="C", size_class="medium", county="17", programme_area=True),
    _peer(3, 80, sni_section="C", size_class="small", county="21", programme_area=True),
    _peer(4, 30, sni_section="C", size_class="micro", county="01", programme_area=False),
    _peer(5, None, sni_section="C", size_class="small", county="20", programme_area=True),  # not assessed
    _peer(6, 70, sni_section="B", size_class="small", county="20", programme_area=True),
]


def test_position_per_grouping_respects_the_privacy_rule():
    pos = position(ME, PEERS)
    sni = pos["sni_section"]  # me, p1..p4 scored -> 5
    assert (sni.group, sni.n) == ("C", 5)
    assert sni.percentile == pytest.approx(50)  # 20, 30 below; 40 itself -> (2 + 0.5) / 5
    assert sni.median == 40 and sni.top_quartile == 60
    size = pos["size_class"]  # me, p1, p3, p6 -> 4
    assert size.n == 4 and size.percentile is None and size.median is None
    assert size.reason.startswith("too few peers")
    county = pos["county"]  # me, p1, p6 -> 3
    assert county.percentile is None and "too few" in county.reason
    area = pos["programme_area"]  # me, p1, p2, p3, p6 -> 5
    assert area.n == 5 and area.percentile == pytest.approx(30)


def test_a_company_without_the_attribute_gets_a_reason():
    loner = Peer("x", {"overall": 50}, sni_section=None)
    pos = position(loner, PEERS, groupings=["sni_section"])
    assert pos["sni_section"].percentile is None and pos["sni_section"].reason == "company has no sni section"


def test_group_table_withholds_small_groups():
    table = group_table([ME, *PEERS], "sni_section")
    assert table["C"].n == 5 and table["C"].median == 40
    assert table["B"].median is None and "too few" in table["B"].reason
