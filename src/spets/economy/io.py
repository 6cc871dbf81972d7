"""Input-output core: technical coefficients, Leontief model, multipliers (pure numpy/scipy).

Notation follows Miller & Blair, *Input-Output Analysis*, 2nd ed. (2009), ch. 2 and 6:

* ``Z`` (n×n) interindustry flows, ``Z[i, j]`` = sales of industry i to industry j;
* ``x`` (n) total output; ``f`` (n) final demand;
* ``A = Z x̂⁻¹`` technical coefficients;
* ``x = (I − A)⁻¹ f = L f`` Leontief quantity model;
* multiplier row ``m' = c' L`` for a coefficient row ``c`` (employment, wages, value added per output).

Linear systems are solved with an LU factorisation of ``I − A`` that is computed once and reused; the
Leontief inverse ``L`` is formed only by :meth:`LeontiefModel.leontief_inverse` when a caller asks.
Multipliers are solves of the transposed system ``(I − A)' m = c`` — one solve per multiplier type.
Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.linalg as sla

FloatArray = np.ndarray


class IOTableError(ValueError):
    """An input-output table or model that cannot be used, with the table, the row and the reason."""

    def __init__(self, table: str, row: str | None, reason: str) -> None:
        self.table = table
        self.row = row
        self.reason = reason
        where = f", row {row!r}" if row is not None else ""
        super().__init__(f"table {table!r}{where}: {reason}")


# ---------------------------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------------------------


def check_labels(
    table: str, industries: Sequence[str], size: int, what: str = "industries"
) -> tuple[str, ...]:
    """Return labels as a tuple after checking that there are ``size`` of them and none repeats."""
    labels = tuple(str(s) for s in industries)
    if len(labels) != size:
        raise IOTableError(table, None, f"mismatched labels: {len(labels)} {what} labels for {size} rows")
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise IOTableError(table, label, f"mismatched labels: {what} label repeated")
        seen.add(label)
    return labels


def check_non_negative(table: str, labels: Sequence[str], matrix: FloatArray, what: str) -> None:
    """Raise naming the first row with a negative (or non-finite) entry in ``matrix``."""
    arr = np.atleast_2d(np.asarray(matrix, dtype=float))
    bad_finite = ~np.isfinite(arr)
    if bad_finite.any():
        i = int(np.argwhere(bad_finite)[0][0])
        raise IOTableError(table, labels[i], f"{what} contains a missing or non-finite value")
    neg = arr < 0
    if neg.any():
        i, j = (int(v) for v in np.argwhere(neg)[0])
        raise IOTableError(table, labels[i], f"negative {what} ({arr[i, j]:g} in column {j})")


def spectral_radius_bound(a: FloatArray, iterations: int = 200, tol: float = 1e-10) -> float:
    """Estimate the spectral radius ρ(A) of a non-negative matrix cheaply.

    For a non-negative A, ρ(A) ≤ min(max column sum, max row sum) (Perron–Frobenius). When that bound is
    < 1 it is returned (the table is certainly productive). Otherwise power iteration
    ``v_{k+1} = A v_k / ‖A v_k‖₁`` started from a positive vector estimates ρ(A); the Collatz–Wielandt
    upper bound ``max_i (A v)_i / v_i`` is returned, which is ≥ ρ(A) for positive v.
    """
    a = np.asarray(a, dtype=float)
    n = a.shape[0]
    if n == 0:
        return 0.0
    bound = float(min(a.sum(axis=0).max(), a.sum(axis=1).max()))
    if bound < 1.0:
        return bound
    v = np.full(n, 1.0 / n)
    upper = bound
    for _ in range(iterations):
        w = a @ v + 1e-300
        ratio = w / np.maximum(v, 1e-300)
        new_upper = float(ratio.max())
        lower = float(ratio.min())
        upper = min(upper, new_upper)
        s = w.sum()
        if s <= 0:
            return 0.0
        v = w / s + 1e-15  # keep v positive so the Collatz-Wielandt bound stays valid
        v /= v.sum()
        if upper - lower < tol:
            break
    return upper


def check_productive(table: str, labels: Sequence[str], a: FloatArray) -> float:
    """Raise unless ρ(A) < 1 (Hawkins–Simon / productive economy); return the estimate of ρ(A)."""
    rho = spectral_radius_bound(a)
    if rho >= 1.0 - 1e-12:
        col = np.asarray(a).sum(axis=0)
        worst = int(np.argmax(col))
        raise IOTableError(
            table,
            labels[worst],
            f"not productive: spectral radius of A is about {rho:.4f} ≥ 1 "
            f"(largest column sum {col[worst]:.4f} is in this industry's column)",
        )
    return rho


# ---------------------------------------------------------------------------------------------
# Table and coefficients
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IOTable:
    """A symmetric input-output table in money units with labels and provenance.

    ``flows[i, j]`` = deliveries of industry/product i to industry j; ``final_demand[i]`` = deliveries to
    final users; ``output[i]`` = total output, so that ``flows.sum(1) + final_demand = output`` (balance).
    ``value_added[j]`` and ``compensation[j]`` (wages incl. employer contributions) are optional rows;
    ``employment[j]`` (persons) optional. ``metadata`` carries ``name``, ``source``, ``year``, ``unit``,
    ``approximate`` …
    """

    name: str
    industries: tuple[str, ...]
    flows: FloatArray
    output: FloatArray
    final_demand: FloatArray
    value_added: FloatArray | None = None
    compensation: FloatArray | None = None
    employment: FloatArray | None = None
    industry_names: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.industries)
        check_labels(self.name, self.industries, n)
        if self.flows.shape != (n, n):
            raise IOTableError(
                self.name, None, f"mismatched labels: flows are {self.flows.shape}, labels {n}"
            )
        for what, arr in (("output", self.output), ("final demand", self.final_demand)):
            if arr.shape != (n,):
                raise IOTableError(
                    self.name, None, f"mismatched labels: {what} has {arr.shape[0]} entries, labels {n}"
                )
        check_non_negative(self.name, self.industries, self.flows, "flow")
        check_non_negative(self.name, self.industries, self.output[:, None], "output")
        for what, opt in (
            ("value added", self.value_added),
            ("compensation", self.compensation),
            ("employment", self.employment),
        ):
            if opt is not None and opt.shape != (n,):
                raise IOTableError(
                    self.name, None, f"mismatched labels: {what} has {opt.shape[0]} entries, labels {n}"
                )

    def check_balance(self, rtol: float = 1e-3) -> None:
        """Raise naming the first row where Σ_j Z_ij + f_i differs from x_i by more than ``rtol``·x_i."""
        total = self.flows.sum(axis=1) + self.final_demand
        gap = np.abs(total - self.output)
        bad = gap > rtol * np.maximum(np.abs(self.output), 1.0)
        if bad.any():
            i = int(np.argmax(bad))
            raise IOTableError(
                self.name,
                self.industries[i],
                f"not balanced: intermediate use + final demand = {total[i]:.6g} but output = "
                f"{self.output[i]:.6g}",
            )

    def model(self) -> LeontiefModel:
        """The Leontief model of this table (A = Z x̂⁻¹), validated."""
        return LeontiefModel(
            technical_coefficients(self.flows, self.output, self.industries, table=self.name),
            self.industries,
            name=self.name,
        )


def technical_coefficients(
    flows: FloatArray, output: FloatArray, industries: Sequence[str], table: str = "table"
) -> FloatArray:
    """A = Z x̂⁻¹, i.e. a_ij = z_ij / x_j (column j divided by the output of j).

    An industry with zero output gets a zero column; an industry with zero output but positive purchases
    is an error naming that industry.
    """
    z = np.asarray(flows, dtype=float)
    x = np.asarray(output, dtype=float)
    labels = check_labels(table, industries, z.shape[0])
    check_non_negative(table, labels, z, "flow")
    zero = x <= 0
    if (zero & (z.sum(axis=0) > 0)).any():
        j = int(np.argmax(zero & (z.sum(axis=0) > 0)))
        raise IOTableError(table, labels[j], "industry has purchases but zero output")
    safe = np.where(zero, 1.0, x)
    a = z / safe[None, :]
    a[:, zero] = 0.0
    return a


# ---------------------------------------------------------------------------------------------
# Labelled results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledVector:
    """A vector with its industry labels, a quantity name and a unit."""

    industries: tuple[str, ...]
    values: FloatArray
    quantity: str
    unit: str

    def as_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in zip(self.industries, self.values, strict=True)}

    def __getitem__(self, label: str) -> float:
        return float(self.values[self.industries.index(label)])


@dataclass(frozen=True)
class LabelledMatrix:
    """A matrix with row and column labels (e.g. the Leontief inverse)."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: FloatArray
    quantity: str


