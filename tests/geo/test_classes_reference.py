"""The numpy natural breaks (spets.geo.classes) choose exactly the classes of the earlier pure-Python
dynamic programme, kept here as the reference, on random data of every shape the maps see."""

import random
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from spets.geo import classes as module
from spets.geo.classes import map_classes


def reference_breaks(distinct: list[float], weights: list[int], classes: int) -> list[tuple[int, int]]:
    """Fisher's dynamic programme as written before the numpy version: a triple loop over plain floats."""
    n = len(distinct)
    classes = max(1, min(classes, n))
    w_sum, x_sum, xx_sum = [0.0] * (n + 1), [0.0] * (n + 1), [0.0] * (n + 1)
    for i, (x, w) in enumerate(zip(distinct, weights, strict=True)):
        w_sum[i + 1] = w_sum[i] + w
        x_sum[i + 1] = x_sum[i] + w * x
        xx_sum[i + 1] = xx_sum[i] + w * x * x

    def sse(i: int, j: int) -> float:
        s = x_sum[j] - x_sum[i]
        return max(0.0, xx_sum[j] - xx_sum[i] - s * s / (w_sum[j] - w_sum[i]))

    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(classes + 1)]
    cut = [[0] * (n + 1) for _ in range(classes + 1)]
    cost[0][0] = 0.0
    for c in range(1, classes + 1):
        for j in range(c, n + 1):
            best, where = inf, c - 1
            for i in range(c - 1, j):
                if cost[c - 1][i] + sse(i, j) < best:
                    best, where = cost[c - 1][i] + sse(i, j), i
            cost[c][j], cut[c][j] = best, where
    ranges, j = [], n
    for c in range(classes, 0, -1):
        ranges.append((cut[c][j], j))
        j = cut[c][j]
    return ranges[::-1]


def random_side(rng: random.Random, n: int) -> tuple[list[float], list[int]]:
    shape = rng.choice(["integers", "uniform", "skewed", "outlier"])
    if shape == "integers":
        raw = [float(rng.randint(0, 40)) for _ in range(n)]
    elif shape == "uniform":
        raw = [rng.uniform(0, 1000) for _ in range(n)]
    elif shape == "skewed":
        raw = [round(rng.lognormvariate(0, 2), 1) for _ in range(n)]
    else:  # changes of 0–2 jobs and one large employer
        raw = [round(rng.uniform(0, 2), 1) for _ in range(n - 1)] + [336.0]
    distinct = sorted(set(raw))
    return distinct, [raw.count(x) for x in distinct]


def test_the_numpy_breaks_match_the_pure_python_reference_on_random_data():
    rng = random.Random(12)
    for _ in range(400):
        distinct, weights = random_side(rng, rng.randint(1, 120))
        k = rng.randint(1, 8)
        assert module._natural_breaks(distinct, weights, k) == reference_breaks(distinct, weights, k)


def test_290_municipalities_give_the_same_breaks_as_the_reference():
    rng = random.Random(290)
    for _ in range(3):
        distinct, weights = random_side(rng, 290)
        assert module._natural_breaks(distinct, weights, 5) == reference_breaks(distinct, weights, 5)


def test_many_distinct_values_are_costed_in_blocks_with_the_same_result(monkeypatch):
    monkeypatch.setattr(module, "_CELLS", 64)  # a few end columns per step instead of all
    rng = random.Random(64)
    for _ in range(100):
        distinct, weights = random_side(rng, rng.randint(1, 90))
        k = rng.randint(1, 6)
        assert module._natural_breaks(distinct, weights, k) == reference_breaks(distinct, weights, k)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=50),
    st.integers(1, 7),
)
def test_map_classes_from_either_implementation_agree(data, k):
    numpy_classes = map_classes(data, k)
    with patch.object(module, "_natural_breaks", reference_breaks):
        assert map_classes(data, k) == numpy_classes
