"""Peer-learning pairs: companies strong where the other is weak (pure). Method: docs/methods/matching.md.

For two companies a and b with dimension scores (0..100, None = not assessed, such a dimension is skipped):

    lead(a → b) = max over dimensions d of (a_d − b_d), with d* the dimension where it is reached
    mutual(a, b) = min(lead(a → b), lead(b → a))

A pair is suggested when both leads are at least MIN_LEAD points: each has something to teach the other.
Pairs are chosen greedily by mutual value (highest first; ties by the smaller, then larger company id), each
company in at most one pair. Only companies that agreed to be matched are passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MIN_LEAD = 15.0


@dataclass(frozen=True)
class Lead:
    dimension: str
    points: float  # how far ahead
    strong: float  # the stronger company's score
    weak: float  # the other's score


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    a_teaches: Lead  # where a is strong and b weak
    b_teaches: Lead
    mutual: float


def lead(a: Mapping[str, float | None], b: Mapping[str, float | None]) -> Lead | None:
    best: Lead | None = None
    for dim in sorted(set(a) & set(b)):
        sa, sb = a[dim], b[dim]
        if sa is None or sb is None:
            continue
        diff = float(sa) - float(sb)
        if best is None or diff > best.points:
            best = Lead(dim, diff, float(sa), float(sb))
    return best


def candidate(a: int, b: int, scores: Mapping[int, Mapping[str, float | None]]) -> Pair | None:
    ab, ba = lead(scores[a], scores[b]), lead(scores[b], scores[a])
    if ab is None or ba is None or ab.points < MIN_LEAD or ba.points < MIN_LEAD:
        return None
    return Pair(a, b, ab, ba, min(ab.points, ba.points))


def suggest(scores: Mapping[int, Mapping[str, float | None]]) -> list[Pair]:
    """Greedy pairs among the companies of ``scores`` (company id → dimension scores)."""
    ids = sorted(scores)
    found = [p for i, a in enumerate(ids) for b in ids[i + 1 :] if (p := candidate(a, b, scores)) is not None]
    found.sort(key=lambda p: (-p.mutual, p.a, p.b))
    taken: set[int] = set()
    pairs = []
    for p in found:
        if p.a in taken or p.b in taken:
            continue
        taken.update((p.a, p.b))
        pairs.append(p)
    return pairs


def partners_for(company_id: int, scores: Mapping[int, Mapping[str, float | None]]) -> list[Pair]:
    """Every consenting company that would pair with ``company_id``, best first (a is always the company)."""
    out = [
        p
        for other in sorted(scores)
        if other != company_id and (p := candidate(company_id, other, scores)) is not None
    ]
    return sorted(out, key=lambda p: (-p.mutual, p.b))
