"""Cost rules of the ERDF project: staff cost per hour, flat-rate indirect costs, in-kind co-financing.
Pure Python (Decimal, no Django): amounts in SEK, rounded to öre (2 decimals, half up) at the end.

Sources: Regulation (EU) 2021/1060 (Common Provisions Regulation) Article 55(2): an hourly rate for staff
costs may be calculated by dividing the latest documented annual gross employment costs by 1,720 hours
for a person working full time; Article 54(a): flat-rate indirect costs of up to 7 % of eligible direct
costs, (b) up to 15 % of eligible direct staff costs; Regulation (EU) 1303/2013 Article 68(1)(b) and
68a(2) (2014–2020) the same 15 % and 1,720 hours. The project's rate is set per project
(`Project.indirect_rate_percent`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HOURS_PER_YEAR = Decimal(1720)  # full-time hours per year behind the hourly rate (CPR Art. 55(2))
MONTHS_PER_YEAR = Decimal(12)
ORE = Decimal("0.01")


def to_ore(amount: Decimal) -> Decimal:
    """Round an amount in SEK to öre, half up (how invoices and the funder's forms round)."""
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def hourly_rate(monthly_salary_sek: Decimal) -> Decimal:
    """Staff cost per hour = monthly salary × 12 / 1,720, rounded to öre (for display).

    43,000 SEK a month → 43,000 × 12 / 1,720 = 300.00 SEK per hour.
    """
    return to_ore(Decimal(monthly_salary_sek) * MONTHS_PER_YEAR / HOURS_PER_YEAR)


def staff_cost(hours: Decimal, monthly_salary_sek: Decimal | None) -> Decimal | None:
    """hours × monthly salary × 12 / 1,720, computed exactly and rounded to öre once, at the end.
    None when the salary is unknown (missing is not zero).

    10.5 h at 45,000 SEK a month → 10.5 × 45,000 × 12 / 1,720 = 3,296.511… → 3,296.51 SEK.
    """
    if monthly_salary_sek is None:
        return None
    return to_ore(Decimal(hours) * Decimal(monthly_salary_sek) * MONTHS_PER_YEAR / HOURS_PER_YEAR)


def indirect_costs(staff_costs_sek: Decimal | None, rate_percent: Decimal) -> Decimal | None:
    """Flat-rate indirect costs = rate % × eligible direct staff costs (CPR Art. 54(b): up to 15 %).

    100,000 SEK of staff costs at 15 % → 15,000.00 SEK.
    """
    if staff_costs_sek is None:
        return None
    return to_ore(Decimal(staff_costs_sek) * Decimal(rate_percent) / Decimal(100))


def inkind_value(company_hours: Decimal, rate_sek: Decimal) -> Decimal:
    """Companies' own time as in-kind co-financing = hours × the project's standard rate per hour.

    12 h at 350 SEK an hour → 4,200.00 SEK.
    """
    return to_ore(Decimal(company_hours) * Decimal(rate_sek))


def budget_share(outcome_sek: Decimal | None, budget_sek: Decimal | None) -> float | None:
    """Outcome as a share of the budget (0.25 = a quarter used); None when either is unknown or the
    budget is zero (a share of nothing is not defined)."""
    if outcome_sek is None or budget_sek is None or Decimal(budget_sek) == 0:
        return None
    return float(Decimal(outcome_sek) / Decimal(budget_sek))


def over_annual_hours(hours_in_year: Decimal) -> bool:
    """True when a person's declared hours in a calendar year exceed the 1,720 hours behind the hourly
    rate (CPR Art. 55(2): the hours declared per person and year may not exceed them)."""
    return Decimal(hours_in_year) > HOURS_PER_YEAR
