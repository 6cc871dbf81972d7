"""Energy use and scope 1/2 greenhouse-gas estimate in the shape of the VSME basic module. Pure.

The factor table lives in the framework file (``ghg.lines``, read by ``frameworks.parse_ghg_table``);
each line links one number question (a quantity of a fuel or of purchased energy) to an energy content
and an emission factor:

    energy_mwh  = quantity * kwh_per_unit / 1000
    t_co2e      = quantity * kg_co2e_per_unit / 1000
    kg_co2e_per_unit = factor answer [g CO2e/kWh] * kwh_per_unit / 1000   (lines with factor_question)

Scope 1 = fuels burnt by the company; scope 2 = purchased electricity and heat (location-based).
An unanswered quantity is not zero: the line is reported as "not answered", totals cover only the
answered lines and the estimate is marked incomplete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .frameworks import Framework, GhgLine
from .scoring import validate_answers

ESTIMATED, NOT_ANSWERED, FACTOR_MISSING = "estimated", "not answered", "factor missing"


@dataclass(frozen=True)
class GhgLineResult:
    question: str
    scope: int
    quantity: float | None
    unit: str | None
    energy_mwh: float | None
    kg_co2e_per_unit: float | None
    t_co2e: float | None
    status: str
    source: str


@dataclass(frozen=True)
class GhgEstimate:
    framework_id: str
    framework_version: int
    scope1_t: float | None
    scope2_t: float | None
    energy_mwh: float | None
    fossil_fuel_mwh: float | None
    renewable_fuel_mwh: float | None
    purchased_mwh: float | None
    complete: bool
    missing: tuple[str, ...]  # question ids whose quantity or factor is missing
    lines: tuple[GhgLineResult, ...]


def _total(values: list[Fraction]) -> float | None:
    return float(sum(values, Fraction(0))) if values else None


def estimate_emissions(framework: Framework, answers: Mapping[str, Any]) -> GhgEstimate:
    """Energy (MWh) and scope 1 / scope 2 emissions (t CO2e) from the answered quantities."""
    table: tuple[GhgLine, ...] | None = framework.extra.get("ghg")
    if not table:
        raise ValueError(f"framework {framework.id} has no ghg factor table")
    clean = validate_answers(framework, answers)
    scope: dict[int, list[Fraction]] = {1: [], 2: []}
    energy: dict[bool | None, list[Fraction]] = {True: [], False: [], None: []}
    lines, missing = [], []
    for line in table:
        q = framework.questions[line.question]
        quantity = clean.get(line.question)
        factor = line.kg_co2e_per_unit
        if line.factor_question is not None:
            answer = clean.get(line.factor_question)
            factor = None if answer is None else answer * line.kwh_per_unit / 1000
        if quantity is None:
            status, t, mwh = NOT_ANSWERED, None, None
        else:
            mwh = quantity * line.kwh_per_unit / 1000
            energy[line.fossil].append(mwh)
            status, t = (FACTOR_MISSING, None) if factor is None else (ESTIMATED, quantity * factor / 1000)
            if t is not None:
                scope[line.scope].append(t)
        if status != ESTIMATED:
            missing.append(line.factor_question if status == FACTOR_MISSING else line.question)
        lines.append(
            GhgLineResult(
                line.question,
                line.scope,
                None if quantity is None else float(quantity),
                q.unit,
                None if mwh is None else float(mwh),
                None if factor is None else float(factor),
                None if t is None else float(t),
                status,
                line.source,
            )
        )
    return GhgEstimate(
        framework.id,
        framework.version,
        _total(scope[1]),
        _total(scope[2]),
        _total(energy[True] + energy[False] + energy[None]),
        _total(energy[True]),
        _total(energy[False]),
        _total(energy[None]),
        complete=not missing,
        missing=tuple(m for m in missing if m),
        lines=tuple(lines),
    )
