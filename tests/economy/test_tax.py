"""Swedish tax rules against hand computations (income year 2025, PBB 58,800, skiktgräns 625,800)."""

from dataclasses import replace

import numpy as np
import pytest

from spets.economy.tax import (
    TaxParameterError,
    available_years,
    basic_deduction,
    employee_tax,
    rates_for,
    tax_year,
    vat_class_shares,
    vat_on_consumption,
)

Y2025 = tax_year(2025)


def test_parameters_from_the_issue():
    assert Y2025.employer_contributions_rate == 0.3142 and Y2025.corporate_tax_rate == 0.206
    assert Y2025.vat_rates == {"standard": 0.25, "reduced": 0.12, "low": 0.06}
    assert [tax_year(y).skiktgrans for y in (2021, 2022, 2023, 2024, 2025)] == [
        523200,
        540700,
        598500,
        598500,
        625800,
    ]
    assert [tax_year(y).price_base_amount for y in (2021, 2022, 2023, 2024)] == [47600, 48300, 52500, 57300]
    assert len(Y2025.municipalities) == 290 and len(Y2025.regions) == 21
    assert Y2025.local_rate("2082").total == pytest.approx(0.2231 + 0.1199)  # Säter, Region Dalarna
    assert Y2025.local_rate("2180").regional == pytest.approx(0.1151)  # Gävle, Region Gävleborg 11.51
    gotland = Y2025.local_rate("0980")  # municipality and region in one: the municipality levies it all
    assert (gotland.municipal, gotland.regional) == (pytest.approx(0.336), 0.0)
    assert Y2025.local_rate("2104").municipal == pytest.approx(0.2286)  # Hofors 22.86
    assert Y2025.local_rate("1780").regional == pytest.approx(0.1228)  # Karlstad, Region Värmland 12.28


def test_basic_deduction_brackets():
    pbb = 58_800
    # FFI 50,000 (0.85 PBB ≤ 0.99): 0.423·58,800 = 24,872.4 → rounded up 24,900
    # FFI 120,000 (2.04 PBB): 24,872.4 + 0.20·(120,000 − 58,212) = 37,230 → 37,300
    # FFI 170,000 (2.89 PBB, 2.72–3.11): 0.77·58,800 = 45,276 → 45,300
    # FFI 360,000 (6.12 PBB): 45,276 − 0.10·(360,000 − 182,868) = 27,562.8 → 27,600
    # FFI 900,000 (> 7.88 PBB): 0.293·58,800 = 17,228.4 → 17,300
    # FFI 10,000: deduction never exceeds the income → 10,000
    ga = basic_deduction(np.array([50_000, 120_000, 170_000, 360_000, 900_000, 10_000]), pbb)
    assert ga.tolist() == [24_900, 37_300, 45_300, 27_600, 17_300, 10_000]


def test_employee_in_borlange_at_30000_a_month():
    # W = 360,000; Borlänge 22.41 % + Region Dalarna 11.99 % = 34.40 %
    # GA 27,600 → T = 332,400; municipal 332,400·0.2241 = 74,490.84; regional 332,400·0.1199 = 39,854.76
    # state: T < 625,800 → 0
    # JSA: AI in 3.24–8.08 PBB → (1.813·58,800 + 0.251·(360,000 − 3.24·58,800) − 27,600)·0.344
    #      = (106,604.4 + 0.251·169,488 − 27,600)·0.344 = 121,545.888·0.344 = 41,811.79
    # employer contributions 0.3142·360,000 = 113,112
    rate = Y2025.local_rate("2081")
    t = employee_tax(Y2025, 360_000, rate.municipal, rate.regional)
    assert float(t.taxable_income) == 332_400
    assert float(t.municipal_tax) == pytest.approx(74_490.84, abs=0.01)
    assert float(t.regional_tax) == pytest.approx(39_854.76, abs=0.01)
    assert float(t.state_income_tax) == 0
    assert float(t.job_tax_credit) == pytest.approx(41_811.79, abs=0.01)
    assert float(t.employer_contributions) == pytest.approx(113_112)
    assert float(t.net_income_tax) == pytest.approx(72_533.81, abs=0.02)


