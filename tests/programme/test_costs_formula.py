"""The cost rules by hand (pure module, no database): the 1,720-hour formula, flat-rate indirect costs,
in-kind co-financing and the budget share."""

from __future__ import annotations

from decimal import Decimal

from spets.programme import costs


def test_a_monthly_salary_of_43000_gives_300_kronor_an_hour():
    # 43,000 × 12 = 516,000 a year; / 1,720 = 300.00
    assert costs.hourly_rate(Decimal(43_000)) == Decimal("300.00")


def test_the_hourly_rate_is_rounded_to_ore_half_up():
    # 45,000 × 12 / 1,720 = 313.953488… → 313.95; 40,000 × 12 / 1,720 = 279.069767… → 279.07
    assert costs.hourly_rate(Decimal(45_000)) == Decimal("313.95")
    assert costs.hourly_rate(Decimal(40_000)) == Decimal("279.07")


def test_staff_cost_is_computed_exactly_and_rounded_once():
    # 10.5 h × 45,000 × 12 / 1,720 = 5,670,000 / 1,720 = 3,296.5116… → 3,296.51
    # (10.5 × the rounded rate 313.95 would give 3,296.475 → 3,296.48: rounding once is the rule here)
    assert costs.staff_cost(Decimal("10.5"), Decimal(45_000)) == Decimal("3296.51")
    assert costs.staff_cost(Decimal(7), Decimal(43_000)) == Decimal("2100.00")


def test_a_missing_salary_gives_a_missing_cost_not_zero():
    assert costs.staff_cost(Decimal(7), None) is None
    assert costs.indirect_costs(None, Decimal(15)) is None


def test_flat_rate_indirect_costs_are_the_project_rate_of_staff_costs():
    assert costs.indirect_costs(Decimal(100_000), Decimal(15)) == Decimal("15000.00")
    assert costs.indirect_costs(Decimal("2100.00"), Decimal("7.5")) == Decimal("157.50")


def test_companies_own_time_is_valued_at_the_standard_rate():
    assert costs.inkind_value(Decimal(12), Decimal(350)) == Decimal("4200.00")
    assert costs.inkind_value(Decimal("2.5"), Decimal("512.40")) == Decimal("1281.00")


def test_the_budget_share_is_missing_without_a_budget_or_an_outcome():
    assert costs.budget_share(Decimal(250), Decimal(1000)) == 0.25
    assert costs.budget_share(Decimal(250), Decimal(0)) is None
    assert costs.budget_share(None, Decimal(1000)) is None
    assert costs.budget_share(Decimal(250), None) is None


def test_more_than_1720_hours_in_a_year_is_flagged():
    assert not costs.over_annual_hours(Decimal(1720))
    assert costs.over_annual_hours(Decimal("1720.5"))
