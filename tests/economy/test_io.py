"""Leontief core against Miller & Blair (2009), pymrio, and properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spets.economy.io import HouseholdClosure, IOTable, IOTableError, LeontiefModel, technical_coefficients

# Miller & Blair, Input-Output Analysis, 2nd ed., §2.3: two sectors, Z, x and the Leontief inverse.
MB_Z = np.array([[150.0, 500.0], [200.0, 100.0]])
MB_X = np.array([1000.0, 2000.0])
MB_F = np.array([350.0, 1700.0])
SECTORS = ("agriculture", "manufacturing")


def mb_model() -> LeontiefModel:
    return LeontiefModel(technical_coefficients(MB_Z, MB_X, SECTORS), SECTORS, name="Miller-Blair 2.3")


def test_miller_blair_two_sector_coefficients_and_inverse():
    model = mb_model()
    assert np.allclose(model.a, [[0.15, 0.25], [0.20, 0.05]])
    # Published L (rounded to 4 decimals): [[1.2541, 0.3300], [0.2640, 1.1221]]
    assert np.allclose(model.leontief_inverse().values, [[1.2541, 0.3300], [0.2640, 1.1221]], atol=5e-5)


def test_miller_blair_new_final_demand_gives_published_output():
    # M&B §2.3: f_new = (600, 1500) -> x = (1247.52, 1841.58)
    x = mb_model().output({"agriculture": 600, "manufacturing": 1500})
    assert x["agriculture"] == pytest.approx(1247.52, abs=0.01)
    assert x["manufacturing"] == pytest.approx(1841.58, abs=0.01)
    # the original final demand reproduces the original output
    assert np.allclose(mb_model().output(MB_F).values, MB_X)


def test_miller_blair_type_ii_households_closed():
    # M&B §2.5 / §6.2: labour input coefficients (0.3, 0.25), household consumption (0.05, 0.40),
    # household-to-household 0.05. Published L̄ (4 decimals):
    #   [[1.3651, 0.4253, 0.2509], [0.5273, 1.3481, 0.5954], [0.5698, 0.4890, 1.2885]]
    # Output multipliers: simple (column sums of L) 1.5181, 1.4521 (ch. 6 §6.2.1);
    # Type II truncated (column sums of L̄ over the two industries) 1.8924, 1.7734.
    # Income multipliers: simple 0.4422, 0.3795; Type II (household row of L̄) 0.5698, 0.4890;
    # Type I income ratio 0.4422/0.3 = 1.4741, 0.3795/0.25 = 1.5181; Type II 1.8993, 1.9561.
    model = mb_model()
    closure = HouseholdClosure(np.array([0.3, 0.25]), np.array([0.05, 0.40]), household_own=0.05)
    closed = closure.close(model)
    assert np.allclose(
        closed.leontief_inverse().values,
        [[1.3651, 0.4253, 0.2509], [0.5273, 1.3481, 0.5954], [0.5698, 0.4890, 1.2885]],
        atol=1e-4,
    )
    m = model.multipliers({}, households=closure)
    assert np.allclose(m.simple["output"], [1.5181, 1.4521], atol=1e-4)
    assert np.allclose(m.type_ii_simple["output"], [1.8924, 1.7734], atol=1e-4)
    assert np.allclose(m.simple["household_income"], [0.4422, 0.3795], atol=1e-4)
    assert np.allclose(m.type_ii_simple["household_income"], [0.5698, 0.4890], atol=1e-4)
    assert np.allclose(m.type_i["household_income"], [1.4741, 1.5181], atol=1e-3)
    assert np.allclose(m.type_ii["household_income"], [1.8993, 1.9561], atol=1e-3)
    assert m.table("household_income")["agriculture"]["type_ii"] == pytest.approx(1.8993, abs=1e-3)


def test_multipliers_equal_rows_of_explicit_inverse():
    rng = np.random.default_rng(3)
    a = rng.uniform(0, 0.08, (12, 12))
    labels = tuple(f"s{i}" for i in range(12))
    model = LeontiefModel(a, labels)
    e = rng.uniform(0.5, 3, 12)
    m = model.multipliers({"employment": e})
    inv = np.linalg.inv(np.eye(12) - a)
    assert np.allclose(m.simple["employment"], e @ inv, rtol=1e-12)
    assert np.allclose(m.simple["output"], inv.sum(axis=0), rtol=1e-12)


def test_against_pymrio_test_system():
    pymrio = pytest.importorskip("pymrio")
    io = pymrio.load_test()
    io.calc_all()
    z = io.Z.to_numpy()
    x = io.x.to_numpy().ravel()
    labels = tuple(f"{r}/{s}" for r, s in io.Z.index)
    model = LeontiefModel(technical_coefficients(z, x, labels), labels, name="pymrio test system")
    assert np.allclose(model.a, io.A.to_numpy(), atol=1e-12)
    f = io.Y.to_numpy().sum(axis=1)
    assert np.allclose(model.output(f).values, x, rtol=1e-9)
    ext = io.factor_inputs
    s = ext.S.to_numpy()
    mult = model.multipliers({name: s[k] for k, name in enumerate(ext.S.index)})
    for k, name in enumerate(ext.S.index):
        assert np.allclose(mult.simple[name], ext.M.to_numpy()[k], rtol=1e-9, atol=1e-12)
    assert np.allclose(model.leontief_inverse().values, io.L.to_numpy(), rtol=1e-9, atol=1e-12)


@st.composite
def productive_systems(draw):
    n = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 10_000))
    rng = np.random.default_rng(seed)
    a = rng.uniform(0, 0.9 / n, (n, n))
    return a


@settings(max_examples=40, deadline=None)
@given(productive_systems(), st.integers(0, 10_000))
def test_zero_demand_gives_zero_effect_and_effects_are_linear(a, seed):
    n = a.shape[0]
    labels = tuple(f"i{k}" for k in range(n))
    model = LeontiefModel(a, labels)
    assert np.all(model.output(np.zeros(n)).values == 0)
    rng = np.random.default_rng(seed)
    f1, f2 = rng.uniform(0, 100, n), rng.uniform(0, 100, n)
    alpha = rng.uniform(-3, 3)
    lhs = model.output(alpha * f1 + f2).values
    rhs = alpha * model.output(f1).values + model.output(f2).values
    assert np.allclose(lhs, rhs, rtol=1e-9, atol=1e-9)
    assert np.all(model.output(f1).values >= f1 - 1e-9)  # output never below final demand


def test_not_productive_names_table_row_and_reason():
    a = np.array([[0.5, 0.6], [0.7, 0.5]])
    with pytest.raises(IOTableError, match=r"table 'bad', row '(x|y)'.*not productive.*spectral radius"):
        LeontiefModel(a, ("x", "y"), name="bad")


def test_negative_flow_names_table_row_and_reason():
    z = MB_Z.copy()
    z[1, 0] = -5
    with pytest.raises(IOTableError, match=r"table 'SE 2022', row 'manufacturing'.*negative flow"):
        IOTable("SE 2022", SECTORS, z, MB_X, MB_F)


def test_mismatched_labels_are_rejected():
    with pytest.raises(
        IOTableError, match=r"table 'SE 2022'.*mismatched labels: 3 industries labels for 2 rows"
    ):
        technical_coefficients(MB_Z, MB_X, ("a", "b", "c"), table="SE 2022")
    with pytest.raises(IOTableError, match=r"row 'a'.*label repeated"):
        LeontiefModel(np.zeros((2, 2)), ("a", "a"), name="dup")
    with pytest.raises(IOTableError, match=r"row 'forestry'.*unknown industry"):
        mb_model().output({"forestry": 1.0})


def test_unbalanced_table_names_row():
    table = IOTable("SE 2022", SECTORS, MB_Z, MB_X, MB_F + np.array([0, 50.0]))
    with pytest.raises(IOTableError, match=r"row 'manufacturing'.*not balanced"):
        table.check_balance()
