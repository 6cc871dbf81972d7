"""Location quotients (hand cases) and the matrix-free multi-regional model against dense solves."""

import numpy as np
import pytest

from spets.economy.io import IOTableError, LeontiefModel
from spets.economy.regional import (
    Households,
    MultiRegionalModel,
    cross_industry_location_quotients,
    flq,
    flq_lambda,
    gravity_commuting_estimate,
    own_region_shares,
    regional_model,
    simple_location_quotients,
)

# Region: employment (100, 50, 50), total 200; nation: (1000, 2000, 1000), total 4000.
REGION = np.array([100.0, 50.0, 50.0])
NATION = np.array([1000.0, 2000.0, 1000.0])


def test_slq_hand_case():
    # SLQ = (100/200)/(1000/4000) = 2; (50/200)/(2000/4000) = 0.5; (50/200)/(1000/4000) = 1
    assert np.allclose(simple_location_quotients(REGION, NATION), [2.0, 0.5, 1.0])


def test_cilq_hand_case():
    # CILQ_ij = SLQ_i / SLQ_j off the diagonal, SLQ_i on it: row 0 = (2, 2/0.5, 2/1) = (2, 4, 2)
    cilq = cross_industry_location_quotients(np.array([2.0, 0.5, 1.0]))
    assert np.allclose(cilq, [[2.0, 4.0, 2.0], [0.25, 0.5, 0.5], [0.5, 2.0, 1.0]])


def test_flq_hand_case():
    # λ* = [log2(1 + 200/4000)]^0.3 = 0.0703893^0.3 = exp(0.3 · ln 0.0703893) = exp(0.3 · -2.653714)
    #    = exp(-0.796114) = 0.451078
    assert flq_lambda(200, 4000, 0.3) == pytest.approx(0.451078, abs=1e-6)
    assert flq_lambda(200, 4000, 0.0) == 1.0
    m = flq(REGION, NATION, 0.3)
    # FLQ_01 = λ* · 4 = 1.804314; FLQ_10 = λ* · 0.25 = 0.112770
    assert m[0, 1] == pytest.approx(1.804314, abs=1e-5)
    assert m[1, 0] == pytest.approx(0.112770, abs=1e-6)
    q = own_region_shares(REGION, NATION, "flq", 0.3)
    assert q[0, 1] == 1.0 and q[1, 0] == pytest.approx(0.112770, abs=1e-6)
    with pytest.raises(ValueError, match="delta must be in"):
        flq_lambda(1, 2, 1.5)


def test_slq_regional_model_caps_rows():
    a = np.full((3, 3), 0.1)
    national = LeontiefModel(a, ("A", "B", "C"), name="toy")
    reg = regional_model(national, REGION, NATION, "Falun", method="slq")
    # SLQ ≥ 1 keeps the row, SLQ = 0.5 halves it
    assert np.allclose(reg.a, [[0.1] * 3, [0.05] * 3, [0.1] * 3])


def small_system(seed=1, regions=5, industries=4):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.0, 0.15, (industries, industries))
    lon = rng.uniform(12, 18, regions)
    lat = rng.uniform(59, 62, regions)
    emp = rng.uniform(10, 1000, (regions, industries))
    emp[0, 2] = 0.0  # an industry missing in one region
    return a, lon, lat, emp


