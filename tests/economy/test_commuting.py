"""SCB commuting counts → the model's commuting matrix, and tax rates per year (pure: no Django)."""

from __future__ import annotations

import numpy as np
import pytest

from spets.economy.commuting import CommutingCounts, choose_year, fill_with, observed_commuting
from spets.economy.tax import ImportedRates, rates_for, tax_year

# persons living in the row municipality and working in the column one (Falun, Borlänge)
COUNTS = CommutingCounts(
    residence=("0180", "2080", "2081", "9999X"),
    work=("2080", "2081"),
    counts=np.array([[30.0, 10.0], [800.0, 150.0], [170.0, np.nan], [5.0, 0.0]]),
    table="AM0210F/ArRegPend2",
    year=2023,
)


def test_shares_of_each_workplace_column_with_outside_residents_in_the_rest_of_sweden():
    obs = observed_commuting(COUNTS, ("2080", "2081", "2082", "REST"), rest_code="REST")
    c = obs.matrix
    # Falun: 800 live there, 170 in Borlänge, 30 in Stockholm (rest of Sweden); the code that is not a
    # Swedish municipality (5 persons) is left out and reported
    assert c[:, 0] == pytest.approx([800 / 1000, 170 / 1000, 0.0, 30 / 1000])
    assert c[:, 1] == pytest.approx([150 / 160, 0.0, 0.0, 10 / 160])  # '..' counted as 0, reported
    assert np.isnan(c[:, 2]).all() and np.isnan(c[:, 3]).all()  # not in the table / the aggregate
    assert obs.observed == ("2080", "2081") and obs.fallback == ("2082", "REST")
    assert obs.residents_left_out == 5 and obs.suppressed_cells == 1


def test_without_an_aggregate_region_outside_residents_are_left_out_and_the_column_renormalised():
    obs = observed_commuting(COUNTS, ("2080", "2081"))
    assert obs.matrix[:, 0] == pytest.approx([800 / 970, 170 / 970])
    assert obs.residents_left_out == 30 + 5 + 10


def test_unobserved_columns_are_filled_from_the_estimate_and_every_column_sums_to_one():
    obs = observed_commuting(COUNTS, ("2080", "2081", "2082", "REST"), rest_code="REST")
    estimate = np.full((4, 4), 0.25)
    c = fill_with(obs.matrix, estimate)
    assert c[:, 2] == pytest.approx([0.25] * 4) and c[:, 0] == pytest.approx(obs.matrix[:, 0])
    assert c.sum(axis=0) == pytest.approx(np.ones(4))


def test_year_is_the_latest_not_after_the_model_year_else_the_nearest():
    assert choose_year([2021, 2022, 2023], 2025) == 2023
    assert choose_year([2021, 2022, 2023], 2022) == 2022
    assert choose_year([2021, 2022, 2023], 2019) == 2021


# --- tax rates per year -------------------------------------------------------------------------------

FALUN_SATER = ImportedRates(
    "OE0101/Kommunalskatter2000",
    1,
    {2023: {"2080": (21.54, 11.94), "2082": (22.21, 11.94)}},
    {"2080": "Falun", "2082": "Säter"},
)


def test_a_year_without_bundled_rates_borrows_the_2025_rates_with_a_notice(rates_not_bundled):
    rates_not_bundled(2021, 2022, 2023, 2024)
    t = tax_year(2023)
    assert t.rates_year == 2025 and ("municipalities", 2025) in t.borrowed
    assert any("rates of 2025 are used" in n for n in t.notices)
    assert t.local_rate("2080").municipal == pytest.approx(tax_year(2025).local_rate("2080").municipal)


