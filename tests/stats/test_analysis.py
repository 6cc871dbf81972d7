"""Location quotients and shift-share against hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest

from spets.stats.analysis import Table, location_quotients, matrix, shift_share
from spets.stats.px import read_px


def _t(name, values):
    return Table(name, "Region", ["R1", "R2"], "SNI2007", ["X", "Y"], np.array(values, dtype=float))


def test_location_quotients_by_hand():
    lq = location_quotients(_t("employment", [[10, 30], [30, 30]]))
    assert lq.get("R1", "X") == pytest.approx(0.25 / 0.4)
    assert lq.get("R1", "Y") == pytest.approx(0.75 / 0.6)
    assert lq.get("R2", "X") == pytest.approx(1.25)
    assert lq.get("R2", "Y") == pytest.approx(0.5 / 0.6)
    assert lq.rows == ["R1", "R2"] and lq.cols == ["X", "Y"]


def test_location_quotients_against_given_national_figures():
    lq = location_quotients(_t("employment", [[10, 30], [30, 30]]), national=[500, 500])
    assert lq.get("R1", "X") == pytest.approx(0.25 / 0.5)


def test_an_empty_region_gets_nan_not_zero():
    lq = location_quotients(_t("employment", [[0, 0], [30, 30]]))
    assert np.isnan(lq.get("R1", "X"))


def test_shift_share_by_hand():
    ss = shift_share(
        _t("e0", [[100, 50], [10, 10]]),
        _t("e1", [[120, 45], [10, 12]]),
        national_start=[1000, 1000],
        national_end=[1100, 950],
    )
    assert ss.national_growth == pytest.approx(0.025)
    assert ss.national.get("R1", "X") == pytest.approx(2.5)
    assert ss.industry_mix.get("R1", "X") == pytest.approx(7.5)
    assert ss.regional.get("R1", "X") == pytest.approx(10.0)
    assert ss.industry_mix.get("R1", "Y") == pytest.approx(-3.75)
    assert ss.regional.get("R1", "Y") == pytest.approx(-2.5)
    total = ss.national.values + ss.industry_mix.values + ss.regional.values
    assert np.allclose(total, ss.change.values)
    assert ss.totals()["R1"]["change"] == pytest.approx(15.0)


def test_shift_share_from_zero_start_is_defined():
    ss = shift_share(_t("e0", [[0, 50], [10, 10]]), _t("e1", [[5, 50], [10, 10]]), [10, 60], [15, 60])
    assert ss.regional.get("R1", "X") == pytest.approx(5.0)


def test_matrix_from_a_cube_sums_other_dimensions(fixtures):
    c = read_px(fixtures / "dagbef_latin1.px")
    m = matrix(c, fixed={"Tid": "2018"})
    assert m.rows == ["2080", "2081"] and m.cols == ["A", "B+C", "00"]
    assert m.get("2080", "A") == 498 + 3120
