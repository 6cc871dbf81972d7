"""Regionalisation: location quotients and a matrix-free multi-regional input-output model.

Location quotients (Miller & Blair 2009, §8.2; Flegg, Webber & Elliott 1995) for region r, industry i,
with employment E (regional ``E_r,i``, regional total ``E_r``, national ``E_N,i``, ``E_N``):

* SLQ_i = (E_r,i / E_r) / (E_N,i / E_N)
* CILQ_ij = SLQ_i / SLQ_j (cross-industry; CILQ_ii = SLQ_i)
* FLQ_ij = λ* · CILQ_ij with λ* = [log2(1 + E_r / E_N)]^δ
* regional coefficient a^r_ij = a_ij · min(1, LQ_ij)   (the part of the input bought inside the region)

δ defaults to 0.3: Flegg & Webber (1997, *Regional Studies* 31(8)) proposed δ = 0.3 as a working value,
and Flegg & Tohmo (2013, "Regional input-output tables and the FLQ formula: a case study of Finland",
*Regional Studies* 47(5), 703-721) found values of δ around 0.25-0.3 reproduce survey-based regional
tables best. δ is a parameter; the Monte Carlo in :mod:`spets.economy.scenario` varies it.

Multi-regional model (any set of regions that together make up the nation, e.g. 41 municipalities +
"rest of Sweden", or all 290 municipalities). Coefficient of an input i bought by industry j in region s
from region r:

    A[(r,i),(s,j)] = a_ij · q^s_ij                      if r = s   (q = min(1, FLQ), own-region share)
                   = a_ij · (1 − q^s_ij) · g^i_rs       if r ≠ s   (interregional trade)

with gravity shares g^i_rs = E_r,i · d_rs^(−β) / Σ_{r'≠s} E_r',i · d_r's^(−β) (d great-circle distance
between region centroids in km, β the distance decay, default 1.0). Columns of the multi-regional A sum
to the national column sums, so the national table is reproduced when all regions are included and
the model is productive whenever the national one is. If no other region produces i, the remainder
leaks (is treated as bought outside the model).

The operator y = A x is applied without forming A: with X (regions × industries),

    local[r,i]  = Σ_j a_ij q^r_ij X[r,j]
    import[s,i] = Σ_j a_ij X[s,j] − local[s,i]
    y           = local + E ⊙ (D (import ⊘ N)),   D[r,s] = d_rs^(−β) (0 on the diagonal), N = D'E

costing O(R·n² + R²·n) per product instead of (R·n)². x = (I − A)⁻¹ f is solved with GMRES on this
operator; multiplier rows m' = c'(I − A)⁻¹ with GMRES on the transposed operator (one solve per
multiplier type, giving the multipliers of all R·n sectors at once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse.linalg as spla

from spets.economy.blas import single_threaded
from spets.economy.io import IOTableError, LeontiefModel, check_labels, check_non_negative

FloatArray = np.ndarray

FLQ_DELTA_DEFAULT = 0.3
GRAVITY_BETA_DEFAULT = 1.0
EARTH_RADIUS_KM = 6371.0


# ---------------------------------------------------------------------------------------------
# Location quotients (one region)
# ---------------------------------------------------------------------------------------------


def simple_location_quotients(regional_employment: FloatArray, national_employment: FloatArray) -> FloatArray:
    """SLQ_i = (E_r,i / E_r) / (E_N,i / E_N); 0 where the nation has no employment in i."""
    er = np.asarray(regional_employment, dtype=float)
    en = np.asarray(national_employment, dtype=float)
    if er.sum() <= 0 or en.sum() <= 0:
        raise ValueError("location quotients need positive regional and national employment totals")
    share_n = en / en.sum()
    out = np.zeros_like(er)
    np.divide(er / er.sum(), share_n, out=out, where=share_n > 0)
    return out


def cross_industry_location_quotients(slq: FloatArray) -> FloatArray:
    """CILQ_ij = SLQ_i / SLQ_j, with CILQ_ii = SLQ_i (Flegg's convention); columns with SLQ_j = 0 get 1."""
    slq = np.asarray(slq, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cilq = slq[:, None] / slq[None, :]
    cilq[:, slq <= 0] = 1.0
    np.fill_diagonal(cilq, slq)
    return cilq


def flq_lambda(regional_total: float, national_total: float, delta: float = FLQ_DELTA_DEFAULT) -> float:
    """λ* = [log2(1 + E_R / E_N)]^δ, 0 ≤ δ < 1 (δ = 0 gives λ* = 1, i.e. CILQ)."""
    if not 0 <= delta < 1:
        raise ValueError(f"FLQ delta must be in [0, 1), got {delta}")
    return float(np.log2(1.0 + regional_total / national_total) ** delta)


def flq(
    regional_employment: FloatArray, national_employment: FloatArray, delta: float = FLQ_DELTA_DEFAULT
) -> FloatArray:
    """FLQ_ij = λ* · CILQ_ij (matrix n×n)."""
    er = np.asarray(regional_employment, dtype=float)
    en = np.asarray(national_employment, dtype=float)
    lam = flq_lambda(er.sum(), en.sum(), delta)
    return lam * cross_industry_location_quotients(simple_location_quotients(er, en))


def own_region_shares(
    regional_employment: FloatArray,
    national_employment: FloatArray,
    method: str = "flq",
    delta: float = FLQ_DELTA_DEFAULT,
) -> FloatArray:
    """q_ij = min(1, LQ_ij): the share of input i to industry j bought inside the region (n×n)."""
    er = np.asarray(regional_employment, dtype=float)
    en = np.asarray(national_employment, dtype=float)
    n = er.shape[0]
    if method == "slq":
        lq = np.repeat(simple_location_quotients(er, en)[:, None], n, axis=1)
    elif method == "cilq":
        lq = cross_industry_location_quotients(simple_location_quotients(er, en))
    elif method == "flq":
        lq = flq(er, en, delta)
    else:
        raise ValueError(f"unknown location quotient method {method!r}; valid: slq, cilq, flq")
    return np.minimum(1.0, lq)


def regional_model(
    national: LeontiefModel,
    regional_employment: FloatArray,
    national_employment: FloatArray,
    region: str,
    method: str = "flq",
    delta: float = FLQ_DELTA_DEFAULT,
) -> LeontiefModel:
    """Single-region model with a^r_ij = a_ij · min(1, LQ_ij) (imports from the rest of the nation leak)."""
    er = national.vector(regional_employment, f"employment of {region}")
    en = national.vector(national_employment, "national employment")
    q = own_region_shares(er, en, method, delta)
    return LeontiefModel(
        national.a * q, national.industries, name=f"{national.name} regionalised to {region} ({method})"
    )


# ---------------------------------------------------------------------------------------------
# Geography helpers
# ---------------------------------------------------------------------------------------------


def great_circle_km(lon: FloatArray, lat: FloatArray) -> FloatArray:
    """Haversine distances (km) between all pairs of points given in degrees (R×R)."""
    lo = np.radians(np.asarray(lon, dtype=float))
    la = np.radians(np.asarray(lat, dtype=float))
    dlat = la[:, None] - la[None, :]
    dlon = lo[:, None] - lo[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(la)[:, None] * np.cos(la)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def gravity_commuting_estimate(
    lon: FloatArray, lat: FloatArray, residents: FloatArray, scale_km: float = 15.0, self_weight: float = 4.0
) -> FloatArray:
    """ESTIMATE of a commuting matrix C[h, w]: share of people working in w who live in h (columns sum to 1).

    C[h, w] ∝ P_h · exp(−d_hw / scale_km), with the own municipality weighted ``self_weight`` times
    (most Swedes work in their home municipality). Labelled an estimate: replace by SCB commuting
    statistics (pendling mellan kommuner, RAMS/BAS) when available.
    """
    d = great_circle_km(lon, lat)
    p = np.asarray(residents, dtype=float)
    w = p[:, None] * np.exp(-d / scale_km)
    w[np.diag_indices_from(w)] *= self_weight
    col = w.sum(axis=0)
    col[col == 0] = 1.0
    return w / col[None, :]


# ---------------------------------------------------------------------------------------------
# Labelled multi-regional results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionalVector:
    """Values by (region, industry) with labels, quantity and unit; ``values`` is (regions, industries)."""

    regions: tuple[str, ...]
    industries: tuple[str, ...]
    values: FloatArray
    quantity: str
    unit: str

    def by_region(self) -> dict[str, float]:
        return {r: float(v) for r, v in zip(self.regions, self.values.sum(axis=1), strict=True)}

    def by_industry(self) -> dict[str, float]:
        return {i: float(v) for i, v in zip(self.industries, self.values.sum(axis=0), strict=True)}

    def total(self) -> float:
        return float(self.values.sum())

    def at(self, region: str, industry: str) -> float:
        return float(self.values[self.regions.index(region), self.industries.index(industry)])


@dataclass(frozen=True)
class RegionalMultipliers:
    """Multipliers of every (region, industry) sector; each array has shape (regions, industries).

    ``simple[k][s, j]`` = total effect of kind k in all regions per unit of final demand for industry j
    in region s (Type I); ``type_ii_simple`` the same with households endogenous.
    """

    regions: tuple[str, ...]
    industries: tuple[str, ...]
    simple: dict[str, FloatArray]
    type_ii_simple: dict[str, FloatArray] = field(default_factory=dict)


@dataclass(frozen=True)
class SolveInfo:
    iterations: int
    relative_residual: float


# ---------------------------------------------------------------------------------------------
# Multi-regional model
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Households:
    """Households made endogenous in the multi-regional model.

    ``wage_row[j]`` household income per unit of output of j (n, or regions×n);
    ``consumption[i]`` household purchases of i per unit of household income (Σ < 1: taxes and saving leak);
    ``commuting[h, w]`` share of wages earned in w paid to residents of h (columns sum to 1; None = live
    where they work); ``local[i]`` true for non-traded services households buy where they live (hair
    dressers, schools, care, housing): their own-region share is 1 instead of the FLQ share.
    """

    wage_row: FloatArray
    consumption: FloatArray
    commuting: FloatArray | None = None
    local: FloatArray | None = None


class MultiRegionalModel:
    """Matrix-free multi-regional Leontief model (national coefficients × regional trade shares).

    Construct with the national technical coefficients (n×n), region codes, centroids and employment
    by region × industry. See the module docstring for the formulas.
    """

    def __init__(
        self,
        national_a: FloatArray,
        industries: Sequence[str],
        regions: Sequence[str],
        lon: FloatArray,
        lat: FloatArray,
        employment: FloatArray,
        delta: float = FLQ_DELTA_DEFAULT,
        beta: float = GRAVITY_BETA_DEFAULT,
        name: str = "multi-regional model",
        households: Households | None = None,
        tol: float = 1e-11,
    ) -> None:
        self.name = name
        national = LeontiefModel(national_a, industries, name=name)  # validates A and ρ(A) < 1
        self.a = national.a
        self.industries = national.industries
        self.regions = check_labels(name, regions, len(regions), what="regions")
        e = np.asarray(employment, dtype=float)
        r, n = len(self.regions), len(self.industries)
        if e.shape != (r, n):
            raise IOTableError(
                name,
                None,
                f"mismatched labels: employment is {e.shape}, expected ({r}, {n}) regions × industries",
            )
        check_non_negative(name, self.regions, e, "employment")
        if (e.sum(axis=1) <= 0).any():
            raise IOTableError(name, self.regions[int(np.argmin(e.sum(axis=1)))], "region has no employment")
        self.employment = e
        self.delta = delta
        self.beta = beta
        self.tol = tol
        self.shape = (r, n)
        self.size = r * n
        en = e.sum(axis=0)
        total = e.sum()
        slq = np.zeros_like(e)
        share_n = en / total
        np.divide(e / e.sum(axis=1, keepdims=True), share_n[None, :], out=slq, where=share_n[None, :] > 0)
        self.slq = slq
        self.lam = np.log2(1.0 + e.sum(axis=1) / total) ** delta
        with np.errstate(divide="ignore", invalid="ignore"):
            cilq = slq[:, :, None] / slq[:, None, :]
        cilq = np.where(slq[:, None, :] > 0, cilq, 1.0)
        idx = np.arange(n)
        cilq[:, idx, idx] = slq
        q = np.minimum(1.0, self.lam[:, None, None] * cilq)
        self.own_share = q  # q[r, i, j]
        self.qa = q * self.a[None, :, :]  # a_ij q^r_ij
        self.household_own_share = np.minimum(1.0, self.lam[:, None] * slq)  # households: SLQ_hh = 1
        dist = great_circle_km(lon, lat)
        if dist.shape != (r, r):
            raise IOTableError(name, None, f"mismatched labels: {dist.shape[0]} centroids for {r} regions")
        with np.errstate(divide="ignore"):
            dmat = np.maximum(dist, 1.0) ** (-beta)
        np.fill_diagonal(dmat, 0.0)
        self.decay = dmat
        self.supply_norm = dmat.T @ e  # N[s, i] = Σ_r D[r, s] E[r, i]
        self._inv_norm = np.zeros_like(self.supply_norm)
        np.divide(1.0, self.supply_norm, out=self._inv_norm, where=self.supply_norm > 0)
        self.households = households
        if households is not None:
            self._set_households(households)
        self.last_solve: SolveInfo | None = None

    # -- households ----------------------------------------------------------------------------
    def _set_households(self, hh: Households) -> None:
        r, n = self.shape
        w = np.asarray(hh.wage_row, dtype=float)
        self._wage = np.broadcast_to(w, (r, n)) if w.shape in ((n,), (r, n)) else None
        if self._wage is None:
            raise IOTableError(self.name, None, f"mismatched labels: wage row has shape {w.shape}")
        c = np.asarray(hh.consumption, dtype=float)
        if c.shape != (n,):
            raise IOTableError(
                self.name, None, f"mismatched labels: consumption column has {c.shape}, expected ({n},)"
            )
        if c.sum() >= 1:
            raise IOTableError(
                self.name, "households", f"consumption per unit of income sums to {c.sum():.3f} ≥ 1"
            )
        self._cons = c
        cm = np.eye(r) if hh.commuting is None else np.asarray(hh.commuting, dtype=float)
        if cm.shape != (r, r):
            raise IOTableError(
                self.name, None, f"mismatched labels: commuting matrix is {cm.shape}, expected ({r}, {r})"
            )
        check_non_negative(self.name, self.regions, cm, "commuting share")
        self._commuting = cm
        own = np.minimum(1.0, self.lam[:, None] * self.slq)  # households: SLQ_hh = 1
        if hh.local is not None:
            own = np.where(np.asarray(hh.local, dtype=bool)[None, :], 1.0, own)
        self.household_own_share = own

    def with_households(self, households: Households) -> MultiRegionalModel:
        """A copy of this model with households endogenous (shares all precomputed arrays)."""
        clone = object.__new__(MultiRegionalModel)
        clone.__dict__.update(self.__dict__)
        clone.households = households
        clone._set_households(households)
        return clone

    # -- operator --------------------------------------------------------------------------------
    def _trade_out(self, imports: FloatArray) -> FloatArray:
        """Distribute each region's imported demand over supplying regions: E ⊙ (D (M ⊘ N))."""
        return self.employment * (self.decay @ (imports * self._inv_norm))

    def _trade_in(self, z: FloatArray) -> FloatArray:
        """Transpose of _trade_out: U[s,i] = Σ_r g^i_rs z[r,i] = (D'(E ⊙ z))[s,i] / N[s,i]."""
        return (self.decay.T @ (self.employment * z)) * self._inv_norm

    def apply(self, x: FloatArray, closed: bool = False) -> FloatArray:
        """y = A x for the flattened state (regions·industries [+ regions households if closed])."""
        r, n = self.shape
        xx = x[: self.size].reshape(r, n)
        local = np.matmul(self.qa, xx[:, :, None])[:, :, 0]
        imports = xx @ self.a.T - local
        y = local + self._trade_out(imports)
        if not closed:
            return y.ravel()
        h = x[self.size :]
        demand = self._cons[None, :] * h[:, None]
        own = self.household_own_share * demand
        y = y + own + self._trade_out(demand - own)
        income = self._commuting @ (self._wage * xx).sum(axis=1)
        return np.concatenate([y.ravel(), income])

    def apply_transposed(self, z: FloatArray, closed: bool = False) -> FloatArray:
        """y = A' z (see apply)."""
        r, n = self.shape
        zz = z[: self.size].reshape(r, n)
        u = self._trade_in(zz)
        y = np.matmul((zz - u)[:, None, :], self.qa)[:, 0, :] + u @ self.a
        if not closed:
            return y.ravel()
        zh = z[self.size :]
        y = y + self._wage * (self._commuting.T @ zh)[:, None]
        hh = ((self.household_own_share * zz + (1 - self.household_own_share) * u) * self._cons[None, :]).sum(
            axis=1
        )
        return np.concatenate([y.ravel(), hh])

    def _operator(self, closed: bool, transposed: bool) -> spla.LinearOperator:
        if closed and self.households is None:
            raise IOTableError(self.name, None, "Type II needs households (wage row, consumption, commuting)")
        size = self.size + (self.shape[0] if closed else 0)
        fn = self.apply_transposed if transposed else self.apply
        return spla.LinearOperator((size, size), matvec=lambda v: v - fn(v, closed), dtype=float)

    def _solve(self, rhs: FloatArray, closed: bool, transposed: bool) -> FloatArray:
        """Solve (I − A) v = rhs (or its transpose) by GMRES; raise if it does not converge."""
        norm = float(np.linalg.norm(rhs))
        if norm == 0:
            self.last_solve = SolveInfo(0, 0.0)
            return np.zeros_like(rhs)
        op = self._operator(closed, transposed)
        count = [0]

        def cb(_: Any) -> None:
            count[0] += 1

        with single_threaded():
            v, info = spla.gmres(
                op, rhs, rtol=self.tol, atol=0.0, restart=60, maxiter=50, callback=cb, callback_type="pr_norm"
            )
            resid = float(np.linalg.norm(op.matvec(v) - rhs)) / norm
        if info != 0 or resid > max(1e3 * self.tol, 1e-8):
            raise IOTableError(
                self.name, None, f"iterative solve did not converge (info={info}, residual {resid:.2e})"
            )
        self.last_solve = SolveInfo(count[0], resid)
        return v

    # -- public API -----------------------------------------------------------------------------
    def grid(self, values: FloatArray | dict[tuple[str, str], float], what: str) -> FloatArray:
        """A (regions × industries) array from an array or a {(region, industry): value} dict."""
        if isinstance(values, dict):
            out = np.zeros(self.shape)
            for (reg, ind), val in values.items():
                if reg not in self.regions:
                    raise IOTableError(
                        self.name, str(reg), f"unknown region in {what}; valid: {', '.join(self.regions)}"
                    )
                if ind not in self.industries:
                    raise IOTableError(
                        self.name,
                        str(ind),
                        f"unknown industry in {what}; valid: {', '.join(self.industries)}",
                    )
                out[self.regions.index(reg), self.industries.index(ind)] += float(val)
            return out
        arr = np.asarray(values, dtype=float)
        if arr.shape == (self.shape[1],):
            arr = np.broadcast_to(arr, self.shape)
        if arr.shape != self.shape:
            raise IOTableError(
                self.name, None, f"mismatched labels: {what} has shape {arr.shape}, expected {self.shape}"
            )
        return np.array(arr)

    def output(
        self, final_demand: FloatArray | dict[tuple[str, str], float], households_endogenous: bool = False
    ) -> RegionalVector:
        """x = (I − A)⁻¹ f by region × industry (Type II when households_endogenous)."""
        f = self.grid(final_demand, "final demand").ravel()
        if households_endogenous:
            f = np.concatenate([f, np.zeros(self.shape[0])])
        x = self._solve(f, households_endogenous, transposed=False)[: self.size]
        kind = "Type II (households endogenous)" if households_endogenous else "Type I"
        return RegionalVector(
            self.regions, self.industries, x.reshape(self.shape), f"output, {kind}", "as final demand"
        )

    def output_given(
        self, fixed: FloatArray, fixed_cells: FloatArray, households_endogenous: bool = False
    ) -> FloatArray:
        """Output of every sector when the output of ``fixed_cells`` (bool, regions × industries) is given
        as ``fixed``: backward hypothetical extraction (Miller & Blair 2009, §12.2). The other sectors O
        produce x_O = (I − A_OO)⁻¹ A_OS x_S — what the fixed sectors S buy, directly and through the
        chain — and S keeps exactly x_S, so deliveries between the fixed sectors are not counted again.
        Equals x − x̄ in O with x̄ the economy whose S columns are extracted. Returns regions × industries.
        """
        mask = self.grid(np.asarray(fixed_cells, dtype=float), "fixed cells").ravel() > 0
        xs = np.where(mask, self.grid(fixed, "fixed output").ravel(), 0.0)
        extra = self.shape[0] if households_endogenous else 0
        if households_endogenous and self.households is None:
            raise IOTableError(self.name, None, "Type II needs households (wage row, consumption, commuting)")
        keep = np.concatenate([~mask, np.ones(extra, dtype=bool)]).astype(float)
        xs_full = np.concatenate([xs, np.zeros(extra)])
        size = self.size + extra
        op = spla.LinearOperator(
            (size, size),
            matvec=lambda v: v - keep * self.apply(keep * v, households_endogenous),
            dtype=float,
        )
        with single_threaded():
            rhs = keep * self.apply(xs_full, households_endogenous)
            norm = float(np.linalg.norm(rhs))
            if norm == 0:
                return xs.reshape(self.shape)
            v, info = spla.gmres(op, rhs, rtol=self.tol, atol=0.0, restart=60, maxiter=50)
            resid = float(np.linalg.norm(op.matvec(v) - rhs)) / norm
        if info != 0 or resid > max(1e3 * self.tol, 1e-8):
            raise IOTableError(
                self.name, None, f"iterative solve did not converge (info={info}, residual {resid:.2e})"
            )
        return (xs + keep[: self.size] * v[: self.size]).reshape(self.shape)

    def household_income(self, output: RegionalVector) -> dict[str, float]:
        """Household (wage) income by region of residence generated by an output vector: C (Σ_j w_j x_sj)."""
        if self.households is None:
            raise IOTableError(self.name, None, "household income needs households")
        inc = self._commuting @ (self._wage * output.values).sum(axis=1)
        return {r: float(v) for r, v in zip(self.regions, inc, strict=True)}

    def multipliers(
        self, coefficients: dict[str, FloatArray] | None = None, type_ii: bool = False
    ) -> RegionalMultipliers:
        """Multipliers of all sectors: m' = c'(I − A)⁻¹ solved as (I − A)' m = c, one solve per kind.

        ``coefficients[k]`` is a row per unit of output (n or regions × n), e.g. jobs per MSEK.
        ``output`` (c = 1) is always included. Type II adds households (needs ``households``).
        """
        rows = {"output": np.ones(self.shape)}
        for key, val in (coefficients or {}).items():
            rows[key] = self.grid(val, f"coefficient row {key!r}")
        simple = {k: self._solve(c.ravel(), False, True).reshape(self.shape) for k, c in rows.items()}
        result = RegionalMultipliers(self.regions, self.industries, simple)
        if type_ii:
            pad = np.zeros(self.shape[0])
            for k, c in rows.items():
                m = self._solve(np.concatenate([c.ravel(), pad]), True, True)
                result.type_ii_simple[k] = m[: self.size].reshape(self.shape)
        return result

    def dense_matrix(self, closed: bool = False, limit: int = 4000) -> FloatArray:
        """Materialise A (for tests and small systems only; refuses above ``limit`` sectors)."""
        size = self.size + (self.shape[0] if closed else 0)
        if size > limit:
            raise IOTableError(
                self.name, None, f"refusing to materialise a {size}×{size} matrix (limit {limit})"
            )
        eye = np.eye(size)
        return np.column_stack([self.apply(eye[:, k], closed) for k in range(size)])
