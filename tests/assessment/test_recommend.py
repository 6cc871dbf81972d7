"""Recommendations on a hand-computed example; priority = gap to the peer top quartile x own weight."""

from dataclasses import replace

import pytest

from spets.assessment.benchmark import Peer
from spets.assessment.frameworks import load_framework
from spets.assessment.recommend import FIXED_TARGET, TargetSource, load_rules, recommend
from spets.assessment.scoring import score
from tests.assessment.answer_sets import MIXED  # noqa: E402

COMPANY = Peer(
    "sme-1", sni_section="C", size_class="small", county="20", programme_area=True, sni_code="25.620"
)


def _peer(i, sni, **scores):
    return Peer(f"p{i}", scores, sni_section=sni, size_class="small", county="17", programme_area=True)


PEERS = [
    # four SNI C peers: strategy top quartile of [32.5, 40, 50, 60, 70] = 60; green of [50, 80 x4] = 80;
    # data has only two scored C peers -> falls back to the programme area.
    _peer(1, "C", strategy=40, data=None, green=80),
    _peer(2, "C", strategy=50, data=None, green=80),
    _peer(3, "C", strategy=60, data=30, green=80),
    _peer(4, "C", strategy=70, data=40, green=80),
    # programme area adds three B companies: data of [25, 30, 40, 50, 60, 70] -> top quartile 57.5
    _peer(5, "B", data=50),
    _peer(6, "B", data=60),
    _peer(7, "B", data=70),
]
OFFERS = [
    {
        "id": "o1",
        "organisation": "IUC Dalarna",
        "type": "analysis",
        "focus_area": "digitalisation",
        "eligibility": {"size_classes": ["small", "medium"]},
    },
    {
        "id": "o2",
        "organisation": "RISE",
        "type": "training",
        "focus_area": "digitalisation",
        "eligibility": {"counties": ["17"]},
    },  # company is in county 20: not eligible
    {
        "id": "o3",
        "organisation": "Dalarna Science Park",
        "type": "advisory_meeting",
        "focus_area": "digitalisation",
        "eligibility": {"sni": ["C"]},
    },
    {
        "id": "o4",
        "organisation": "Sandbacka Science Park",
        "type": "company_visit",
        "focus_area": "automation",
        "eligibility": {"sni": ["25"]},
    },  # SNI division 25 matches code 25.620
    {"id": "o5", "organisation": "Paper Province", "type": "event", "focus_area": "forest-bioeconomy"},
    {
        "id": "o6",
        "organisation": "IUC Gävleborg",
        "type": "workshop",
        "focus_area": "green-transition",
        "eligibility": {"size_classes": ["micro"]},
    },  # not eligible: the green gap stays unmatched
]
PRIORITIES = {"digitalisation": 5, "automation": 1}  # green-transition unrated -> neutral 3


def _recommend(**kw):
    result = score(load_framework("dma-sme-v1"), MIXED)
    return recommend(result, COMPANY, PEERS, OFFERS, priorities=kw.get("priorities", PRIORITIES))


def test_ranking_on_a_hand_computed_example():
    recs = _recommend()
    assert [r.offer_id for r in recs.items] == ["o1", "o3", "o4"]
    o1, o3, o4 = recs.items
    # data: gap 57.5 - 25 = 32.5 (programme area group), weight 5/3 -> 54.1667
    assert o1.priority == pytest.approx(32.5 * 5 / 3) and o1.dimension == "data"
    assert o1.rules == ("dma-strategy", "dma-data-not-digital")
    assert o1.target == pytest.approx(57.5) and o1.target_source == TargetSource(
        "programme_area", "programme area", 6
    )
    assert o3.priority == pytest.approx(32.5 * 5 / 3)
    assert o3.rules == ("dma-strategy", "dma-data-not-digital", "dma-data")
    # automation: no peer has an automation score -> fixed target 75; gap 35, weight 1/3
    assert (o4.target, o4.target_source) == (75, FIXED_TARGET) and o4.target_source.fixed
    assert o4.priority == pytest.approx(35 / 3)


def test_strategy_gap_uses_the_sni_group_top_quartile():
    rules = load_rules()
    strategy_rules = replace(rules, rules=tuple(r for r in rules.rules if r.id == "dma-strategy"))
    recs = recommend(
        score(load_framework("dma-sme-v1"), MIXED),
        COMPANY,
        PEERS,
        [{"id": "s", "type": "analysis", "focus_area": "digitalisation"}],
        rules=strategy_rules,
    )
    (only,) = recs.items
    assert only.target == pytest.approx(60) and only.target_source == TargetSource("sni_section", "C", 5)
    assert only.gap == pytest.approx(27.5) and only.weight == 1 and only.priority == pytest.approx(27.5)


def test_unmatched_gaps_and_missing_dimensions_are_reported():
    recs = _recommend()
    assert [(g.rule, g.dimension) for g in recs.unmatched] == [("dma-green", "green")]
    assert recs.unmatched[0].priority == pytest.approx(30)  # 80 - 50, neutral weight
    partial = recommend(score(load_framework("dma-sme-v1"), {"data.security": []}), COMPANY, PEERS, OFFERS)
    assert any("strategy: not assessed" in n for n in partial.notes)
    assert {r.dimension for r in partial.items} == {"data"}


def test_priorities_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="1..5"):
        _recommend(priorities={"digitalisation": 7})


def test_every_rule_points_at_a_real_dimension_and_question():
    frameworks = {fw.id: fw for fw in (load_framework("dma-sme-v1"), load_framework("spets-profile-v1"))}
    for rule in load_rules().rules:
        fw = frameworks[rule.framework]
        dim = fw.dimension(rule.dimension)
        if rule.question:
            assert rule.question in {q.id for q in dim.questions}
