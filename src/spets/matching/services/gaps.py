"""Assessment gaps for matching: each company's gap to its peer group's top quartile, per dimension.

The target of a dimension is the top quartile of the first peer group (in the recommendation rules'
grouping order: SNI section, then programme area) with at least MIN_PEERS scored companies, else the
rules' fixed target — the same target as the assessment's recommendations (spets.assessment.recommend).
Reading every company's latest result is a system question (aggregates only leave this module through the
gaps); callers check the user's permission first.
"""

from __future__ import annotations

from dataclasses import dataclass

from spets.assessment.benchmark import GroupStats, Peer, group_key, group_table
from spets.assessment.models import Assessment, Status
from spets.assessment.peers import company_peer, latest_results
from spets.assessment.recommend import load_rules
from spets.companies.models import Company
from spets.core.scoping import unscoped

OVERALL = "overall"


@dataclass(frozen=True)
class DimensionGap:
    dimension: str
    score: float | None
    target: float
    gap: float | None  # None: not assessed
    grouping: str | None  # None: the fixed target
    group: str | None
    n: int


@dataclass(frozen=True)
class GapProfile:
    company: Company
    framework_id: str
    dimensions: dict[str, DimensionGap]  # dimension id (and "overall") → gap

    def focus_gaps(self) -> tuple[dict[str, float | None], dict[str, str]]:
        """Largest gap per focus area (dimensions mapped to focus areas by the recommendation rules)."""
        gaps: dict[str, float | None] = {}
        dims: dict[str, str] = {}
        for rule in load_rules().rules:
            if rule.framework != self.framework_id or rule.dimension not in self.dimensions:
                continue
            gap = self.dimensions[rule.dimension].gap
            if gap is None:
                gaps.setdefault(rule.focus_area, None)
                continue
            known = gaps.get(rule.focus_area)
            if known is None or gap > known:
                gaps[rule.focus_area] = gap
                dims[rule.focus_area] = rule.dimension
        return gaps, dims


def latest_framework(company_id: int) -> str | None:
    """The framework of the company's most recently completed assessment."""
    with unscoped():
        row = (
            Assessment.objects.filter(company_id=company_id, status=Status.COMPLETED, result__isnull=False)
            .order_by("-completed_at", "-id")
            .values_list("framework_id", flat=True)
            .first()
        )
    return row


def _scores(result) -> dict[str, float | None]:
    return {OVERALL: result.overall.score, **{k: d.score for k, d in result.dimensions.items()}}


def gap_profiles(framework_id: str, company_ids: set[int] | None = None) -> dict[int, GapProfile]:
    """Gap profiles of every company with a completed result of the framework (or only `company_ids`)."""
    rules = load_rules()
    results = latest_results(framework_id)
    peers: dict[int, Peer] = {cid: company_peer(c, _scores(r)) for cid, (c, r) in results.items()}
    keys = sorted({k for p in peers.values() for k in p.scores})
    tables: dict[tuple[str, str], dict[str, GroupStats]] = {
        (grouping, key): group_table(peers.values(), grouping, key=key)
        for grouping in rules.groupings
        for key in keys
    }
    out = {}
    for cid, peer in peers.items():
        if company_ids is not None and cid not in company_ids:
            continue
        dims = {}
        for key in keys:
            score = peer.scores.get(key)
            target, source, group, n = rules.fixed_target, None, None, 0
            for grouping in rules.groupings:
                g = group_key(peer, grouping)
                stats = tables[(grouping, key)].get(g) if g is not None else None
                if stats is not None and stats.top_quartile is not None:
                    target, source, group, n = stats.top_quartile, grouping, g, stats.n
                    break
            gap = None if score is None else max(0.0, target - score)
            dims[key] = DimensionGap(key, score, target, gap, source, group, n)
        out[cid] = GapProfile(results[cid][0], framework_id, dims)
    return out


def gap_profile(company_id: int) -> GapProfile | None:
    framework_id = latest_framework(company_id)
    if framework_id is None:
        return None
    return gap_profiles(framework_id, {company_id}).get(company_id)