def test_imported_oe0101_rates_replace_the_borrowed_ones_and_the_notice_disappears(rates_not_bundled):
    rates_not_bundled(2021, 2022, 2023, 2024)
    t = tax_year(2023, FALUN_SATER, needed=["2080", "2082"])
    falun = t.local_rate("2080")
    assert (falun.municipal, falun.regional) == pytest.approx((0.2154, 0.1194))
    assert falun.municipal != pytest.approx(tax_year(2025).local_rate("2080").municipal)
    assert t.rates_year == 2023 and "municipalities" not in dict(t.borrowed)
    assert not any("tax rates" in n for n in t.notices)
    assert t.rates_source == "SCB OE0101/Kommunalskatter2000 v1 (2023)"
    assert "SCB OE0101/Kommunalskatter2000 v1 (2023)" in t.sources
    # the region's rate of 2023 also holds for the county's other municipalities (Borlänge)
    assert t.local_rate("2081").regional == pytest.approx(0.1194)


def test_imported_rates_for_some_needed_municipalities_keep_the_borrowing_and_say_so(rates_not_bundled):
    rates_not_bundled(2021, 2022, 2023, 2024)
    t = tax_year(2023, FALUN_SATER, needed=["2080", "2082", "1780"])
    assert ("municipalities", 2025) in t.borrowed and t.imported_rates == 2
    assert any(
        "SCB OE0101/Kommunalskatter2000 v1 for 2 municipalities; 1 others use the rates of 2025" in n
        for n in t.notices
    )
    assert t.local_rate("1780").municipal == pytest.approx(tax_year(2025).local_rate("1780").municipal)


def test_imported_rates_of_another_year_leave_the_bundled_rates():
    t = tax_year(2022, FALUN_SATER, needed=["2080"])
    assert t.imported_rates == 0 and t.rates_year == 2022 and "municipalities" not in dict(t.borrowed)
    falun = t.local_rate("2080")  # 2022's own: 33.70 in all, Region Dalarna 11.63
    assert (falun.municipal, falun.regional) == pytest.approx((0.2207, 0.1163))


def test_imported_rates_of_a_year_with_bundled_rates_replace_them_and_say_where_the_rest_come_from():
    t = tax_year(2023, FALUN_SATER, needed=["2080", "2082", "1780"])
    assert t.rates_year == 2023 and t.borrowed == (("job_tax_credit", 2025),) and t.imported_rates == 2
    assert t.local_rate("2080").municipal == pytest.approx(0.2154)  # SCB's
    assert t.local_rate("1780").municipal == pytest.approx(0.2127)  # Karlstad, the bundled 2023 rate
    assert any("2 municipalities; 1 others use the rates of 2023" in n for n in t.notices)


def test_a_year_bundling_some_regional_rates_only_borrows_the_others(rates_not_bundled):
    # 2024 as it was bundled before its municipal rates: the regional rates of Värmland and Dalarna only
    rates_not_bundled(2021, 2022, 2023)
    rates_not_bundled(2024, keep_regions=("17", "20"))
    t = tax_year(2024)
    assert t.own_regions == ("17", "20")
    assert t.regions["17"]["rate"] == 11.68 and t.regions["20"]["rate"] == 11.64
    assert t.regions["21"]["rate"] == tax_year(2025).regions["21"]["rate"]  # Gävleborg: still borrowed
    assert ("municipalities", 2025) in t.borrowed  # municipal rates of 2024 are not bundled
    karlstad, gavle = rates_for(t, ["1780", "2180"])
    assert karlstad.regional == pytest.approx(0.1168)
    assert gavle.regional == pytest.approx(tax_year(2025).local_rate("2180").regional)


def test_an_oe0101_px_file_gives_rates_per_year_and_a_missing_cell_is_never_zero():
    from pathlib import Path

    from spets.economy.imported import tax_rates
    from spets.stats.px import read_px

    cube = read_px(Path(__file__).parents[1] / "stats" / "fixtures" / "skatt_keys_utf8.px")
    rates = tax_rates(cube, version=3)
    assert rates.label == "SCB OE0101/Kommunalskatter2000 v3"
    assert rates.rates[2023]["1780"] == (21.30, 11.78) and rates.names["1780"] == "Karlstad"
    # Falun has no regional rate in the file, Gävle no municipal rate, Falun's 2024 rate is '..': left out,
    # so the bundled rates stay for them
    assert "2080" not in rates.rates[2023] and "2180" not in rates.rates[2023]
    assert set(rates.rates[2024]) == {"1780"}
