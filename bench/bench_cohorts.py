"""Cohort proposals benchmark: the pure proposal core (spets.matching.cohorting.propose) on 60,000
synthetic companies — three counties, 80 industry groups (SNI divisions), six gap dimensions (0–60 points,
one in ten not assessed) — best of 5, plus a check of the constraints on the result.

Run on demand (not in CI): `.venv/bin/python bench/bench_cohorts.py [--companies N] [--target T]`.
Prints the figures (no database needed: the proposals' cost is the core; reading the gap profiles is the
assessment app's latest-results query).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from spets.matching.cohorting import MAX_SIZE, MIN_SIZE, propose


def synthetic(n: int, seed: int = 11):
    rng = np.random.default_rng(seed)
    ids = rng.permutation(np.arange(1, n + 1))
    counties = rng.choice([17, 20, 21], n, p=[0.3, 0.35, 0.35])
    industries = rng.zipf(1.6, n) % 80
    gaps = rng.uniform(0, 60, (n, 6))
    gaps[rng.random((n, 6)) < 0.1] = np.nan
    return ids, counties, industries, gaps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=60_000)
    parser.add_argument("--target", type=int, default=10)
    args = parser.parse_args()
    ids, counties, industries, gaps = synthetic(args.companies)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        result = propose(ids, counties, industries, gaps, target=args.target)
        times.append(time.perf_counter() - start)
    county_of = dict(zip(ids.tolist(), counties.tolist(), strict=True))
    sizes = [len(c.company_ids) for c in result.cohorts]
    assert all(MIN_SIZE <= s <= MAX_SIZE for s in sizes)
    assert all(len({county_of[i] for i in c.company_ids}) >= 2 for c in result.cohorts)
    again = propose(ids[::-1], counties[::-1], industries[::-1], gaps[::-1], target=args.target)
    print(f"companies: {args.companies:,}  target size: {args.target}")
    print(f"proposal time: best {min(times):.3f} s, median {sorted(times)[2]:.3f} s (of 5)")
    print(
        f"cohorts: {len(result.cohorts):,}  sizes {min(sizes)}–{max(sizes)}  "
        f"placed {sum(sizes):,}  left out: {result.left_out_small:,} small groups, "
        f"{result.left_out_county:,} one county, {result.left_out_no_gap:,} no gap"
    )
    print(f"deterministic under reordering: {again == result}")


if __name__ == "__main__":
    main()
