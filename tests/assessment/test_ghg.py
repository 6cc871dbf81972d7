"""Energy and scope 1/2 estimate in the VSME shape, hand-computed."""

import pytest

from spets.assessment.ghg import estimate_emissions

ALL_ZERO = {
    q: 0
    for q in (
        "green.petrol_l",
        "green.heating_oil_l",
        "green.natural_gas_mwh",
        "green.lpg_mwh",
        "green.biofuel_mwh",
    )
}


def test_a_complete_estimate(profile):
    answers = {
        **ALL_ZERO,
        "green.diesel_l": 1000,
        "green.electricity_mwh": 200,
        "green.district_heat_mwh": 100,
        "green.district_heat_factor": 60,
    }
    e = estimate_emissions(profile, answers)
    assert e.complete and e.missing == ()
    assert e.scope1_t == pytest.approx(2.51)  # 1000 l x 2.51 kg/l
    assert e.scope2_t == pytest.approx(18 + 6)  # 200 MWh x 90 kg/MWh + 100 MWh x 60 kg/MWh
    assert e.energy_mwh == pytest.approx(9.8 + 200 + 100)
    assert (e.fossil_fuel_mwh, e.renewable_fuel_mwh, e.purchased_mwh) == (
        pytest.approx(9.8),
        0,
        pytest.approx(300),
    )


def test_unanswered_quantities_are_missing_not_zero(profile):
    e = estimate_emissions(profile, {"green.electricity_mwh": 200, "green.district_heat_mwh": 100})
    assert not e.complete
    assert e.scope1_t is None  # no fuel answered: unknown, not 0
    assert e.scope2_t == pytest.approx(18)  # heat has no factor yet
    assert "green.district_heat_factor" in e.missing and "green.diesel_l" in e.missing
    heat = next(line for line in e.lines if line.question == "green.district_heat_mwh")
    assert heat.status == "factor missing" and heat.energy_mwh == pytest.approx(100)


def test_every_factor_cites_a_source(profile):
    assert all(line.source for line in profile.extra["ghg"])


def test_the_dma_framework_has_no_factor_table(dma):
    with pytest.raises(ValueError, match="no ghg factor table"):
        estimate_emissions(dma, {})
