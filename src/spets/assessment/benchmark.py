"""A company's position among its peers, and peer-group statistics. Pure (numpy only).

Privacy rule: nothing about a group (percentile, median, quartile) is shown unless the group has at
least MIN_PEERS companies with a score, the company itself included. Otherwise the value is None and
``reason`` says "too few peers".

Percentile (mid-rank), for a company with score s in a group of n scores x_1..x_n (itself included):

    P = 100 * (#{x_j < s} + 0.5 * #{x_j = s}) / n

so a company tied with everyone sits at 50, the single best of n at 100 * (n - 0.5) / n.
Median and top quartile are the 50th and 75th percentiles of the group's scores with linear
interpolation between order statistics (Hyndman & Fan type 7, numpy's default "linear" method).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

MIN_PEERS = 5
GROUPINGS = ("sni_section", "size_class", "county", "programme_area")
TOO_FEW = "too few peers"


@dataclass(frozen=True)
class Peer:
    """One company's latest result, labelled with what peer groups are built from."""

    company_id: str
    scores: Mapping[str, float | None] = field(default_factory=dict)  # dimension id or "overall" -> score
    sni_section: str | None = None  # SNI 2007 section letter, e.g. "C"
    size_class: str | None = None  # EU SME class: micro, small, medium, large
    county: str | None = None  # län code, e.g. "20"
    programme_area: bool = False
    sni_code: str | None = None  # e.g. "16.101"; used for offer eligibility by SNI division/group


@dataclass(frozen=True)
class GroupStats:
    n: int
    median: float | None
    top_quartile: float | None
    reason: str | None = None


@dataclass(frozen=True)
class Position:
    grouping: str
    group: str | None  # the company's value for the grouping ("C", "small", "20", "programme area")
    n: int
    percentile: float | None
    median: float | None
    top_quartile: float | None
    reason: str | None = None


def _too_few(n: int) -> str:
    return f"{TOO_FEW} (n={n}, minimum {MIN_PEERS})"


def percentile_rank(score: float, group_scores: Sequence[float]) -> float | None:
    """Mid-rank percentile of ``score`` within ``group_scores`` (which include it); None below MIN_PEERS."""
    n = len(group_scores)
    if n < MIN_PEERS:
        return None
    below = sum(1 for x in group_scores if x < score)
    equal = sum(1 for x in group_scores if x == score)
    return 100 * (below + 0.5 * equal) / n


def group_stats(scores: Iterable[float | None]) -> GroupStats:
    """Median and top quartile of the scores present (None scores are not counted)."""
    values = [float(s) for s in scores if s is not None]
    if len(values) < MIN_PEERS:
        return GroupStats(len(values), None, None, _too_few(len(values)))
    median, top = np.percentile(values, [50, 75], method="linear")
    return GroupStats(len(values), float(median), float(top))


def group_key(peer: Peer, grouping: str) -> str | None:
    """The peer's group under ``grouping``; None when the attribute is unknown (or outside the area)."""
    if grouping == "programme_area":
        return "programme area" if peer.programme_area else None
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping {grouping!r} (known: {GROUPINGS})")
    value = getattr(peer, grouping)
    return None if value in (None, "") else str(value)


def peer_group(company: Peer, peers: Iterable[Peer], grouping: str) -> list[Peer]:
    """Peers in the company's group (the company itself included once)."""
    key = group_key(company, grouping)
    if key is None:
        return []
    members = [p for p in peers if p.company_id != company.company_id and group_key(p, grouping) == key]
    return [company, *members]


def position(
    company: Peer, peers: Iterable[Peer], key: str = "overall", groupings: Sequence[str] = GROUPINGS
) -> dict[str, Position]:
    """The company's percentile and its groups' statistics for score ``key``, per grouping."""
    peers = list(peers)
    own = company.scores.get(key)
    out = {}
    for grouping in groupings:
        group = group_key(company, grouping)
        members = peer_group(company, peers, grouping)
        scores = [s for s in (p.scores.get(key) for p in members) if s is not None]
        stats = group_stats(scores)
        reason = stats.reason
        if group is None:
            reason = f"company has no {grouping.replace('_', ' ')}"
        elif own is None:
            reason = f"company has no score for {key}"
        pct = percentile_rank(own, scores) if own is not None and group is not None else None
        out[grouping] = Position(grouping, group, len(scores), pct, stats.median, stats.top_quartile, reason)
    return out


def group_table(peers: Iterable[Peer], grouping: str, key: str = "overall") -> dict[str, GroupStats]:
    """Statistics per group (e.g. maturity by county) for dashboards; small groups are withheld."""
    groups: dict[str, list[float | None]] = {}
    for p in peers:
        g = group_key(p, grouping)
        if g is not None:
            groups.setdefault(g, []).append(p.scores.get(key))
    return {g: group_stats(scores) for g, scores in sorted(groups.items())}