@dataclass(frozen=True)
class Multipliers:
    """Type I and (optionally) Type II multipliers per industry.

    ``simple[k]`` = c_k' L — effect of k per unit of final demand for each industry (column);
    ``type_i[k]`` = simple / direct coefficient (e.g. total jobs per direct job);
    ``type_ii_simple`` / ``type_ii`` the same with households endogenous (L̄ truncated to industries).
    """

    industries: tuple[str, ...]
    simple: dict[str, FloatArray]
    type_i: dict[str, FloatArray]
    type_ii_simple: dict[str, FloatArray] = field(default_factory=dict)
    type_ii: dict[str, FloatArray] = field(default_factory=dict)

    def table(self, kind: str) -> dict[str, dict[str, float]]:
        """``{industry: {"simple": …, "type_i": …, "type_ii_simple": …, "type_ii": …}}`` for one kind."""
        out: dict[str, dict[str, float]] = {}
        for idx, label in enumerate(self.industries):
            row = {"simple": float(self.simple[kind][idx]), "type_i": float(self.type_i[kind][idx])}
            if kind in self.type_ii_simple:
                row["type_ii_simple"] = float(self.type_ii_simple[kind][idx])
                row["type_ii"] = float(self.type_ii[kind][idx])
            out[label] = row
        return out


