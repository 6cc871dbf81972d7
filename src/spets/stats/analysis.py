"""Regional analysis on employment matrices (pure numpy, labelled results).

Every function takes and returns ``Table`` objects: a 2-D array with its row and column
codes, so a caller never gets a bare matrix. Missing figures stay NaN.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import cube as C
from . import ops


@dataclass
class Table:
    """A labelled matrix: values[i, j] belongs to (rows[i], cols[j])."""

    name: str
    row_dim: str
    rows: list[str]
    col_dim: str
    cols: list[str]
    values: np.ndarray

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, dtype=np.float64)
        if self.values.shape != (len(self.rows), len(self.cols)):
            raise ValueError(
                f"{self.name}: shape {self.values.shape} does not match "
                f"{len(self.rows)} rows x {len(self.cols)} cols"
            )

    def get(self, row: str, col: str) -> float:
        return float(self.values[self.rows.index(row), self.cols.index(col)])

    def row(self, row: str) -> dict[str, float]:
        return dict(zip(self.cols, self.values[self.rows.index(row)].tolist(), strict=True))

    def records(self) -> list[dict]:
        return [
            {self.row_dim: r, self.col_dim: c, self.name: None if np.isnan(v) else float(v)}
            for i, r in enumerate(self.rows)
            for j, c in enumerate(self.cols)
            for v in [self.values[i, j]]
        ]


def matrix(
    cube: C.Cube,
    *,
    rows: str = "Region",
    cols: str = "SNI2007",
    fixed: Mapping[str, str] | None = None,
    name: str = "employment",
) -> Table:
    """A rows × cols Table from a cube: ``fixed`` picks one code per other dimension (e.g.
    ``{"Tid": "2021"}``); dimensions neither fixed nor rows/cols are summed (status-aware)."""
    fixed = dict(fixed or {})
    c = cube.select(**{k: [v] for k, v in fixed.items()})
    for d in list(c.dims):
        if d.code not in (rows, cols):
            c = ops.sum_over(c, d.code)
    vals = np.transpose(c.values, [c.axis(rows), c.axis(cols)])
    return Table(name, rows, list(c.dim(rows).codes), cols, list(c.dim(cols).codes), vals)


def _div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.true_divide(a, b)
    out[~np.isfinite(out)] = np.nan
    return out


def location_quotients(regional: Table, national: Sequence[float] | np.ndarray | None = None) -> Table:
    """Location quotient of each region in each industry, against the nation.

        LQ[r, i] = (e[r, i] / e[r]) / (E[i] / E)

    with e[r] = Σ_i e[r, i], E[i] national employment in industry i and E = Σ_i E[i].
    LQ > 1: the region is more specialised in i than the nation. ``national`` defaults to
    the column sums of ``regional`` (right when the rows are all of the country's regions).
    """
    e = regional.values
    E_i = np.nansum(e, axis=0) if national is None else np.asarray(national, dtype=np.float64)
    if E_i.shape != (e.shape[1],):
        raise ValueError(f"national must have one value per column ({e.shape[1]}), got shape {E_i.shape}")
    share_r = _div(e, np.nansum(e, axis=1, keepdims=True))
    share_n = _div(E_i, np.nansum(E_i))
    return Table(
        "location_quotient",
        regional.row_dim,
        regional.rows,
        regional.col_dim,
        regional.cols,
        _div(share_r, share_n[None, :]),
    )


@dataclass
class ShiftShare:
    """Components per region × industry; ``national + industry_mix + regional == change``."""

    change: Table
    national: Table
    industry_mix: Table
    regional: Table
    national_growth: float  # G = E1 / E0 - 1

    def totals(self) -> dict[str, dict[str, float]]:
        """Per region: each component summed over industries."""
        out = {}
        for i, r in enumerate(self.change.rows):
            out[r] = {
                t.name: float(np.nansum(t.values[i]))
                for t in (self.change, self.national, self.industry_mix, self.regional)
            }
        return out


def shift_share(
    start: Table,
    end: Table,
    national_start: Sequence[float] | np.ndarray,
    national_end: Sequence[float] | np.ndarray,
) -> ShiftShare:
    """Classic shift-share decomposition of employment change between two years.

        change[r, i]       = e1[r, i] - e0[r, i]
        national[r, i]     = e0[r, i] * G                 G   = E1 / E0 - 1
        industry_mix[r, i] = e0[r, i] * (G[i] - G)        G_i = E1[i] / E0[i] - 1
        regional[r, i]     = e1[r, i] - e0[r, i] * (1 + G[i])   (= e0 * (g[r, i] - G[i]))

    The regional (competitive) component is written without dividing by e0 so a region that
    starts from zero in an industry still gets a defined value.
    """
    if start.rows != end.rows or start.cols != end.cols:
        raise ValueError("start and end tables must have the same rows and columns")
    e0, e1 = start.values, end.values
    E0, E1 = np.asarray(national_start, np.float64), np.asarray(national_end, np.float64)
    if E0.shape != (e0.shape[1],) or E1.shape != (e0.shape[1],):
        raise ValueError(f"national figures need one value per column ({e0.shape[1]})")
    G = float(np.nansum(E1) / np.nansum(E0) - 1)
    G_i = _div(E1, E0) - 1
    lab = (start.row_dim, start.rows, start.col_dim, start.cols)
    return ShiftShare(
        change=Table("change", *lab, e1 - e0),
        national=Table("national", *lab, e0 * G),
        industry_mix=Table("industry_mix", *lab, e0 * (G_i - G)[None, :]),
        regional=Table("regional", *lab, e1 - e0 * (1 + G_i)[None, :]),
        national_growth=G,
    )
