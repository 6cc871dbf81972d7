"""REST API of matching at /api/matching/ (permissions as the pages')."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from spets.matching import permissions as perm
from spets.matching.models import Cohort, CohortMember
from spets.matching.services import cohorts as cohort_services
from spets.matching.services import network as network_services
from spets.matching.services import offers as offer_services
from spets.matching.services import peers as peer_services

router = Router(tags=["matching"])


class TermOut(Schema):
    name: str
    value: float = Field(..., description="0..1")
    weight: float
    points: float
    known: bool
    detail: dict


class MatchOut(Schema):
    rank: int | None
    offer_id: int
    offer: str
    organisation: str
    county: str | None
    eligible: bool
    fit: float | None = Field(None, description="0..100; null when not eligible")
    distance_km: float | None
    terms: list[TermOut]
    refusals: list[str] = Field(..., description="size, sni, county, deminimis, capacity")


class CompanyMatchesOut(Schema):
    company_id: int
    framework_id: str | None
    headroom_eur: float | None
    period: int
    matches: list[MatchOut]


@router.get("/companies/{company_id}/offers", response=CompanyMatchesOut)
def company_offers(request, company_id: int):
    result = offer_services.matches_for(request.user, company_id)
    return {
        "company_id": company_id,
        "framework_id": result.profile.framework_id if result.profile else None,
        "headroom_eur": float(result.headroom_eur) if result.headroom_eur is not None else None,
        "period": result.period,
        "matches": [
            {
                "rank": m.rank,
                "offer_id": m.offer.pk,
                "offer": m.offer.name,
                "organisation": m.offer.organisation.name,
                "county": m.offer.organisation.county_id,
                "eligible": m.match.eligible,
                "fit": m.match.fit,
                "distance_km": m.match.distance_km,
                "terms": [
                    {
                        "name": t.name,
                        "value": t.value,
                        "weight": t.weight,
                        "points": t.points,
                        "known": t.known,
                        "detail": dict(t.detail),
                    }
                    for t in m.match.terms
                ],
                "refusals": list(m.match.refusals),
            }
            for m in result.matches
        ],
    }


class ProposalIn(Schema):
    focus_area: str = Field("", max_length=40)
    sni_prefix: str = Field("", pattern=r"^[0-9]{0,5}$")
    sizes: list[str] = Field(default_factory=list, max_length=4)
    target: int = Field(10, ge=6, le=15)


class CompanyRef(Schema):
    id: int
    name: str
    county: str


class ProposalOut(Schema):
    companies: list[CompanyRef]
    counties: list[str]
    challenge: str
    mean_gap: float
    industry: str


class ProposalsOut(Schema):
    framework_id: str
    eligible: int
    left_out_small: int
    left_out_county: int
    cohorts: list[ProposalOut]


def _ref(c) -> dict:
    return {"id": c.pk, "name": c.name, "county": c.municipality.county_id}


@router.post("/cohorts/proposals", response=ProposalsOut)
def proposals(request, payload: ProposalIn):
    found = cohort_services.propose(
        request.user,
        focus_area=payload.focus_area,
        sni_prefix=payload.sni_prefix,
        sizes=tuple(payload.sizes),
        target=payload.target,
    )
    return {
        "framework_id": found.framework_id,
        "eligible": found.eligible,
        "left_out_small": found.left_out_small,
        "left_out_county": found.left_out_county,
        "cohorts": [
            {
                "companies": [_ref(c) for c in p.companies],
                "counties": list(p.counties),
                "challenge": p.challenge,
                "mean_gap": p.mean_gap,
                "industry": p.industry,
            }
            for p in found.cohorts
        ],
    }


class CohortIn(Schema):
    name: str = Field(..., max_length=200)
    theme: str = Field("", max_length=300)
    company_ids: list[int] = Field(..., max_length=200)
    organisation_ids: list[int] = Field(default_factory=list, max_length=20)


class MemberOut(Schema):
    company: CompanyRef
    locked: bool


class CohortOut(Schema):
    id: int
    name: str
    theme: str
    status: str
    version: int
    organisations: list[str]
    members: list[MemberOut]


def _cohort(user, cohort: Cohort) -> dict:
    members = (
        CohortMember.objects.for_user(user)
        .filter(cohort=cohort)
        .select_related("company__municipality")
        .order_by("company__name", "company_id")
    )
    return {
        "id": cohort.pk,
        "name": cohort.name,
        "theme": cohort.theme,
        "status": cohort.status,
        "version": cohort.version,
        "organisations": list(cohort.organisations.order_by("name").values_list("name", flat=True)),
        "members": [{"company": _ref(m.company), "locked": m.locked} for m in members],
    }


@router.get("/cohorts", response=list[CohortOut])
def cohorts(request):
    perm.require(perm.can_see_cohorts(request.user), "cohorts are for programme staff who read records")
    return [_cohort(request.user, c) for c in Cohort.objects.for_user(request.user).order_by("name", "pk")]


@router.get("/cohorts/{cohort_id}", response=CohortOut)
def cohort(request, cohort_id: int):
    perm.require(perm.can_see_cohorts(request.user), "cohorts are for programme staff who read records")
    return _cohort(request.user, Cohort.objects.for_user(request.user).get(pk=cohort_id))


@router.post("/cohorts", response={201: CohortOut})
def create_cohort(request, payload: CohortIn):
    created = cohort_services.create_cohort(
        request.user,
        payload.name,
        payload.company_ids,
        theme=payload.theme,
        organisation_ids=payload.organisation_ids or None,
    )
    return Status(201, _cohort(request.user, created))


class PairOut(Schema):
    a: CompanyRef
    b: CompanyRef
    a_strong_in: str
    b_strong_in: str
    mutual: float


@router.get("/peers/pairs", response=list[PairOut])
def pairs(request):
    return [
        {
            "a": _ref(s.a),
            "b": _ref(s.b),
            "a_strong_in": s.pair.a_teaches.dimension,
            "b_strong_in": s.pair.b_teaches.dimension,
            "mutual": s.pair.mutual,
        }
        for s in peer_services.suggested_pairs(request.user)
    ]


class NetworkOut(Schema):
    level: str
    year: int | None
    labels: list[str]
    matrix: list[list[int]] = Field(..., description="matrix[i][j]: referrals from labels[i] to labels[j]")
    total: int
    cross_county: int
    by_year: list[dict]


@router.get("/network", response=NetworkOut)
def network(request, level: str = "organisation", year: int | None = Query(None, ge=1900, le=2100)):
    net = network_services.network(request.user, level=level, year=year)
    return {
        "level": net.level,
        "year": net.year,
        "labels": net.labels,
        "matrix": net.matrix,
        "total": net.total,
        "cross_county": net.cross_county,
        "by_year": net.by_year,
    }
