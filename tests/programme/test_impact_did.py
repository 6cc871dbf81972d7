"""The difference-in-differences estimate (pure module, no database): hand-made cases for the matching and
the formula, and synthetic panels where the planted effect is known."""

from __future__ import annotations

import math
import random

import pytest

from spets.programme import impact
from spets.programme.impact import Unit


def steady(start: float, growth: float, years=range(2019, 2026), boost_from=None, boost=0.0) -> dict:
    """Levels growing `growth` log points a year, plus `boost` a year from `boost_from` on."""
    out = {}
    for year in years:
        extra = (year - boost_from + 1) * boost if boost_from and year >= boost_from else 0.0
        out[year] = start * math.exp(growth * (year - years[0]) + extra)
    return out


CELL = ("25", "small", "20")


def test_one_pair_by_hand_gives_the_change_in_growth():
    # Supported from 2024: 2 % a year before, 2 % + 5 log points after. The control grows 2 % throughout.
    treated = Unit(1, CELL, steady(20, 0.02, boost_from=2024, boost=0.05), 2024)
    control = Unit(2, CELL, steady(22, 0.02))
    e = impact.estimate([treated, control])
    assert e.n_treated == 1 and e.n_controls == 1
    # Δ_treated = mean growth 2024–25 (0.07) − mean growth 2020–23 (0.02) = 0.05; Δ_control = 0
    assert e.effect == pytest.approx(0.05)
    assert e.pairs[0].pre_years == (2020, 2021, 2022, 2023)
    assert e.pairs[0].post_years == (2024, 2025)
    assert e.se is None  # one pair has no spread to estimate


def test_the_nearest_control_on_level_and_trend_in_the_same_cell_is_chosen():
    treated = Unit(1, CELL, steady(20, 0.02, boost_from=2024, boost=0.05), 2024)
    near = Unit(2, CELL, steady(21, 0.021))
    far = Unit(3, CELL, steady(200, -0.05))
    other_cell = Unit(4, ("25", "small", "21"), steady(20, 0.02))  # another county: never a match
    e = impact.estimate([treated, near, far, other_cell])
    assert [p.control_id for p in e.pairs] == [2]


def test_a_supported_company_without_a_control_in_its_cell_is_left_out_and_counted():
    treated = Unit(1, CELL, steady(20, 0.02), 2024)
    elsewhere = Unit(2, ("28", "small", "20"), steady(20, 0.02))
    e = impact.estimate([treated, elsewhere])
    assert e.effect is None and e.n_treated == 0
    assert e.excluded == {"no_match_in_cell": 1}


def test_too_few_years_before_or_none_after_support_leave_a_company_out():
    early = Unit(1, CELL, steady(20, 0.02), 2020)  # one growth year before support
    late = Unit(2, CELL, steady(20, 0.02), 2026)  # no figures from 2026
    control = Unit(3, CELL, steady(20, 0.02))
    e = impact.estimate([early, late, control])
    assert e.excluded == {"too_few_years_before": 1, "no_years_after": 1}


def test_below_the_minimum_level_a_company_is_left_out():
    small = Unit(1, CELL, steady(3, 0.02), 2024)
    control = Unit(2, CELL, steady(3, 0.02))
    assert impact.estimate([small, control], min_level=5).excluded == {"below_min_level": 1}


def test_a_control_may_serve_several_supported_companies_and_is_one_cluster():
    a = Unit(1, CELL, steady(20, 0.02, boost_from=2024, boost=0.04), 2024)
    b = Unit(2, CELL, steady(21, 0.02, boost_from=2024, boost=0.06), 2024)
    control = Unit(3, CELL, steady(20.5, 0.02))
    e = impact.estimate([a, b, control])
    assert [p.control_id for p in e.pairs] == [3, 3]
    assert e.n_treated == 2 and e.n_controls == 1
    assert e.effect == pytest.approx(0.05)
    assert e.se is None  # one distinct control: a clustered standard error is not defined


def test_the_clustered_standard_error_by_hand():
    # Two pairs, two distinct controls. a = treated changes, b = control changes.
    units = [
        Unit(1, CELL, steady(20, 0.02, boost_from=2024, boost=0.04), 2024),  # Δ = 0.04
        Unit(2, ("28", "small", "20"), steady(20, 0.02, boost_from=2024, boost=0.08), 2024),  # Δ = 0.08
        Unit(3, CELL, steady(20, 0.02, boost_from=2024, boost=0.01)),  # Δ = 0.01 (a control)
        Unit(4, ("28", "small", "20"), steady(20, 0.02, boost_from=2024, boost=-0.01)),  # Δ = −0.01
    ]
    e = impact.estimate(units)
    assert e.effect == pytest.approx((0.04 + 0.08) / 2 - (0.01 - 0.01) / 2)  # 0.06
    # var_a = s²(0.04, 0.08)/2 = 0.0008/2 = 0.0004; var_b = 2/1 · (0.01² + 0.01²)/4 = 0.0001
    assert e.se == pytest.approx(math.sqrt(0.0004 + 0.0001))
    t = 12.706204736  # Student's t, 97.5 %, 1 degree of freedom
    assert e.ci_low == pytest.approx(0.06 - t * e.se, rel=1e-6)
    assert e.df == 1


def test_the_effect_as_a_percentage():
    assert impact.Estimate.percent(math.log(1.03)) == pytest.approx(0.03)
    assert impact.Estimate.percent(None) is None


def synthetic(
    seed: int, n: int = 2500, share: float = 0.12, effect: float = math.log(1.03), shock: float = 0.08
):
    """Companies in 18 cells: random walks in logs with a company drift; supported ones (first support
    2023–2025) grow `effect` a year faster from the year of support on."""
    rng = random.Random(seed)
    units = []
    for i in range(n):
        cell = (
            rng.choice(["16", "25", "28"]),
            rng.choice(["small", "medium"]),
            rng.choice(["17", "20", "21"]),
        )
        level, drift = math.log(rng.lognormvariate(3, 1)), rng.gauss(0.01, 0.03)
        first = rng.choice([2023, 2024, 2025]) if rng.random() < share else None
        levels = {}
        for year in range(2019, 2026):
            if year > 2019:
                level += drift + rng.gauss(0, shock)
            boost = (year - first + 1) * effect if first and year >= first else 0.0
            levels[year] = math.exp(level + boost)
        units.append(Unit(i, cell, levels, first))
    return units


def test_the_estimate_recovers_a_planted_three_per_cent_within_its_interval():
    e = impact.estimate(synthetic(seed=7))
    assert e.n_treated > 250
    assert e.ci_low < math.log(1.03) < e.ci_high
    assert e.effect_pct == pytest.approx(0.03, abs=0.015)
    assert e.ci_low > 0  # and it is told apart from no effect
    # matched on the trend before support, the groups grew alike then
    assert e.balance["pre_trend_treated"] == pytest.approx(e.balance["pre_trend_controls"], abs=0.005)


def test_with_no_planted_effect_the_interval_covers_zero():
    e = impact.estimate(synthetic(seed=11, effect=0.0))
    assert e.ci_low < 0 < e.ci_high


def test_the_95_per_cent_interval_covers_the_planted_effect_in_about_95_of_100_panels():
    estimates = [impact.estimate(synthetic(seed=s, n=800, share=0.15)) for s in range(30)]
    covered = sum(e.ci_low < math.log(1.03) < e.ci_high for e in estimates)
    assert covered >= 25  # 95 % of 30 is 28.5; a binomial(30, 0.95) is below 25 with probability < 0.3 %
