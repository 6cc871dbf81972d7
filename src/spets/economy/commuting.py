"""Commuting matrix from SCB's commuting statistics (pure: numpy only).

SCB publishes employed persons by municipality of residence (bostadskommun) and municipality of work
(arbetsställekommun) per year (RAMS: ``AM0207…PendlKomA04``, BAS: ``AM0210F/ArRegPend2``). For a model
with regions r (municipalities, possibly an aggregate such as "rest of Sweden") this module turns the
counts N[h, w] of one year into the model's commuting matrix

    C[h, w] = N[h, w] / Σ_h' N[h', w]          (share of people working in w who live in h)

for every model workplace region w that is a municipality of the table with at least one employed
person. Residents of a municipality that is not a model region are counted in the aggregate region
(``rest_code``) when the model has one; otherwise (or for codes outside Sweden) they are left out and the
column is renormalised over the people left, and the count left out is reported. Only the shares are
taken from SCB: the model multiplies them by its own employment per workplace municipality, so the
commuting statistics are scaled to the model's employment (a different year or age band changes who
lives where, not how many work there).

Columns SCB cannot give (the aggregate region, municipalities missing from the imported table) are NaN:
:class:`spets.economy.footprint.EconomyModel` fills them with the gravity estimate and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

FloatArray = np.ndarray


@dataclass(frozen=True)
class CommutingCounts:
    """Employed persons of one year by residence (rows) and workplace (columns), with codes."""

    residence: tuple[str, ...]
    work: tuple[str, ...]
    counts: FloatArray  # (len(residence), len(work)); NaN = suppressed or missing cell
    table: str
    year: int
    version: int | None = None
    suppressed_cells: int = 0  # '..' cells of the table's year (before men and women were summed)


@dataclass(frozen=True)
class ObservedCommuting:
    """Commuting matrix C[h, w] over the model regions; NaN columns are not observed (gravity fallback)."""

    matrix: FloatArray
    observed: tuple[str, ...]  # model workplace regions whose column comes from SCB
    fallback: tuple[str, ...]  # model workplace regions left to the gravity estimate
    residents_left_out: float = 0.0  # persons living outside the model regions (no aggregate to hold them)
    suppressed_cells: int = 0  # suppressed ('..') cells, counted as 0
    notes: list[str] = field(default_factory=list)


def observed_commuting(
    counts: CommutingCounts, codes: Sequence[str], rest_code: str | None = None
) -> ObservedCommuting:
    """Commuting shares of the model regions ``codes`` from SCB counts (see the module docstring).

    ``rest_code``: the model's aggregate region that holds every municipality not in ``codes`` (its column
    is never observed: the table's municipalities outside the model are not all its workplaces).
    """
    codes = tuple(codes)
    n = len(codes)
    pos = {c: i for i, c in enumerate(codes)}
    rest = pos.get(rest_code) if rest_code is not None else None
    raw = np.asarray(counts.counts, dtype=float)
    if raw.shape != (len(counts.residence), len(counts.work)):
        raise ValueError(
            f"commuting counts are {raw.shape}, expected ({len(counts.residence)}, {len(counts.work)})"
        )
    # residence rows → model rows (municipalities outside the model into the aggregate, else dropped)
    row_to = np.full(len(counts.residence), -1, dtype=int)
    for k, code in enumerate(counts.residence):
        if code in pos and code != rest_code:
            row_to[k] = pos[code]
        elif rest is not None and _swedish_municipality(code):
            row_to[k] = rest
    matrix = np.full((n, n), np.nan)
    observed: list[str] = []
    left_out = 0.0
    suppressed = 0
    work_pos = {c: j for j, c in enumerate(counts.work)}
    for w, code in enumerate(codes):
        j = work_pos.get(code)
        if j is None or code == rest_code:
            continue
        col = raw[:, j]
        suppressed += int(np.isnan(col).sum())
        col = np.nan_to_num(col, nan=0.0)
        kept = row_to >= 0
        total = col[kept].sum()
        if total <= 0:
            continue
        left_out += float(col[~kept].sum())
        shares = np.zeros(n)
        np.add.at(shares, row_to[kept], col[kept])
        matrix[:, w] = shares / total
        observed.append(code)
    fallback = tuple(c for c in codes if c not in observed)
    suppressed = max(suppressed, counts.suppressed_cells)
    return ObservedCommuting(matrix, tuple(observed), fallback, left_out, suppressed)


def fill_with(observed: FloatArray, estimate: FloatArray) -> FloatArray:
    """The observed matrix with its NaN columns taken from ``estimate`` (both C[h, w], columns sum to 1)."""
    obs = np.asarray(observed, dtype=float)
    est = np.asarray(estimate, dtype=float)
    if obs.shape != est.shape:
        raise ValueError(f"commuting matrices differ in shape: {obs.shape} and {est.shape}")
    missing = np.isnan(obs).any(axis=0)
    out = obs.copy()
    out[:, missing] = est[:, missing]
    return out


def _swedish_municipality(code: str) -> bool:
    """A 4-digit kommun code (not '00' Sweden, a 2-digit county or a code for abroad)."""
    return len(code) == 4 and code.isdigit() and not code.startswith("00")


def choose_year(years: Sequence[int], year: int) -> int:
    """The latest year ≤ ``year``; without one, the earliest year after it (nearest)."""
    ys = sorted(int(y) for y in years)
    if not ys:
        raise ValueError("no years")
    before = [y for y in ys if y <= year]
    return before[-1] if before else ys[0]