def test_employee_in_falun_at_75000_a_month_pays_state_tax():
    # W = 900,000; Falun 22.06 % + 11.99 % = 34.05 %; GA 17,300 → T = 882,700
    # municipal 882,700·0.2206 = 194,723.62; regional 882,700·0.1199 = 105,835.73
    # state 0.20·(882,700 − 625,800) = 51,380
    # JSA: AI > 8.08 PBB → (3.027·58,800 − 17,300)·0.3405 = 160,687.6·0.3405 = 54,714.13
    rate = Y2025.local_rate("2080")
    t = employee_tax(Y2025, 900_000, rate.municipal, rate.regional)
    assert float(t.municipal_tax) == pytest.approx(194_723.62, abs=0.01)
    assert float(t.regional_tax) == pytest.approx(105_835.73, abs=0.01)
    assert float(t.state_income_tax) == pytest.approx(51_380)
    assert float(t.job_tax_credit) == pytest.approx(54_714.13, abs=0.01)


def test_low_wage_in_kil_pays_no_net_income_tax():
    # W = 50,000; Kil 22.35 % + 12.28 % = 34.63 %; GA 24,900 → T = 25,100
    # municipal 5,609.85 + regional 3,082.28 = 8,692.13; JSA (AI ≤ 0.91 PBB) = (50,000 − 24,900)·0.3463
    # = 8,692.13 → net income tax 0 (the municipality and region still receive theirs; the state pays JSA)
    rate = Y2025.local_rate("1715")
    t = employee_tax(Y2025, 50_000, rate.municipal, rate.regional)
    assert float(t.municipal_tax) == pytest.approx(5_609.85, abs=0.01)
    assert float(t.job_tax_credit) == pytest.approx(8_692.13, abs=0.01)
    assert float(t.net_income_tax) == pytest.approx(0, abs=0.01)


def test_vectorised_over_wages():
    t = employee_tax(Y2025, np.array([50_000, 360_000, 900_000]), 0.2241, 0.1199)
    assert t.municipal_tax.shape == (3,) and np.all(np.diff(t.net_income_tax) > 0)


def test_vat_on_consumption():
    # 100 SEK spent: 60 at 25 % → 60·0.25/1.25 = 12; 40 at 12 % → 40·0.12/1.12 = 4.2857
    assert vat_on_consumption(100, np.array([0.6, 0.4]), np.array([0.25, 0.12])) == pytest.approx(
        16.2857, abs=1e-4
    )
    assert vat_class_shares(np.array([0.5, 0.3, 0.2]), np.array([0.25, 0.0, 0.06])) == {
        "25 %": 0.5,
        "exempt": 0.3,
        "6 %": 0.2,
    }


def test_year_without_parameters_lists_available_years():
    with pytest.raises(
        TaxParameterError, match=r"income year 2019; available years: 2021, 2022, 2023, 2024, 2025"
    ):
        tax_year(2019)
    assert available_years() == [2021, 2022, 2023, 2024, 2025]


def test_parameters_a_year_lacks_come_from_the_nearest_year_with_a_notice_each(rates_not_bundled):
    assert tax_year(2023).borrowed == (("job_tax_credit", 2025),)  # the bundled files: only the formula
    rates_not_bundled(2021, 2022, 2023, 2024)  # as before 2021-2024 had rates
    y = tax_year(2023)
    assert (y.skiktgrans, y.price_base_amount) == (598_500, 52_500)  # the year's own values
    assert dict(y.borrowed) == {"job_tax_credit": 2025, "municipalities": 2025}
    assert y.national_average["total"] == 32.24  # the year's own average (SKR from SCB)
    assert y.job_tax_credit == tax_year(2025).job_tax_credit and y.rates_year == 2025
    assert any("rates of 2025 are used" in n for n in y.notices)
    assert any(
        n.startswith("job tax credit formula (jobbskatteavdrag) for 2023 is not bundled; the value of 2025")
        for n in y.notices
    )
    assert tax_year(2025).borrowed == () and tax_year(2025).notices == ()
    # the year's own PBB and skiktgräns are used with the borrowed formula
    t = employee_tax(y, 800_000, 0.22, 0.12)
    assert float(t.state_income_tax) == pytest.approx(0.2 * (float(t.taxable_income) - 598_500))


def test_a_year_without_any_job_tax_credit_formula_lists_years():
    y = replace(tax_year(2023), job_tax_credit=None)
    with pytest.raises(TaxParameterError, match=r"jobbskatteavdrag.*2023; available years: 2025"):
        employee_tax(y, 400_000, 0.22, 0.12)


def test_national_average_rates_are_bundled_for_every_year_with_their_source():
    totals = {y: tax_year(y).national_average["total"] for y in (2021, 2022, 2023, 2024, 2025)}
    assert totals == {2021: 32.27, 2022: 32.24, 2023: 32.24, 2024: 32.37, 2025: 32.41}
    assert all(tax_year(y).national_average.get("source") for y in (2021, 2022, 2023, 2024))


