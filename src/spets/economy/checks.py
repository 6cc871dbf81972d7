"""Validation of the footprint model: its figures next to independent ones, and its structural uncertainty
(pure: numpy and the economy cores, no Django).

* :func:`value_added_by_region` — the model's value added of all industries in each region:
  VA_r = Σ_j E[r, j] · (VA_j / EMP_j), employment by region × industry times the table's value added per
  employed person. It equals ``by_place.area.value_added_sek`` of a type1 footprint of all industries in
  the region (every industry of the area is extracted, so nothing indirect lands inside it).
* :func:`direct_output` — the model's direct output of chosen industries in each region (MSEK):
  x_r = Σ_j E[r, j] / e_j with e_j = EMP_j / x_j.
* :func:`compare` — model against reference, ratio = model / reference (None where the reference is
  missing or 0: never a silent 0).
* :func:`employment_multipliers` — national Type I employment multipliers (e' L)_j / e_j of a table.
* :func:`structural_grid` — jobs (all of Sweden / in the area) and tax by scope for FLQ δ and for the
  extraction method against "whole output as final demand".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from spets.economy.footprint import SCOPES, Assumptions, EconomyModel, Geography, footprint, result
from spets.economy.io import IOTable

FloatArray = np.ndarray
DELTAS = (0.15, 0.3, 0.4)
EXTRACTION = "extraction"
WHOLE_OUTPUT = "whole_output"


def value_added_by_region(table: IOTable, geo: Geography) -> dict[str, float]:
    """VA_r = Σ_j E[r, j] · VA_j / EMP_j (MSEK) for every region of ``geo``."""
    if table.employment is None or table.value_added is None:
        raise ValueError(f"{table.name}: value added needs the EMP and VA rows")
    per_person = np.divide(
        table.value_added, table.employment, out=np.zeros(len(table.industries)), where=table.employment > 0
    )
    va = np.asarray(geo.employment, dtype=float) @ per_person
    return {code: float(v) for code, v in zip(geo.codes, va, strict=True)}


def direct_output(table: IOTable, geo: Geography, industries: Sequence[str]) -> dict[str, float]:
    """x_r = Σ_{j ∈ industries} E[r, j] / e_j (MSEK), e_j = EMP_j / x_j, for every region of ``geo``."""
    if table.employment is None:
        raise ValueError(f"{table.name}: direct output needs the EMP row")
    cols = [table.industries.index(i) for i in industries]
    jobs_per_msek = table.employment[cols] / table.output[cols]
    x = np.asarray(geo.employment, dtype=float)[:, cols] / jobs_per_msek[None, :]
    return {code: float(v) for code, v in zip(geo.codes, x.sum(axis=1), strict=True)}


def ratio(model: float | None, reference: float | None) -> float | None:
    """model / reference, or None when either is missing or the reference is 0."""
    if model is None or reference is None or reference == 0:
        return None
    return model / reference


def compare(
    model: Mapping[str, float], reference: Mapping[str, float | None], codes: Sequence[str]
) -> list[dict[str, Any]]:
    """One row per code: ``{code, model, reference, ratio}`` (reference None when it has no figure)."""
    rows = []
    for code in codes:
        m = model.get(code)
        r = reference.get(code)
        rows.append({"code": code, "model": m, "reference": r, "ratio": ratio(m, r)})
    return rows


def employment_multipliers(table: IOTable) -> dict[str, float]:
    """National Type I employment multipliers (e' L)_j / e_j, e_j = EMP_j / x_j, per industry."""
    if table.employment is None:
        raise ValueError(f"{table.name}: employment multipliers need the EMP row")
    e = table.employment / table.output
    mult = table.model().multipliers({"jobs": e})
    return {k: float(v) for k, v in zip(table.industries, mult.type_i["jobs"], strict=True)}


def _scopes(
    model: EconomyModel, area_regions: Sequence[str], industries: Sequence[str], method: str
) -> dict[str, Any]:
    if method == EXTRACTION:
        res = footprint(model, "area", area_regions, industries, scope="type2")
    else:
        rows = [model.geo.codes.index(c) for c in area_regions]
        cols = [model.table.industries.index(i) for i in industries]
        jobs = np.zeros(model.mrio.shape)
        jobs[np.ix_(rows, cols)] = np.asarray(model.geo.employment)[np.ix_(rows, cols)]
        eff = model.effects(model.shock_from_jobs(jobs))
        res = result(model, "area", industries, eff, "whole output as final demand", "type2", area_regions)
    return res.scopes()


def structural_grid(
    table: IOTable,
    geo: Geography,
    area_regions: Sequence[str],
    industries: Sequence[str],
    assumptions: Assumptions,
    deltas: Sequence[float] = DELTAS,
) -> list[dict[str, Any]]:
    """The footprint of ``industries`` in ``area_regions`` under each structural variant: extraction at each
    FLQ δ of ``deltas``, and the whole output as final demand at the default δ of ``assumptions``.

    Each variant: ``{method, delta, default, scopes: {scope: {jobs, jobs_in_area, tax_sek, tax_in_area_sek}}}``.
    """
    variants = [(EXTRACTION, d) for d in deltas] + [(WHOLE_OUTPUT, assumptions.delta)]
    models: dict[float, EconomyModel] = {}
    out = []
    for method, delta in variants:
        if delta not in models:
            models[delta] = EconomyModel(geo, table, replace(assumptions, delta=delta))
        scopes = _scopes(models[delta], area_regions, industries, method)
        out.append(
            {
                "method": method,
                "delta": delta,
                "default": method == EXTRACTION and delta == assumptions.delta,
                "scopes": {s: scopes[s] for s in SCOPES},
            }
        )
    return out
