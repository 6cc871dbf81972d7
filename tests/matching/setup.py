"""Shared builders for the matching tests: a company with a completed assessment in Borlänge and offers
from organisations in the other two counties."""

from __future__ import annotations

from spets.companies.models import Offer
from spets.core.models import FocusArea
from spets.core.scoping import unscoped
from tests.assessment.answer_sets import MIXED
from tests.factories import IMPROVED, completed, make_company, org


def offer(slug: str, name: str, focus: str, type_: str = "analysis", **extra) -> Offer:
    with unscoped():
        return Offer.objects.create(
            organisation=org(slug),
            name=name,
            type=type_,
            focus_area=FocusArea.objects.get(code=focus),
            **extra,
        )


def matched_offers() -> dict[str, Offer]:
    """Three offers open to a small SNI 25 company in Dalarna, from Gävleborg (2) and Värmland (1), and one
    only for large companies."""
    return {
        "digital": offer("iuc-gavleborg", "Digital mognadsanalys", "digitalisation"),
        "automation": offer("paper-province", "Automationslyft", "automation", "workshop", capacity=10),
        "green": offer("sustainable-steel-region", "Grön omställning", "green-transition", "workshop"),
        "large": offer("iuc-varmland", "Storföretagsprogram", "digitalisation", eligible_sizes="large"),
    }


def assessed_company(user, **fields):
    """A small engineering company in Borlänge with the MIXED DMA result (strategy 32.5, readiness 51.43,
    human 62.5, data 25, automation 40, green 50)."""
    company = make_company(**{"name": "Borlänge Mekaniska AB", **fields})
    completed(user, company.pk, MIXED)
    return company


def cohort_companies(user, n_per_county: int = 4) -> list:
    """Small SNI 25 companies in Borlänge (Dalarna) and Karlstad (Värmland) with the MIXED DMA result,
    `n_per_county` in each county, and three medium-sized, more mature SNI 25 companies in Falun."""
    companies = []
    for i in range(n_per_county):
        for municipality in ("2081", "1780"):
            c = make_company(name=f"Verkstad {municipality}-{i} AB", municipality_id=municipality)
            completed(user, c.pk, MIXED)
            companies.append(c)
    # three more mature companies in Falun raise the peer group's top quartile above the eight
    for i in range(3):
        c = make_company(
            name=f"Mogen Verkstad {i} AB", municipality_id="2080", employees=60, size_class="medium"
        )
        completed(user, c.pk, IMPROVED)
    return companies
