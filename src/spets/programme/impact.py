"""Impact of support: difference-in-differences of supported companies against matched non-supported ones.
Pure numpy/scipy (no Django); the method is written out in docs/methods/programme.md.

Outcome: the yearly growth of a level (employment, net turnover) in log points, g_t = ln L_t − ln L_{t−1}.
For a supported company i first supported in year y0:
- pre years  P_i = the growth years before y0 (at most `max_pre`, at least `min_pre`);
- post years Q_i = the growth years from y0 on (the year of first support counts as the first year after
  support: yearly figures describe the year's end or the whole year);
- Δ_i = mean(g_t, t ∈ Q_i) − mean(g_t, t ∈ P_i): the change in its growth rate.

Matching: each supported company gets the nearest non-supported company of the same cell (SNI division,
size class, county) that has figures for the same years, by the standardised distance on the pre-period
level ln L_{y0−1} and trend mean(g_t, t ∈ P_i), with replacement (a control may serve several supported
companies). The estimate is the mean of d_i = Δ_i − Δ_m(i) over matched supported companies: the extra
yearly growth, in log points per year (exp(effect) − 1 as a percentage).

Standard error: clustered by company. Supported and control companies are different companies; a control
used k times contributes its k deviations as one cluster:
    Var = s²_a / N + G/(G−1) · Σ_j (Σ_{i: m(i)=j} (b_i − b̄))² / N²
with a_i = Δ_i, b_i = Δ_m(i), N matched supported companies, G distinct controls. The 95 % interval uses
Student's t with min(N, G) − 1 degrees of freedom.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

MIN_PRE_YEARS = 2  # growth years before support (three yearly levels) for a level and a trend
MAX_PRE_YEARS = 5
SMALL_GROUP = 30  # fewer matched supported companies than this: the interval is wide; say so
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Unit:
    """One company: its exact-match cell, yearly levels and the year of first support (None = never)."""

    id: int
    cell: tuple[str, ...]
    levels: Mapping[int, float]
    first_support_year: int | None = None


@dataclass(frozen=True)
class Pair:
    treated_id: int
    control_id: int
    distance: float
    treated_change: float  # Δ_i, log points per year
    control_change: float  # Δ_m(i) on the same years
    pre_years: tuple[int, ...]
    post_years: tuple[int, ...]

    @property
    def effect(self) -> float:
        return self.treated_change - self.control_change


@dataclass(frozen=True)
class Estimate:
    effect: float | None  # extra growth, log points per year; None = no matched pairs
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n_treated: int  # matched supported companies
    n_controls: int  # distinct matched controls
    excluded: dict[str, int]  # reason → supported companies left out
    pairs: tuple[Pair, ...] = ()
    balance: dict[str, float | None] = field(default_factory=dict)
    df: int | None = None

    @staticmethod
    def percent(log_points: float | None) -> float | None:
        """Log points per year as a growth rate: 0.0296 → 0.03 (3 % a year)."""
        return None if log_points is None else math.expm1(log_points)

    @property
    def effect_pct(self) -> float | None:
        return self.percent(self.effect)

    @property
    def ci_low_pct(self) -> float | None:
        return self.percent(self.ci_low)

    @property
    def ci_high_pct(self) -> float | None:
        return self.percent(self.ci_high)

    @property
    def small_group(self) -> bool:
        return self.n_treated < SMALL_GROUP


def growth(levels: Mapping[int, float], min_level: float = 0.0) -> dict[int, float]:
    """Log growth per year where both years have a positive level (and the earlier one ≥ min_level)."""
    out = {}
    for year, value in levels.items():
        before = levels.get(year - 1)
        if value is not None and before is not None and value > 0 and before > 0 and before >= min_level:
            out[year] = math.log(value) - math.log(before)
    return out


@dataclass(frozen=True)
class _Window:
    unit: Unit
    pre: tuple[int, ...]
    post: tuple[int, ...]
    level: float  # ln L_{y0−1}
    trend: float
    change: float


def _window(
    unit: Unit, y0: int, g: Mapping[int, float], min_pre: int, max_pre: int, last_year: int | None
) -> tuple[_Window | None, str]:
    pre = tuple(sorted(t for t in g if t < y0))[-max_pre:]
    post = tuple(sorted(t for t in g if t >= y0 and (last_year is None or t <= last_year)))
    base = unit.levels.get(y0 - 1)
    if len(pre) < min_pre or base is None or base <= 0:
        return None, "too_few_years_before"
    if not post:
        return None, "no_years_after"
    trend = sum(g[t] for t in pre) / len(pre)
    change = sum(g[t] for t in post) / len(post) - trend
    return _Window(unit, pre, post, math.log(base), trend, change), ""


def _on_years(
    unit: Unit, g: Mapping[int, float], pre: Sequence[int], post: Sequence[int], base_year: int
) -> _Window | None:
    if any(t not in g for t in (*pre, *post)):
        return None
    base = unit.levels.get(base_year)
    if base is None or base <= 0:
        return None
    trend = sum(g[t] for t in pre) / len(pre)
    change = sum(g[t] for t in post) / len(post) - trend
    return _Window(unit, tuple(pre), tuple(post), math.log(base), trend, change)


def _scales(growths: Iterable[tuple[Unit, Mapping[int, float]]]) -> tuple[float, float]:
    """Standard deviations of the mean log level and the mean growth across companies (the distance's
    units); 1.0 where there is no spread."""
    levels, trends = [], []
    for unit, g in growths:
        positive = [math.log(v) for v in unit.levels.values() if v is not None and v > 0]
        if positive and g:
            levels.append(sum(positive) / len(positive))
            trends.append(sum(g.values()) / len(g))
    level_sd = float(np.std(levels)) if len(levels) > 1 else 0.0
    trend_sd = float(np.std(trends)) if len(trends) > 1 else 0.0
    return (level_sd or 1.0), (trend_sd or 1.0)


def estimate(
    units: Iterable[Unit],
    *,
    min_level: float = 0.0,
    min_pre: int = MIN_PRE_YEARS,
    max_pre: int = MAX_PRE_YEARS,
    last_year: int | None = None,
    confidence: float = CONFIDENCE,
) -> Estimate:
    """The difference-in-differences estimate (see the module docstring). `min_level`: the level the
    year before support must reach (e.g. 5 employees: below that one person is ±20 % and rounding to
    whole persons swamps a few per cent). Controls must reach it in the same year."""
    units = list(units)
    growths = {u.id: growth(u.levels, 0.0) for u in units}
    level_sd, trend_sd = _scales((u, growths[u.id]) for u in units)
    controls_by_cell: dict[tuple[str, ...], list[Unit]] = {}
    for unit in sorted(units, key=lambda u: u.id):
        if unit.first_support_year is None:
            controls_by_cell.setdefault(unit.cell, []).append(unit)

    excluded: dict[str, int] = {}
    pairs: list[Pair] = []
    treated_windows: list[_Window] = []
    control_windows: list[_Window] = []
    on_years: dict[tuple[int, tuple[int, ...], tuple[int, ...], int], _Window | None] = {}
    for unit in sorted(units, key=lambda u: u.id):
        if unit.first_support_year is None:
            continue
        window, reason = _window(unit, unit.first_support_year, growths[unit.id], min_pre, max_pre, last_year)
        if window is None:
            excluded[reason] = excluded.get(reason, 0) + 1
            continue
        if math.exp(window.level) < min_level:
            excluded["below_min_level"] = excluded.get("below_min_level", 0) + 1
            continue
        best: tuple[float, _Window] | None = None
        base_year = unit.first_support_year - 1
        for control in controls_by_cell.get(unit.cell, []):
            key = (control.id, window.pre, window.post, base_year)
            if key not in on_years:  # supported companies of one cohort share their years
                on_years[key] = _on_years(control, growths[control.id], window.pre, window.post, base_year)
            cw = on_years[key]
            if cw is None or math.exp(cw.level) < min_level:
                continue
            distance = math.hypot((cw.level - window.level) / level_sd, (cw.trend - window.trend) / trend_sd)
            if best is None or distance < best[0]:
                best = (distance, cw)
        if best is None:
            excluded["no_match_in_cell"] = excluded.get("no_match_in_cell", 0) + 1
            continue
        distance, cw = best
        treated_windows.append(window)
        control_windows.append(cw)
        pairs.append(Pair(unit.id, cw.unit.id, distance, window.change, cw.change, window.pre, window.post))
    return _summarise(pairs, treated_windows, control_windows, excluded, confidence)


def _summarise(
    pairs: list[Pair],
    treated: list[_Window],
    controls: list[_Window],
    excluded: dict[str, int],
    confidence: float,
) -> Estimate:
    n = len(pairs)
    distinct = sorted({p.control_id for p in pairs})
    if n == 0:
        return Estimate(None, None, None, None, 0, 0, excluded)
    a = np.array([p.treated_change for p in pairs])
    b = np.array([p.control_change for p in pairs])
    effect = float(a.mean() - b.mean())
    balance: dict[str, float | None] = {
        "pre_level_treated": float(np.mean([w.level for w in treated])),
        "pre_level_controls": float(np.mean([w.level for w in controls])),
        "pre_trend_treated": float(np.mean([w.trend for w in treated])),
        "pre_trend_controls": float(np.mean([w.trend for w in controls])),
    }
    g = len(distinct)
    if n < 2 or g < 2:
        return Estimate(effect, None, None, None, n, g, excluded, tuple(pairs), balance)
    var_a = float(a.var(ddof=1)) / n
    deviations = b - b.mean()
    sums: dict[int, float] = {}
    for pair, dev in zip(pairs, deviations, strict=True):
        sums[pair.control_id] = sums.get(pair.control_id, 0.0) + float(dev)
    var_b = g / (g - 1) * sum(s * s for s in sums.values()) / (n * n)
    se = math.sqrt(var_a + var_b)
    df = min(n, g) - 1
    t = float(stats.t.ppf(0.5 + confidence / 2, df))
    return Estimate(effect, se, effect - t * se, effect + t * se, n, g, excluded, tuple(pairs), balance, df)
