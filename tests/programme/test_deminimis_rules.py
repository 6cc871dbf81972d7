"""The de minimis rules as pure functions, against hand-computed cases: ceilings and windows across the 2024
rule change, the headroom (including later aid whose window reaches back), conversion, the value of support
and the single undertaking."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spets.programme import deminimis as rules

D = datetime.date


def grant(day: str, eur: int | str) -> rules.Grant:
    return rules.Grant(D.fromisoformat(day), Decimal(eur))


def test_the_rule_in_force_changes_on_1_january_2024():
    assert rules.rule_for(D(2023, 12, 31)).regulation == "1407/2013"
    assert rules.rule_for(D(2023, 12, 31)).ceiling_eur == 200_000
    assert rules.rule_for(D(2024, 1, 1)).regulation == "2023/2831"
    assert rules.rule_for(D(2024, 1, 1)).ceiling_eur == 300_000


def test_the_2023_rule_counts_any_three_years_ending_on_the_grant_date():
    assert rules.window(D(2026, 5, 10)) == (D(2023, 5, 11), D(2026, 5, 10))
    # Three years before a leap day is 28 February: the window starts the day after.
    assert rules.window(D(2024, 2, 29)) == (D(2021, 3, 1), D(2024, 2, 29))


def test_the_2013_rule_counts_the_current_and_two_previous_fiscal_years():
    assert rules.window(D(2023, 6, 15)) == (D(2021, 1, 1), D(2023, 6, 15))
    # A fiscal year starting in July: 15 June 2023 is in the year 2022/23, so the window starts July 2020.
    assert rules.window(D(2023, 6, 15), rules.RULES["1407/2013"], fiscal_year_start_month=7) == (
        D(2020, 7, 1),
        D(2023, 6, 15),
    )


def test_each_grant_is_judged_under_its_own_rule_across_the_2024_change():
    earlier = [grant("2021-03-01", 150_000), grant("2023-06-01", 40_000)]
    # On 31 December 2023 (Regulation 1407/2013): 2021–2023 counts, 190 000 of 200 000 used.
    old = rules.headroom(earlier, D(2023, 12, 31))
    assert (old.rule.regulation, old.used_eur, old.headroom_eur) == ("1407/2013", 190_000, 10_000)
    # One day later (Regulation 2023/2831): the same aid counts (it is inside three years), ceiling 300 000.
    new = rules.headroom(earlier, D(2024, 1, 1))
    assert (new.rule.regulation, new.used_eur, new.headroom_eur) == ("2023/2831", 190_000, 110_000)
    # The aid of 1 March 2021 counts until 29 February 2024 and has left the rolling window on 1 March.
    assert rules.headroom(earlier, D(2024, 2, 29)).used_eur == 190_000
    assert rules.headroom(earlier, D(2024, 3, 1)).used_eur == 40_000


def test_aid_granted_before_2024_keeps_its_200_000_ceiling():
    earlier = [grant("2022-02-01", 195_000)]
    assert rules.assess(earlier, D(2023, 11, 15), Decimal(6_000)).exceeds
    assert not rules.assess(earlier, D(2024, 1, 15), Decimal(6_000)).exceeds


def test_back_dated_aid_must_also_fit_the_windows_of_later_aid():
    existing = [grant("2024-01-10", 150_000), grant("2026-06-01", 100_000)]
    h = rules.headroom(existing, D(2024, 6, 1))
    # Its own window holds 150 000 (headroom 150 000); the window of 1 June 2026 holds 250 000.
    assert h.headroom_eur == 50_000
    assert h.binding_on == D(2026, 6, 1)
    assert (h.window_start, h.window_end) == (D(2023, 6, 2), D(2026, 6, 1))


def test_aid_up_to_the_ceiling_is_allowed_and_one_cent_more_is_not():
    existing = [grant("2025-01-01", "299000.00")]
    assert not rules.assess(existing, D(2025, 6, 1), Decimal("1000.00")).exceeds
    assert rules.assess(existing, D(2025, 6, 1), Decimal("1000.01")).exceeds


def test_sek_are_converted_at_the_rate_of_the_month_rounded_to_the_cent():
    # 10 000 / 11.2345 = 890.1152… → 890.12
    assert rules.sek_to_eur(Decimal(10_000), Decimal("11.2345")) == Decimal("890.12")
    assert rules.eur_to_sek(Decimal("890.12"), Decimal("11.2345")) == Decimal("10000.05")
    assert rules.rate_for({"2025-02": Decimal("11.47")}, D(2025, 2, 28)) == Decimal("11.47")


def test_a_missing_rate_names_the_month():
    with pytest.raises(rules.MissingRate) as exc:
        rules.rate_for({"2025-02": Decimal("11.47")}, D(2019, 12, 5))
    assert exc.value.month == "2019-12"
    assert "2019-12" in str(exc.value)


def test_the_value_is_the_share_of_the_hours_times_the_offers_market_rate():
    # 12 000 SEK for a typical 10 hours = 1 200 SEK/h; 6 hours over 3 companies = 2 h each → 2 400 SEK.
    v = rules.support_value(
        Decimal(6),
        3,
        offer_value_sek=Decimal(12_000),
        offer_typical_hours=Decimal(10),
        default_rate_sek=Decimal(1_000),
    )
    assert (v.method, v.hours, v.hourly_rate_sek, v.value_sek) == ("offer_rate", 2, 1_200, Decimal("2400.00"))


def test_an_offer_without_typical_hours_gives_its_stated_amount():
    v = rules.support_value(
        Decimal(3), 2, offer_value_sek=Decimal(5_000), offer_typical_hours=None, default_rate_sek=Decimal(1)
    )
    assert (v.method, v.value_sek, v.hours) == ("stated_amount", Decimal("5000.00"), None)


def test_without_an_offer_value_the_programmes_standard_rate_applies():
    v = rules.support_value(
        Decimal(7), 3, offer_value_sek=None, offer_typical_hours=Decimal(5), default_rate_sek=Decimal(1_000)
    )
    # 7 h / 3 companies × 1 000 SEK/h = 2 333.333… → 2 333.33 SEK each.
    assert (v.method, v.value_sek) == ("default_rate", Decimal("2333.33"))


def test_the_single_undertaking_is_the_top_parent_and_everything_below_it():
    parents = {2: 1, 3: 1, 4: 3, 6: 5}  # 1 ← 2, 1 ← 3 ← 4; 5 ← 6 is another group

    def children(level):
        return [c for c, p in parents.items() if p in level]

    assert rules.group_members(4, parents.get, children) == {1, 2, 3, 4}
    assert rules.group_members(2, parents.get, children) == {1, 2, 3, 4}
    assert rules.group_members(6, parents.get, children) == {5, 6}
    assert rules.group_members(7, parents.get, children) == {7}


def test_a_loop_in_the_parent_links_does_not_hang_the_walk():
    parents = {1: 2, 2: 3, 3: 1}

    def children(level):
        return [c for c, p in parents.items() if p in level]

    assert rules.group_members(1, parents.get, children) == {1, 2, 3}


def test_aid_records_are_kept_ten_years_from_the_grant():
    assert rules.retained_until(D(2025, 3, 1)) == D(2035, 3, 1)
    assert rules.retained_until(D(2024, 2, 29)) == D(2034, 2, 28)


def naive_headroom(grants, on):
    """The definition, computed the slow way: every candidate window, every grant."""
    values = []
    for day in [on] + sorted({g.granted_on for g in grants if g.granted_on > on}):
        start, end = rules.window(day)
        if start <= on:
            used = sum((g.amount_eur for g in grants if start <= g.granted_on <= end), Decimal(0))
            values.append(rules.rule_for(day).ceiling_eur - used)
    return min(values)


@given(
    st.lists(st.tuples(st.dates(D(2020, 1, 1), D(2028, 12, 31)), st.integers(1, 120_000)), max_size=40),
    st.dates(D(2021, 1, 1), D(2028, 12, 31)),
)
@settings(max_examples=200, deadline=None)
def test_the_fast_headroom_equals_the_definition(pairs, on):
    grants = [rules.Grant(day, Decimal(amount)) for day, amount in pairs]
    assert rules.headroom(grants, on).headroom_eur == naive_headroom(grants, on)