# ---------------------------------------------------------------------------------------------
# Leontief model
# ---------------------------------------------------------------------------------------------


class LeontiefModel:
    """Leontief quantity model x = (I − A)⁻¹ f with one LU factorisation of (I − A), reused.

    Validates on construction: labels match, A ≥ 0, ρ(A) < 1 (error names the table and industry).
    """

    def __init__(self, a: FloatArray, industries: Sequence[str], name: str = "model") -> None:
        a = np.asarray(a, dtype=float)
        if a.ndim != 2 or a.shape[0] != a.shape[1]:
            raise IOTableError(name, None, f"technical coefficients must be square, got shape {a.shape}")
        self.name = name
        self.industries = check_labels(name, industries, a.shape[0])
        check_non_negative(name, self.industries, a, "technical coefficient")
        self.spectral_radius = check_productive(name, self.industries, a)
        self.a = a
        self.n = a.shape[0]
        self._lu = sla.lu_factor(np.eye(self.n) - a, check_finite=False)

    # -- labelled inputs ---------------------------------------------------------------------
    def vector(self, values: FloatArray | dict[str, float], what: str) -> FloatArray:
        """Turn a dict {industry: value} or an array of length n into an array (errors name the label)."""
        if isinstance(values, dict):
            out = np.zeros(self.n)
            for key, val in values.items():
                if key not in self.industries:
                    raise IOTableError(
                        self.name,
                        str(key),
                        f"unknown industry in {what}; valid: {', '.join(self.industries)}",
                    )
                out[self.industries.index(key)] = float(val)
            return out
        arr = np.asarray(values, dtype=float)
        if arr.shape[0] != self.n:
            raise IOTableError(
                self.name, None, f"mismatched labels: {what} has {arr.shape[0]} entries, model has {self.n}"
            )
        return arr

    # -- solves -----------------------------------------------------------------------------
    def solve(self, f: FloatArray) -> FloatArray:
        """x = (I − A)⁻¹ f via the stored LU factors (f may be n or n×k)."""
        return sla.lu_solve(self._lu, np.asarray(f, dtype=float), check_finite=False)

    def solve_transposed(self, c: FloatArray) -> FloatArray:
        """m = (I − A)'⁻¹ c, i.e. the row m' = c' (I − A)⁻¹ (c may be n or n×k)."""
        return sla.lu_solve(self._lu, np.asarray(c, dtype=float), trans=1, check_finite=False)

    def output(self, final_demand: FloatArray | dict[str, float]) -> LabelledVector:
        """Total output x = (I − A)⁻¹ f required to deliver final demand f."""
        f = self.vector(final_demand, "final demand")
        return LabelledVector(self.industries, self.solve(f), "output", "same unit as final demand")

    def leontief_inverse(self) -> LabelledMatrix:
        """L = (I − A)⁻¹ formed explicitly (n solves). Only for callers who need the whole matrix."""
        return LabelledMatrix(
            self.industries, self.industries, self.solve(np.eye(self.n)), "Leontief inverse"
        )

    # -- multipliers -----------------------------------------------------------------------
    def multipliers(
        self,
        coefficients: dict[str, FloatArray] | None = None,
        households: HouseholdClosure | None = None,
    ) -> Multipliers:
        """Output multipliers (c = 1) plus one per coefficient row (e.g. jobs, wages, value added per output).

        Simple multiplier m' = c' L solved as (I − A)' m = c. Type I = m_j / c_j (0 where c_j = 0).
        With ``households`` the closed model Ā = [[A, h_c], [h_r', h_hh]] gives Type II: m̄' = c̄' L̄
        truncated to the industries, with c̄ = (c, 0) and, for the output multiplier, only industry rows.
        With households a ``household_income`` entry is added: simple = h_r' L, Type II = household row of
        L̄ (Miller & Blair's Type II income multiplier).
        """
        rows = {"output": np.ones(self.n)}
        for key, val in (coefficients or {}).items():
            rows[key] = self.vector(val, f"coefficient row {key!r}")
        if households is not None:
            rows["household_income"] = self.vector(households.wage_row, "household wage row")
        keys = list(rows)
        c = np.column_stack([rows[k] for k in keys])
        m = self.solve_transposed(c)
        simple = {k: m[:, i] for i, k in enumerate(keys)}
        type_i = {k: _ratio(simple[k], rows[k]) for k in keys}
        mult = Multipliers(self.industries, simple, type_i)
        if households is not None:
            closed = households.close(self)
            c_bar = np.vstack([c, np.zeros((1, len(keys)))])
            m_bar = closed.solve_transposed(c_bar)[: self.n]
            # household income = household row of L̄ (includes households' purchases from households)
            hh = keys.index("household_income")
            m_bar[:, hh] = closed.solve_transposed(np.eye(self.n + 1)[:, self.n])[: self.n]
            for i, k in enumerate(keys):
                mult.type_ii_simple[k] = m_bar[:, i]
                mult.type_ii[k] = _ratio(m_bar[:, i], rows[k])
        return mult


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    out = np.zeros_like(num)
    np.divide(num, den, out=out, where=den != 0)
    return out


@dataclass(frozen=True)
class HouseholdClosure:
    """Households made endogenous (Miller & Blair §2.5, §6.2).

    ``wage_row[j]`` = household income (labour compensation) per unit of output of j;
    ``consumption_column[i]`` = household purchases from i per unit of household income;
    ``household_own`` = household purchases from households per unit of income (M&B example: 0.05).
    The closed matrix is Ā = [[A, consumption_column], [wage_row', household_own]].
    """

    wage_row: FloatArray
    consumption_column: FloatArray
    household_own: float = 0.0
    label: str = "households"

    def close(self, model: LeontiefModel) -> LeontiefModel:
        """The (n+1)×(n+1) Leontief model with households as the last sector."""
        n = model.n
        wr = model.vector(self.wage_row, "household wage row")
        cc = model.vector(self.consumption_column, "household consumption column")
        a_bar = np.zeros((n + 1, n + 1))
        a_bar[:n, :n] = model.a
        a_bar[:n, n] = cc
        a_bar[n, :n] = wr
        a_bar[n, n] = self.household_own
        return LeontiefModel(a_bar, (*model.industries, self.label), name=f"{model.name} (households closed)")
