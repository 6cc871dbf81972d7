"""Map classes drawn from the data: natural breaks that never split equal values. Pure (numpy, no Django).

A choropleth's legend must not mislead. The classes here keep three promises:

1. Equal values share a class (the county medians 33, 35, 35 are two classes, never three).
2. Each class is labelled with the smallest and largest value it holds, so a value is never drawn in a
   class whose label does not contain it (no "0–1" class holding 0.4 next to a "1–336" class holding 1.2).
3. When the values change sign the scale diverges: negative and positive values never share a class,
   zero gets a class of its own, and each side is classed on its own.

Within a sign the breaks are Fisher–Jenks natural breaks (the exact optimum of the within-class sum of
squared deviations, found by dynamic programming over the distinct values weighted by their counts), so an
outlier such as Borlänge's +336 among changes of 0–2 gets a class of its own instead of sharing one with +1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

NEGATIVE, ZERO, POSITIVE = "negative", "zero", "positive"
_CELLS = 1 << 21  # (start, end) pairs costed per numpy step


@dataclass(frozen=True)
class MapClass:
    """Values from ``lower`` to ``upper`` (both held by the class). ``side`` is the sign (one of
    NEGATIVE, ZERO, POSITIVE; everything is POSITIVE on a scale that does not diverge) and ``rank`` the
    step away from zero on that side (0 = nearest zero / lightest)."""

    lower: float
    upper: float
    count: int
    side: str = POSITIVE
    rank: int = 0

    def holds(self, value: float) -> bool:
        return self.lower <= value <= self.upper


def _natural_breaks(distinct: list[float], weights: list[int], classes: int) -> list[tuple[int, int]]:
    """Index ranges [start, end) of ``distinct`` (sorted) forming ``classes`` groups with the smallest
    weighted within-group sum of squares: SSE(i..j) = Σw·x² − (Σw·x)² / Σw, minimised by dynamic
    programming (Fisher 1958). Each step costs all (start, end) pairs in one numpy operation, so 290
    municipalities take a millisecond, not half a second; ties go to the earliest start as before."""
    n = len(distinct)
    classes = max(1, min(classes, n))
    x = np.asarray(distinct, dtype=float)
    w = np.asarray(weights, dtype=float)
    zero = np.zeros(1)
    w_sum = np.concatenate((zero, np.cumsum(w)))
    x_sum = np.concatenate((zero, np.cumsum(w * x)))
    xx_sum = np.concatenate((zero, np.cumsum(w * x * x)))
    starts = np.arange(n)[:, None]
    block = max(1, _CELLS // n)  # end columns per step: memory stays bounded for many distinct values

    def sse(j0: int, j1: int) -> np.ndarray:  # [start i, end j] for ends j0..j1-1: values i..j-1
        ends = slice(j0, j1)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = x_sum[None, ends] - x_sum[:-1, None]
            ss = xx_sum[None, ends] - xx_sum[:-1, None] - s * s / (w_sum[None, ends] - w_sum[:-1, None])
        return np.where(starts < np.arange(j0, j1)[None, :], np.maximum(0.0, ss), np.inf)

    blocks = [(j0, min(j0 + block, n + 1)) for j0 in range(0, n + 1, block)]
    cached = [sse(j0, j1) for j0, j1 in blocks] if len(blocks) == 1 else None
    # cost[j]: best cost of the first j values in c groups; cuts[c - 1][j]: where the last group starts
    cost = np.full(n + 1, np.inf)
    cost[0] = 0.0
    cuts = []
    for _ in range(classes):
        new_cost = np.empty(n + 1)
        where = np.empty(n + 1, dtype=int)
        for b, (j0, j1) in enumerate(blocks):
            candidates = cost[:-1, None] + (cached[b] if cached else sse(j0, j1))
            where[j0:j1] = np.argmin(candidates, axis=0)  # first minimum: ties go to the earliest start
            new_cost[j0:j1] = candidates[where[j0:j1], np.arange(j1 - j0)]
        cost = new_cost
        cuts.append(where)
    ranges = []
    j = n
    for where in reversed(cuts):
        i = int(where[j])
        ranges.append((i, j))
        j = i
    return ranges[::-1]


def _side_classes(values: list[float], classes: int, side: str, away_from_zero: bool) -> list[MapClass]:
    counts = Counter(values)
    distinct = sorted(counts)
    ranges = _natural_breaks(distinct, [counts[x] for x in distinct], classes)
    result = []
    for index, (i, j) in enumerate(ranges):
        rank = len(ranges) - 1 - index if away_from_zero else index
        held = sum(counts[x] for x in distinct[i:j])
        result.append(MapClass(distinct[i], distinct[j - 1], held, side, rank))
    return result


def map_classes(values: Iterable[float | None], classes: int = 5) -> list[MapClass]:
    """Classes for the values (None = missing, ignored), lowest first.

    Sequential (all values ≥ 0 or all ≤ 0): up to ``classes`` natural-break classes. Diverging (some
    values below and some above zero): up to ``classes`` on each side, all zeros in one class of their own.
    Never more classes than distinct values.
    """
    present = [float(v) for v in values if v is not None]
    if not present:
        return []
    negative = [v for v in present if v < 0]
    positive = [v for v in present if v > 0]
    if not (negative and positive):  # one sign (or zeros only): one sequential scale
        return _side_classes(present, classes, POSITIVE, away_from_zero=False)
    zeros = [v for v in present if v == 0]
    result = _side_classes(negative, classes, NEGATIVE, away_from_zero=True)
    if zeros:
        result.append(MapClass(0.0, 0.0, len(zeros), ZERO, 0))
    result += _side_classes(positive, classes, POSITIVE, away_from_zero=False)
    return result


def class_of(value: float, classes: list[MapClass]) -> int | None:
    """The index of the class holding ``value`` (None when no class does)."""
    return next((i for i, c in enumerate(classes) if c.holds(value)), None)


def is_diverging(classes: list[MapClass]) -> bool:
    return any(c.side != POSITIVE for c in classes)


def legend_decimals(classes: list[MapClass], most: int = 3) -> int:
    """The fewest decimals (up to ``most``) at which every class's label reads differently from its
    neighbours' and a class of several values does not read as one value (no "0–0" beside "0–1")."""
    bounds = [(c.lower, c.upper) for c in classes]
    for decimals in range(most + 1):

        def r(x: float, d: int = decimals) -> float:
            return round(x, d)

        labels = [(r(lo), r(hi)) for lo, hi in bounds]
        distinct_labels = len(set(labels)) == len(labels)
        ranges_open = all(r(lo) != r(hi) for lo, hi in bounds if lo != hi)
        ordered = all(labels[i][1] < labels[i + 1][0] for i in range(len(labels) - 1))
        if distinct_labels and ranges_open and ordered:
            return decimals
    return most