def test_every_countys_municipalities_share_one_regional_rate_and_every_rate_is_plausible():
    for code, m in Y2025.municipalities.items():
        assert code.startswith(m["county"]) and m["county"] in Y2025.regions
        assert 16 <= m["rate"] <= 24 or code == "0980", (code, m)  # Gotland: 33.60 with no region tax


def test_missing_municipal_rate_is_an_error_never_zero():
    without = replace(Y2025, municipalities={k: v for k, v in Y2025.municipalities.items() if k != "0180"})
    with pytest.raises(TaxParameterError, match=r"no municipal tax rate for kommun '0180'"):
        without.local_rate("0180")
    rates = rates_for(Y2025, ["2081", "REST"], aggregates={"REST": "rest of Sweden"})
    assert rates[1].total == pytest.approx(0.3241) and "average" in rates[1].municipality_name


YEARS = (2021, 2022, 2023, 2024, 2025)


def test_every_year_bundles_the_rates_of_all_290_municipalities_and_21_regions():
    for y in YEARS:
        t = tax_year(y)
        assert len(t.municipalities) == 290 and len(t.regions) == 21, y
        assert t.rates_year == y and "municipalities" not in dict(t.borrowed) and t.own_regions == ()
        for code, m in t.municipalities.items():
            assert code.startswith(m["county"]) and m["county"] in t.regions, (y, code)
            assert 16 <= m["rate"] <= 24 or code == "0980", (y, code, m)
        totals = [round(m["rate"] + t.regions[m["county"]]["rate"], 2) for m in t.municipalities.values()]
        assert 28.98 <= min(totals) and max(totals) <= 35.30, y  # Österåker … Degerfors
        gotland = t.local_rate("0980")  # municipality and region in one, 33.60 every year
        assert (gotland.municipal, gotland.regional) == (pytest.approx(0.336), 0.0)


def test_regional_rates_follow_the_changes_skr_and_scb_report_for_each_year():
    r = {y: {c: v["rate"] for c, v in tax_year(y).regions.items()} for y in YEARS}
    assert r[2021] == r[2022] == r[2023]  # SKR: no region changed its rate for 2022 or for 2023
    changed_2024 = {c for c in r[2024] if r[2024][c] != r[2023][c]}
    assert changed_2024 == {"01", "18", "20"}  # Stockholm, Örebro, Dalarna
    assert {c for c in r[2025] if r[2025][c] != r[2024][c]} == {"17", "20"}  # Värmland, Dalarna
    assert (r[2024]["17"], r[2024]["20"]) == (11.68, 11.64)  # Region Värmland and Region Dalarna (issue #12)
    assert (r[2023]["01"], r[2023]["18"], r[2023]["20"]) == (12.08, 11.55, 11.63)
    assert {r[y]["21"] for y in YEARS} == {11.51}  # Region Gävleborg


def test_municipal_rate_changes_per_year_are_as_many_as_skr_and_scb_count():
    m = {y: {c: v["rate"] for c, v in tax_year(y).municipalities.items()} for y in YEARS}
    changes = {y: [c for c in m[y] if m[y][c] != m[y - 1][c]] for y in YEARS[1:]}
    raised = {y: [c for c in changes[y] if m[y][c] > m[y - 1][c]] for y in YEARS[1:]}
    assert {y: (len(raised[y]), len(changes[y]) - len(raised[y])) for y in YEARS[1:]} == {
        2022: (5, 28),
        2023: (6, 7),
        2024: (13, 24),
        2025: (4, 13),
    }
    assert [m[y]["2082"] for y in YEARS] == [22.32, 22.32, 22.32, 22.32, 22.31]  # Säter
    assert [m[y]["0760"] for y in (2021, 2022)] == [22.00, 21.90]  # Uppvidinge, as it published its cut


def test_the_one_rate_not_read_for_its_own_year_says_so():
    """Munkfors is missing from the copy of Skatteverket's 2022 file: its line carries the rate it has in
    2021 and 2023 and says so; no other line carries a note."""
    noted = [(y, c) for y in YEARS for c, v in tax_year(y).municipalities.items() if "source" in v]
    assert noted == [(2022, "1762")]
    munkfors = [tax_year(y).municipalities["1762"]["rate"] for y in (2021, 2022, 2023)]
    assert munkfors == [22.02, 22.02, 22.02]
    assert "not in the 2022 source" in tax_year(2022).municipalities["1762"]["source"]