def test_matrix_free_equals_dense_solve():
    a, lon, lat, emp = small_system()
    codes = [f"r{k}" for k in range(5)]
    inds = ["i0", "i1", "i2", "i3"]
    model = MultiRegionalModel(a, inds, codes, lon, lat, emp, name="toy MRIO")
    dense = model.dense_matrix()
    n_sec = dense.shape[0]
    # column sums of the multiregional A equal the national column sums (trade shares sum to 1)
    assert np.allclose(dense.sum(axis=0).reshape(5, 4), np.broadcast_to(a.sum(axis=0), (5, 4)))
    # transposed operator is the transpose
    v = np.random.default_rng(2).normal(size=n_sec)
    assert np.allclose(model.apply_transposed(v), dense.T @ v)
    f = np.random.default_rng(3).uniform(0, 10, (5, 4))
    x = model.output(f).values.ravel()
    assert np.allclose(x, np.linalg.solve(np.eye(n_sec) - dense, f.ravel()), rtol=1e-9, atol=1e-9)
    jobs = np.random.default_rng(4).uniform(0.5, 2, 4)
    mult = model.multipliers({"jobs": jobs})
    inv = np.linalg.inv(np.eye(n_sec) - dense)
    assert np.allclose(mult.simple["jobs"].ravel(), np.tile(jobs, 5) @ inv, rtol=1e-9)
    assert np.allclose(mult.simple["output"].ravel(), inv.sum(axis=0), rtol=1e-9)


def test_type_ii_matrix_free_equals_dense_with_commuting():
    a, lon, lat, emp = small_system(seed=7)
    codes = [f"r{k}" for k in range(5)]
    commuting = gravity_commuting_estimate(lon, lat, emp.sum(axis=1))
    assert np.allclose(commuting.sum(axis=0), 1.0)
    hh = Households(
        wage_row=np.full(4, 0.3), consumption=np.array([0.1, 0.2, 0.05, 0.15]), commuting=commuting
    )
    model = MultiRegionalModel(a, ["i0", "i1", "i2", "i3"], codes, lon, lat, emp, households=hh)
    dense = model.dense_matrix(closed=True)
    size = dense.shape[0]
    f = np.zeros((5, 4))
    f[2, 1] = 100.0
    x2 = model.output(f, households_endogenous=True).values.ravel()
    rhs = np.concatenate([f.ravel(), np.zeros(5)])
    assert np.allclose(x2, np.linalg.solve(np.eye(size) - dense, rhs)[:20], rtol=1e-9)
    x1 = model.output(f).values.ravel()
    assert np.all(x2 >= x1 - 1e-9) and x2.sum() > x1.sum()
    mult = model.multipliers({}, type_ii=True)
    inv = np.linalg.inv(np.eye(size) - dense)
    assert np.allclose(mult.type_ii_simple["output"].ravel(), inv[:20, :20].sum(axis=0), rtol=1e-9)


def test_single_region_reduces_to_national_model():
    a, lon, lat, emp = small_system(regions=1)
    emp[0, 2] = 5.0
    model = MultiRegionalModel(a, ["i0", "i1", "i2", "i3"], ["SE"], lon, lat, emp)
    # one region = the nation: λ* = log2(2)^δ = 1 and SLQ = 1, so q = 1
    f = np.array([[1.0, 2.0, 3.0, 4.0]])
    assert np.allclose(model.output(f).values[0], np.linalg.solve(np.eye(4) - a, f[0]))


def test_labelled_inputs_and_bad_labels():
    a, lon, lat, emp = small_system()
    codes = [f"r{k}" for k in range(5)]
    model = MultiRegionalModel(a, ["i0", "i1", "i2", "i3"], codes, lon, lat, emp, name="toy MRIO")
    x = model.output({("r1", "i2"): 10.0})
    assert x.at("r1", "i2") >= 10.0
    assert set(x.by_region()) == set(codes)
    with pytest.raises(IOTableError, match=r"table 'toy MRIO', row 'r9': unknown region.*valid: r0, r1"):
        model.output({("r9", "i2"): 1.0})
    with pytest.raises(IOTableError, match=r"mismatched labels: employment is \(5, 4\), expected \(4, 4\)"):
        MultiRegionalModel(a, ["i0", "i1", "i2", "i3"], codes[:4], lon[:4], lat[:4], emp, name="toy")
    with pytest.raises(IOTableError, match="Type II needs households"):
        model.output({("r1", "i2"): 1.0}, households_endogenous=True)
