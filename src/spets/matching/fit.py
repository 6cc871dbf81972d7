"""The fit score of an offer for a company (pure: no Django). Method: docs/methods/matching.md.

An offer is first tested for eligibility; an ineligible offer gets no score, only its reasons
(codes in ``Match.refusals``):

    size        the company's size class is not among the offer's eligible size classes
    sni         the company's SNI code matches none of the offer's SNI sections or code prefixes
    county      the company's county is not among the offer's eligible counties
    deminimis   the offer's value in EUR exceeds the company's de minimis headroom (when both are known)
    capacity    the offer has no places left in the period (capacity − places taken ≤ 0)

An eligible offer's fit is a weighted sum of five terms, each between 0 and 1:

    need      = min(1, gap_f / GAP_FULL)        gap_f: the largest gap, in score points, between the
                                                company's dimension scores and its peer group's top
                                                quartile over the dimensions that belong to the offer's
                                                focus area; missing (no assessment): 0, said so
    block     = min(1, gap_o / GAP_FULL)        gap_o: the same gap for the overall score (the block)
    priority  = rating / 5                      the company's stated priority for the focus area (1–5);
                                                unrated counts as NEUTRAL_RATING
    capacity  = free / capacity                 share of the period's places still free; 1 when the
                                                offer states no capacity
    distance  = max(0, 1 − km / DISTANCE_ZERO)  straight-line km between the company's and the offering
                                                organisation's municipality centroids; 0.5 when unknown

    fit = 100 × Σ weight_t × term_t      weights: WEIGHTS (they sum to 1)

Ranking: fit descending, then distance ascending (unknown last), then offer id. Same input, same order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

GAP_FULL = 50.0  # a gap of 50 score points (of 100) or more counts as the full need
NEUTRAL_RATING = 3
MAX_RATING = 5
DISTANCE_ZERO = 300.0  # km at which the distance term reaches 0
UNKNOWN_DISTANCE = 0.5
WEIGHTS: dict[str, float] = {
    "need": 0.35,
    "block": 0.10,
    "priority": 0.20,
    "capacity": 0.15,
    "distance": 0.20,
}
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class CompanyFacts:
    """What the score knows about the company. Gaps are in score points (0..100), None when unknown."""

    company_id: int
    size_class: str | None
    sni_code: str | None  # e.g. "25.620"
    sni_section: str | None  # e.g. "C"
    county: str | None  # län code
    focus_gaps: Mapping[str, float | None] = field(default_factory=dict)  # focus area → largest gap
    focus_dimensions: Mapping[str, str] = field(default_factory=dict)  # focus area → dimension of the gap
    overall_gap: float | None = None
    priorities: Mapping[str, int] = field(default_factory=dict)  # focus area → 1..5
    headroom_eur: float | None = None  # de minimis headroom; None unknown
    location: tuple[float, float] | None = None  # (lon, lat) of the municipality centroid


@dataclass(frozen=True)
class OfferFacts:
    offer_id: int
    organisation: str
    county: str | None  # the offering organisation's county
    focus_area: str | None
    sizes: tuple[str, ...] = ()
    sni: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    value_eur: float | None = None
    capacity: int | None = None
    taken: int = 0  # places taken in the period
    location: tuple[float, float] | None = None


@dataclass(frozen=True)
class Term:
    name: str
    value: float  # 0..1
    weight: float
    known: bool = True
    detail: Mapping[str, float | str | None] = field(default_factory=dict)  # figures for the explanation

    @property
    def points(self) -> float:
        return 100 * self.weight * self.value


@dataclass(frozen=True)
class Match:
    offer_id: int
    eligible: bool
    fit: float | None
    terms: tuple[Term, ...] = ()
    refusals: tuple[str, ...] = ()
    distance_km: float | None = None


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """Great-circle (haversine) distance in km between two (lon, lat) points; None if one is unknown."""
    if a is None or b is None:
        return None
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def sni_matches(entries: Iterable[str], code: str | None, section: str | None) -> bool:
    """SNI entries are section letters ("C") or code prefixes ("25", "16.1")."""
    digits = (code or "").replace(".", "")
    for entry in entries:
        if entry.isalpha():
            if entry.upper() == (section or "").upper():
                return True
        elif digits and digits.startswith(entry.replace(".", "")):
            return True
    return False


def refusals(company: CompanyFacts, offer: OfferFacts) -> tuple[str, ...]:
    out = []
    if offer.sizes and company.size_class not in offer.sizes:
        out.append("size")
    if offer.sni and not sni_matches(offer.sni, company.sni_code, company.sni_section):
        out.append("sni")
    if offer.counties and company.county not in offer.counties:
        out.append("county")
    if offer.value_eur is not None and company.headroom_eur is not None:
        if offer.value_eur > company.headroom_eur:
            out.append("deminimis")
    if offer.capacity is not None and offer.capacity - offer.taken <= 0:
        out.append("capacity")
    return tuple(out)


def _gap_term(name: str, gap: float | None, detail: Mapping[str, float | str | None]) -> Term:
    if gap is None:
        return Term(name, 0.0, WEIGHTS[name], known=False, detail=detail)
    return Term(name, min(1.0, max(0.0, gap) / GAP_FULL), WEIGHTS[name], detail={**detail, "gap": gap})


def terms(company: CompanyFacts, offer: OfferFacts) -> tuple[Term, ...]:
    area = offer.focus_area or ""
    need = _gap_term(
        "need",
        company.focus_gaps.get(area),
        {"focus_area": area, "dimension": company.focus_dimensions.get(area)},
    )
    block = _gap_term("block", company.overall_gap, {})
    rating = company.priorities.get(area)
    priority = Term(
        "priority",
        (rating if rating is not None else NEUTRAL_RATING) / MAX_RATING,
        WEIGHTS["priority"],
        known=rating is not None,
        detail={"rating": rating if rating is not None else NEUTRAL_RATING, "focus_area": area},
    )
    if offer.capacity is None or offer.capacity <= 0:
        capacity = Term("capacity", 1.0, WEIGHTS["capacity"], known=False, detail={"taken": offer.taken})
    else:
        free = max(0, offer.capacity - offer.taken)
        capacity = Term(
            "capacity",
            free / offer.capacity,
            WEIGHTS["capacity"],
            detail={"free": free, "capacity": offer.capacity, "taken": offer.taken},
        )
    km = distance_km(company.location, offer.location)
    distance = (
        Term("distance", UNKNOWN_DISTANCE, WEIGHTS["distance"], known=False)
        if km is None
        else Term("distance", max(0.0, 1 - km / DISTANCE_ZERO), WEIGHTS["distance"], detail={"km": km})
    )
    return (need, block, priority, capacity, distance)


def fit(company: CompanyFacts, offer: OfferFacts) -> Match:
    """One offer's match for the company (see the module docstring)."""
    km = distance_km(company.location, offer.location)
    refused = refusals(company, offer)
    if refused:
        return Match(offer.offer_id, False, None, (), refused, km)
    parts = terms(company, offer)
    return Match(offer.offer_id, True, round(sum(t.points for t in parts), 6), parts, (), km)


def rank(company: CompanyFacts, offers: Iterable[OfferFacts]) -> list[Match]:
    """Eligible offers by fit (best first), then the ineligible ones by offer id."""
    matches = [fit(company, o) for o in offers]
    eligible = sorted(
        (m for m in matches if m.eligible),
        key=lambda m: (
            -(m.fit or 0.0),
            m.distance_km if m.distance_km is not None else math.inf,
            m.offer_id,
        ),
    )
    refused = sorted((m for m in matches if not m.eligible), key=lambda m: m.offer_id)
    return eligible + refused
