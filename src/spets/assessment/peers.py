"""Peer groups from stored results: a company's position, the dashboard tables and recommendations.

Aggregates only leave this module: percentiles, medians and quartiles of groups with at least
MIN_PEERS companies (spets.assessment.benchmark). Reading every company's latest result is the one
reviewed opt-out from query scoping here, like the start page's overview.
"""

from __future__ import annotations

from dataclasses import dataclass

from spets.assessment.benchmark import MIN_PEERS, Peer, group_table, position
from spets.assessment.frameworks import framework_file, load_framework
from spets.assessment.models import Assessment, Status
from spets.assessment.recommend import Recommendations, TargetSource, recommend
from spets.assessment.scoring import Result
from spets.companies.models import Company, Offer
from spets.core.scoping import unscoped


def company_peer(company: Company, scores: dict[str, float | None] | None = None) -> Peer:
    sni = company.sni
    section = (sni.section_code or None) if sni else None
    return Peer(
        str(company.pk),
        scores or {},
        section,
        company.size_class or None,
        company.municipality.county_id,
        bool(company.municipality.in_programme),
        company.sni_id,
    )


def latest_results(framework_id: str) -> dict[int, tuple[Company, Result]]:
    """Each company's most recently completed result of a framework (T0, T1 or T2)."""
    with unscoped():
        rows = (
            Assessment.objects.filter(
                framework_id=framework_id, status=Status.COMPLETED, result__isnull=False
            )
            .select_related("company__municipality", "company__sni")
            .order_by("company_id", "completed_at", "id")
        )
        latest = {a.company_id: (a.company, a.result) for a in rows}
    return {cid: (company, Result.from_dict(data)) for cid, (company, data) in latest.items()}


def _scores(result: Result) -> dict[str, float | None]:
    return {"overall": result.overall.score, **{k: d.score for k, d in result.dimensions.items()}}


def peers(framework_id: str, exclude_company: int | None = None) -> list[Peer]:
    return [
        company_peer(c, _scores(r))
        for cid, (c, r) in latest_results(framework_id).items()
        if cid != exclude_company
    ]


def peer_position(assessment: Assessment, result: Result) -> dict:
    """Percentile of the overall score per grouping (None with a reason below MIN_PEERS)."""
    me = company_peer(assessment.company, _scores(result))
    return position(me, peers(assessment.framework_id, exclude_company=assessment.company_id), key="overall")


@dataclass(frozen=True)
class RecommendedOffer:
    offer: Offer
    priority: float
    gap: float
    target: float
    target_source: TargetSource
    dimension: str
    rules: tuple[str, ...]
    reason: dict[str, str]
    target_text: str = ""  # target_source in words, filled by the page or report (spets.assessment.texts)


def recommendations(
    assessment: Assessment, result: Result, company_priorities: dict[str, int]
) -> tuple[list[RecommendedOffer], Recommendations]:
    """Eligible offers of the register's catalogue (Offer.eligible decides), ranked by the pure core."""
    company = assessment.company
    with unscoped():
        catalogue = {
            str(o.pk): o
            for o in Offer.objects.filter(active=True).select_related("organisation", "focus_area")
        }
    eligible = {k: o for k, o in catalogue.items() if o.focus_area_id and o.eligible(company)}
    offers = [
        {"id": k, "organisation": o.organisation.name, "type": o.type, "focus_area": o.focus_area.code}
        for k, o in eligible.items()
    ]
    me = company_peer(company)
    recs = recommend(
        result,
        me,
        peers(assessment.framework_id, exclude_company=company.pk),
        offers,
        priorities=company_priorities,
    )
    items = [
        RecommendedOffer(
            eligible[r.offer_id], r.priority, r.gap, r.target, r.target_source, r.dimension, r.rules, r.reason
        )
        for r in recs.items
    ]
    return items, recs


def dashboard(framework_id: str) -> dict:
    """Maturity (overall score) by county, SNI section and size class; small groups withheld."""
    all_peers = peers(framework_id)
    fw = load_framework(framework_file(framework_id))
    tables = {g: group_table(all_peers, g) for g in ("county", "sni_section", "size_class")}
    dimensions = {
        d.id: group_table(all_peers, "programme_area", key=d.id).get("programme area") for d in fw.dimensions
    }
    return {
        "n": len(all_peers),
        "tables": tables,
        "dimensions": dimensions,
        "min_peers": MIN_PEERS,
        "framework": fw,
    }
