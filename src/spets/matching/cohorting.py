"""Cohort proposals across county lines (pure: numpy only). Method: docs/methods/matching.md.

Input: one row per eligible company — its id, county, industry group (companies in one group have
compatible industries, e.g. the same SNI division) and gap profile (gap in score points to the peer
group's top quartile, one column per dimension; NaN = not assessed, counted as no gap).

0. A company with no gap in any dimension has no challenge to share and is left out.
1. Each company's *shared challenge* is its largest gap (the dimension with the highest gap; ties go to the
   first dimension); its *second challenge* the next largest.
2. Companies are bucketed by (industry group, shared challenge). Inside a bucket they are ordered by
   second challenge, then gap in the shared challenge (largest first, in 5-point steps), then id — so
   neighbours have similar profiles and the order does not depend on the input order.
3. A bucket of n ≥ MIN_SIZE companies is cut into m consecutive cohorts of near-equal size (sizes differ by
   at most one): m = round(n / target), kept within [ceil(n / MAX_SIZE), floor(n / MIN_SIZE)] so that
   n / m, and with it every size, lies in [MIN_SIZE, MAX_SIZE].
4. A cohort with a single county swaps its last member with the nearest member of another cohort in the
   bucket from a different county, when that cohort keeps two counties; a cohort that still has one
   county is not proposed.
5. Companies left out (no gap at all, bucket too small, one county only) are counted with the reason.
Same input (as a set of rows), same proposals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MIN_SIZE = 6
MAX_SIZE = 15
DEFAULT_TARGET = 10
STEP = 5.0  # gap magnitude steps (points) when ordering within a bucket


@dataclass(frozen=True)
class Proposal:
    company_ids: tuple[int, ...]
    counties: tuple[int, ...]  # distinct counties, ascending
    industry: int
    challenge: int  # column index of the shared largest gap
    mean_gap: float  # mean gap in the shared challenge (points)


@dataclass(frozen=True)
class Proposals:
    cohorts: tuple[Proposal, ...]
    eligible: int
    left_out_small: int  # in a bucket with fewer than MIN_SIZE companies
    left_out_county: int  # in a cohort that could not get a second county
    left_out_no_gap: int = 0  # no gap in any dimension

    @property
    def too_few(self) -> bool:
        return not self.cohorts


def cut(n: int, target: int) -> list[tuple[int, int]]:
    """(start, end) of m near-equal consecutive parts of n ≥ MIN_SIZE rows (step 3 of the method)."""
    m = min(max(round(n / target), -(-n // MAX_SIZE)), n // MIN_SIZE)
    base, extra = divmod(n, m)
    bounds, start = [], 0
    for i in range(m):
        size = base + (1 if i < extra else 0)
        bounds.append((start, start + size))
        start += size
    return bounds


def _fix_counties(groups: list[list[int]], county: npt.NDArray[np.int64]) -> list[bool]:
    """Swap members so each group has two counties where possible (in place); whether each group does."""
    ok = [len(set(county[g].tolist())) >= 2 for g in groups]
    for i in range(len(groups)):
        if ok[i]:
            continue
        mine = int(county[groups[i][0]])
        # nearest other groups first (then lower index), a deterministic search
        for j in sorted((j for j in range(len(groups)) if j != i), key=lambda j: (abs(j - i), j)):
            other = groups[j]
            for pos in range(len(other)):
                x = other[pos]
                if int(county[x]) == mine:
                    continue
                rest = {int(county[y]) for k, y in enumerate(other) if k != pos}
                if len(rest | {mine}) < 2:
                    continue
                y = groups[i][-1]
                groups[i][-1], other[pos] = x, y
                ok[i], ok[j] = True, True
                break
            if ok[i]:
                break
    return ok


def propose(
    company_ids: npt.ArrayLike,
    counties: npt.ArrayLike,
    industries: npt.ArrayLike,
    gaps: npt.ArrayLike,
    target: int = DEFAULT_TARGET,
) -> Proposals:
    """Cohort proposals (see the module docstring). ``gaps`` has shape (n, dimensions)."""
    if not MIN_SIZE <= target <= MAX_SIZE:
        raise ValueError(f"target cohort size must be {MIN_SIZE}–{MAX_SIZE}, got {target}")
    ids = np.asarray(company_ids, dtype=np.int64)
    county = np.asarray(counties, dtype=np.int64)
    industry = np.asarray(industries, dtype=np.int64)
    n = len(ids)
    if n == 0:
        return Proposals((), 0, 0, 0)
    g = np.nan_to_num(np.asarray(gaps, dtype=np.float64).reshape(n, -1), nan=0.0)
    if g.shape[1] == 0:
        g = np.zeros((n, 1))
    has_gap = np.any(g > 0, axis=1)
    no_gap = int(n - has_gap.sum())
    ids, county, industry, g = ids[has_gap], county[has_gap], industry[has_gap], g[has_gap]
    n = len(ids)
    order_dims = np.argsort(-g, axis=1, kind="stable")
    first = order_dims[:, 0]
    second = order_dims[:, 1] if g.shape[1] > 1 else np.zeros(n, dtype=np.int64)
    magnitude = np.floor(g[np.arange(n), first] / STEP)
    # lexsort: last key is primary
    order = np.lexsort((ids, -magnitude, second, first, industry))
    keys = np.stack([industry[order], first[order]], axis=1)
    change = np.flatnonzero(np.any(keys[1:] != keys[:-1], axis=1)) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [n]))
    cohorts: list[Proposal] = []
    small = lost = 0
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if e - s < MIN_SIZE:
            small += e - s
            continue
        members = order[s:e]
        if np.all(county[members] == county[members[0]]):
            lost += e - s  # one county only: no swap can help
            continue
        groups = [members[a:b].tolist() for a, b in cut(e - s, target)]
        ok = _fix_counties(groups, county)
        for grp, good in zip(groups, ok, strict=True):
            if not good:
                lost += len(grp)
                continue
            rows = np.asarray(sorted(grp, key=lambda r: int(ids[r])), dtype=np.int64)
            dim = int(first[rows[0]])
            cohorts.append(
                Proposal(
                    tuple(int(x) for x in ids[rows]),
                    tuple(sorted({int(c) for c in county[rows]})),
                    int(industry[rows[0]]),
                    dim,
                    round(float(g[rows, dim].mean()), 6),
                )
            )
    cohorts.sort(key=lambda p: (p.industry, p.challenge, p.company_ids))
    return Proposals(tuple(cohorts), n + no_gap, small, lost, no_gap)
