"""Offer matching for a company: every organisation's active offers ranked by the fit score (matching.fit),
and one click from a match to a referral through the register's consent flow."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.assessment.services.action_plan import priorities
from spets.companies.models import Activity, Company, Offer, Referral
from spets.companies.services.referrals import create_referral
from spets.core.errors import InvalidData
from spets.core.models import Organisation
from spets.core.scoping import unscoped
from spets.geo.models import Municipality
from spets.matching import fit
from spets.matching import permissions as perm
from spets.matching.services.gaps import OVERALL, GapProfile, gap_profile
from spets.programme.services import deminimis


@dataclass(frozen=True)
class OfferMatch:
    offer: Offer
    match: fit.Match
    rank: int | None  # 1.. for eligible offers


@dataclass(frozen=True)
class CompanyMatches:
    company: Company
    profile: GapProfile | None
    headroom_eur: Decimal | None
    eur_sek: Decimal | None
    period: int  # the year whose capacity counts
    matches: list[OfferMatch]

    @property
    def eligible(self) -> list[OfferMatch]:
        return [m for m in self.matches if m.match.eligible]

    @property
    def refused(self) -> list[OfferMatch]:
        return [m for m in self.matches if not m.match.eligible]


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(",") if p.strip())


def organisation_locations() -> dict[int, tuple[float, float]]:
    """Each programme organisation's town as (lon, lat) of its municipality's centroid."""
    towns = {(m.county_id, m.name): (m.centroid_lon, m.centroid_lat) for m in Municipality.objects.all()}
    return {
        o.pk: towns[(o.county_id, o.town)]
        for o in Organisation.objects.all()
        if (o.county_id, o.town) in towns
    }


def places_taken(year: int) -> dict[int, int]:
    """Companies that received each offer in the year (distinct companies of its activities)."""
    with unscoped():
        rows = (
            Activity.objects.filter(date__year=year, offer__isnull=False)
            .values("offer_id")
            .annotate(n=Count("companies", distinct=True))
        )
        return {r["offer_id"]: r["n"] for r in rows}


def _rate(day: datetime.date) -> Decimal | None:
    try:
        return deminimis.rate_on(day).eur_sek
    except InvalidData:
        return None


def company_facts(company: Company, profile: GapProfile | None, headroom: Decimal | None) -> fit.CompanyFacts:
    focus_gaps, focus_dims = profile.focus_gaps() if profile else ({}, {})
    overall = profile.dimensions.get(OVERALL) if profile else None
    sni = company.sni
    m = company.municipality
    return fit.CompanyFacts(
        company_id=company.pk,
        size_class=company.size_class or None,
        sni_code=company.sni_id,
        sni_section=(sni.section_code or None) if sni else None,
        county=m.county_id,
        focus_gaps=focus_gaps,
        focus_dimensions=focus_dims,
        overall_gap=overall.gap if overall else None,
        priorities=priorities(company.pk),
        headroom_eur=float(headroom) if headroom is not None else None,
        location=(m.centroid_lon, m.centroid_lat),
    )


def matches_for(user, company_id: int, day: datetime.date | None = None) -> CompanyMatches:
    """Every active offer of every organisation ranked for the company (ineligible ones last, with why)."""
    perm.require(perm.can_see_matches(user), _("Only programme staff who read records see matched offers."))
    day = day or timezone.localdate()
    company = Company.objects.for_user(user).select_related("municipality", "sni").get(pk=company_id)
    profile = gap_profile(company.pk)
    headroom = deminimis.headroom_eur(company.pk, day)
    rate = _rate(day)
    locations = organisation_locations()
    taken = places_taken(day.year)
    offers = list(
        Offer.objects.for_user(user)
        .filter(active=True)
        .select_related("organisation__county", "focus_area")
        .order_by("pk")
    )
    facts = [
        fit.OfferFacts(
            offer_id=o.pk,
            organisation=o.organisation.name,
            county=o.organisation.county_id,
            focus_area=o.focus_area.code if o.focus_area_id else None,
            sizes=_split(o.eligible_sizes),
            sni=_split(o.eligible_sni),
            counties=_split(o.eligible_counties),
            value_eur=float(Decimal(o.value_sek) / rate) if o.value_sek and rate else None,
            capacity=o.capacity,
            taken=taken.get(o.pk, 0),
            location=locations.get(o.organisation_id),
        )
        for o in offers
    ]
    by_id = {o.pk: o for o in offers}
    ranked = fit.rank(company_facts(company, profile, headroom), facts)
    rows = [OfferMatch(by_id[m.offer_id], m, i + 1 if m.eligible else None) for i, m in enumerate(ranked)]
    return CompanyMatches(company, profile, headroom, rate, day.year, rows)


def refer_match(
    user,
    company_id: int,
    offer_id: int,
    reason: str,
    consent_date: datetime.date | None,
    consent_how: str,
    *,
    base_url: str | None = None,
) -> Referral:
    """Turn a match into a referral to the offering organisation (the register's consent flow)."""
    perm.require(perm.can_refer(user), _("Only advisors and programme managers of an organisation refer."))
    company = Company.objects.for_user(user).get(pk=company_id)
    offer = Offer.objects.for_user(user).select_related("organisation").get(pk=offer_id, active=True)
    if offer.organisation_id == user.organisation_id:
        raise InvalidData(
            {"offer": _("This offer is your own organisation's: no referral is needed to use it.")}
        )
    return create_referral(
        user,
        company.pk,
        offer.organisation_id,
        reason,
        consent_date,
        consent_how,
        base_url=base_url,
    )
