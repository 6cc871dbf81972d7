"""Scenarios: change employment or final demand in industry × region; compare with the baseline (pure).

A scenario is a list of changes (new plant: +jobs; closure: −jobs; orders: +final demand in MSEK). The
model is linear, so the effect of a scenario is the footprint of its shock Δf:
  Δf[s, j] = Δjobs[s, j] / e_j + Δfinal_demand[s, j]
and the scenario state = baseline + effect. Who gains and who loses is reported for every region of the
model, inside and outside the chosen area. Sensitivity: Monte Carlo over δ (FLQ), wages, profit margins and
the commuting distance scale, re-building the model for each draw with a seeded generator; results are
reported as percentile intervals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from spets.economy.footprint import (
    Assumptions,
    EconomyModel,
    FootprintResult,
    footprint,
    provenance,
    result,
)
from spets.economy.io import IOTableError


@dataclass(frozen=True)
class Change:
    """One change: ``jobs`` (persons, + or −) and/or ``final_demand_msek`` in an industry of a region."""

    region: str
    industry: str
    jobs: float = 0.0
    final_demand_msek: float = 0.0


@dataclass(frozen=True)
class Scenario:
    name: str
    changes: tuple[Change, ...]
    area: tuple[str, ...] = ()  # regions of the area of interest (for in/out labelling)


def scenario_shock(model: EconomyModel, scenario: Scenario) -> np.ndarray:
    """Δf (MSEK, region × industry) of a scenario; unknown region/industry → error listing valid codes."""
    shock = np.zeros(model.mrio.shape)
    for ch in scenario.changes:
        if ch.region not in model.mrio.regions:
            raise IOTableError(
                model.mrio.name, ch.region, f"unknown region; valid: {', '.join(model.mrio.regions)}"
            )
        if ch.industry not in model.mrio.industries:
            raise IOTableError(
                model.table.name, ch.industry, f"unknown industry; valid: {', '.join(model.mrio.industries)}"
            )
        s, j = model.mrio.regions.index(ch.region), model.mrio.industries.index(ch.industry)
        shock[s, j] += ch.jobs / model.jobs_per_msek[j] + ch.final_demand_msek
    return shock


@dataclass(frozen=True)
class ScenarioResult:
    """Effect of a scenario (a FootprintResult of the change) with the baseline for comparison."""

    scenario: Scenario
    effect: FootprintResult
    baseline: FootprintResult | None
    intervals: dict[str, Any] = field(default_factory=dict)

    def winners_and_losers(self) -> list[dict[str, Any]]:
        """Every region's change in jobs and municipal tax, sorted by the change in jobs (largest first)."""
        rows = self.effect.by_region()
        area = set(self.scenario.area)
        for r in rows:
            r["in_area"] = r["code"] in area
        return sorted(rows, key=lambda r: -r["total_jobs"])

    def to_dict(self) -> dict[str, Any]:
        out = self.effect.to_dict()
        out["scenario"] = {"name": self.scenario.name, "changes": [vars(c) for c in self.scenario.changes]}
        out["by_region"] = self.winners_and_losers()
        if self.baseline is not None:
            base = self.baseline.headline()
            out["baseline"] = {k: base[k] for k in ("area", "employment", "wages_sek", "value_added_sek")}
            out["baseline"]["scope"] = base["scope"]
            out["baseline"]["tax_sek_total"] = base["tax_sek_total"]
            bt = base["employment"]["total"]
            out["change_percent_of_baseline_jobs"] = (
                round(100 * out["employment"]["total"] / bt, 3) if bt else None
            )
        if self.intervals:
            out["intervals"] = self.intervals
        return out


def run_scenario(
    model: EconomyModel,
    scenario: Scenario,
    baseline: FootprintResult | None = None,
    scope: str = "type2",
) -> ScenarioResult:
    """Effect of the scenario's changes: direct, indirect, induced jobs, wages, VA, taxes by recipient,
    headline in ``scope`` (the baseline is shown in the same scope)."""
    eff = model.effects(scenario_shock(model, scenario))
    method = "scenario effect = multi-regional input-output response to the change (linear)"
    industries = sorted({c.industry for c in scenario.changes})
    res = result(model, scenario.name, industries, eff, method, scope, scenario.area)
    if baseline is not None and baseline.scope != scope:
        baseline = baseline.rescoped(scope)
    return ScenarioResult(scenario, res, baseline)


def baseline_footprint(
    model: EconomyModel, area: Sequence[str], industries: Sequence[str], name: str
) -> FootprintResult:
    return footprint(model, name, area, industries)


@dataclass(frozen=True)
class Uncertainty:
    """Ranges of the Monte Carlo: δ uniform, wage factor normal, margin factor uniform, commuting scale
    uniform."""

    delta: tuple[float, float] = (0.15, 0.40)
    wage_sd: float = 0.05
    margin: tuple[float, float] = (0.7, 1.3)
    commuting_scale_km: tuple[float, float] = (8.0, 25.0)


def sensitivity(
    build: Callable[[Assumptions], EconomyModel],
    scenario: Scenario,
    draws: int = 100,
    seed: int = 2025,
    base: Assumptions | None = None,
    uncertainty: Uncertainty | None = None,
    quantiles: tuple[float, float] = (0.05, 0.95),
    scope: str = "type2",
) -> dict[str, Any]:
    """Monte Carlo over assumptions; returns {quantity: {"low", "median", "high"}} and the draw settings.

    ``build(assumptions)`` returns a model (so the caller keeps control over geography and tables).
    """
    base = base or Assumptions()
    u = uncertainty or Uncertainty()
    rng = np.random.default_rng(seed)
    samples: dict[str, list[float]] = {}
    for _ in range(draws):
        a = replace(
            base,
            delta=float(rng.uniform(*u.delta)),
            wage_factor=float(max(0.5, rng.normal(1.0, u.wage_sd))),
            margin_factor=float(rng.uniform(*u.margin)),
            commuting_scale_km=float(rng.uniform(*u.commuting_scale_km)),
        )
        res = run_scenario(build(a), scenario, scope=scope).effect
        emp = res.employment()
        tax = res.tax.to_dict()
        values = {
            "employment_total": sum(emp.values()),
            "employment_indirect": emp["indirect"],
            "employment_induced": emp["induced"],
            "tax_total_sek": tax["total"],
            "tax_municipalities_sek": tax["municipalities"],
            "tax_regions_sek": tax["regions"],
            "tax_state_sek": tax["state"],
        }
        for c, _, v in res.tax.municipalities:
            values[f"municipality:{c}"] = v
        for k, v in values.items():
            samples.setdefault(k, []).append(float(v))
    lo, hi = quantiles
    out = {
        k: {
            "low": float(np.quantile(v, lo)),
            "median": float(np.median(v)),
            "high": float(np.quantile(v, hi)),
        }
        for k, v in samples.items()
    }
    return {
        "draws": draws,
        "seed": seed,
        "quantiles": list(quantiles),
        "ranges": {
            "delta": list(u.delta),
            "wage_sd": u.wage_sd,
            "margin_factor": list(u.margin),
            "commuting_scale_km": list(u.commuting_scale_km),
        },
        "values": out,
    }


def with_intervals(result: ScenarioResult, intervals: dict[str, Any]) -> ScenarioResult:
    return replace(result, intervals=intervals)


__all__ = [
    "Change",
    "Scenario",
    "ScenarioResult",
    "Uncertainty",
    "run_scenario",
    "sensitivity",
    "scenario_shock",
    "baseline_footprint",
    "with_intervals",
    "provenance",
    "EconomyModel",
]
