"""Cohort proposals: size 6–15, at least two counties, deterministic (property tests), too few says so."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spets.matching.cohorting import MAX_SIZE, MIN_SIZE, cut, propose

rows = st.lists(
    st.tuples(
        st.sampled_from([17, 20, 21]),  # county
        st.integers(0, 1),  # industry group
        st.lists(st.floats(0, 60, allow_nan=False), min_size=2, max_size=2),  # gaps
    ),
    min_size=0,
    max_size=160,
)


def _arrays(data):
    ids = list(range(1, len(data) + 1))
    return ids, [r[0] for r in data], [r[1] for r in data], [r[2] for r in data] or [[]]


@settings(max_examples=60, deadline=None)
@given(rows, st.integers(MIN_SIZE, MAX_SIZE))
def test_every_proposed_cohort_has_6_to_15_companies_from_two_counties(data, target):
    ids, counties, industries, gaps = _arrays(data)
    result = propose(ids, counties, industries, gaps, target=target)
    county_of = dict(zip(ids, counties, strict=True))
    industry_of = dict(zip(ids, industries, strict=True))
    seen = set()
    for cohort in result.cohorts:
        assert MIN_SIZE <= len(cohort.company_ids) <= MAX_SIZE
        assert len({county_of[i] for i in cohort.company_ids}) >= 2
        assert len(cohort.counties) >= 2
        assert {industry_of[i] for i in cohort.company_ids} == {cohort.industry}  # compatible industries
        assert not seen & set(cohort.company_ids)  # a company in one proposal only
        seen |= set(cohort.company_ids)
    assert len(seen) + result.left_out_small + result.left_out_county + result.left_out_no_gap == len(ids)


@settings(max_examples=40, deadline=None)
@given(rows, st.randoms(use_true_random=False))
def test_the_same_companies_in_any_order_give_the_same_proposals(data, rnd):
    ids, counties, industries, gaps = _arrays(data)
    order = list(range(len(ids)))
    rnd.shuffle(order)
    again = propose(
        [ids[i] for i in order],
        [counties[i] for i in order],
        [industries[i] for i in order],
        [gaps[i] for i in order] if ids else [[]],
    )
    assert propose(ids, counties, industries, gaps) == again


@given(st.integers(MIN_SIZE, 5000), st.integers(MIN_SIZE, MAX_SIZE))
def test_a_bucket_is_cut_into_parts_of_6_to_15_covering_it(n, target):
    parts = cut(n, target)
    assert parts[0][0] == 0 and parts[-1][1] == n
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))
    assert all(MIN_SIZE <= end - start <= MAX_SIZE for start, end in parts)


def test_eleven_companies_make_one_cohort_not_six_and_five():
    result = propose(range(1, 12), [17, 20] * 5 + [21], [0] * 11, [[10.0]] * 11, target=10)
    assert [len(c.company_ids) for c in result.cohorts] == [11]


def test_companies_with_the_same_largest_gap_are_grouped_together():
    gaps = [[50, 0, 0]] * 6 + [[0, 50, 0]] * 6
    result = propose(range(1, 13), [17, 20] * 6, [0] * 12, gaps)
    assert [c.company_ids for c in result.cohorts] == [(1, 2, 3, 4, 5, 6), (7, 8, 9, 10, 11, 12)]
    assert [c.challenge for c in result.cohorts] == [0, 1]


def test_one_county_only_or_too_few_companies_proposes_nothing_and_says_why():
    one_county = propose(range(1, 9), [20] * 8, [0] * 8, [[10.0]] * 8)
    assert one_county.too_few and one_county.left_out_county == 8
    few = propose(range(1, 6), [17, 20, 21, 17, 20], [0] * 5, [[10.0]] * 5)
    assert few.too_few and few.left_out_small == 5


def test_a_single_county_cohort_gets_a_second_county_by_a_swap():
    # 20 companies sorted into two cohorts of 10: the first all from county 20 before the swap
    gaps = [[60.0 - i] for i in range(20)]
    counties = [20] * 10 + [17] * 10
    result = propose(range(1, 21), counties, [0] * 20, gaps)
    assert len(result.cohorts) == 2
    assert all(len(c.counties) == 2 for c in result.cohorts)


def test_companies_without_any_gap_are_left_out():
    result = propose(range(1, 9), [17, 20] * 4, [0] * 8, [[0.0, 0.0]] * 8)
    assert result.too_few and result.left_out_no_gap == 8


def test_a_target_outside_6_to_15_is_refused():
    with pytest.raises(ValueError, match="6–15"):
        propose([1], [20], [0], np.zeros((1, 1)), target=20)
