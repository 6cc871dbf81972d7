"""Register API at /api/companies/: companies, contacts, activities, referrals, offers.

Same permissions as the pages: rows come from `for_user`, writes go through the services, which raise
Forbidden (→ 403), InvalidData (→ 422 naming the field), StaleVersion and RetentionHold (→ 409 saying
why); rows the user may not see answer 404. spets/api.py turns these into answers for every router.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.responses import Status

from spets.companies import permissions as perm
from spets.companies import search as company_search
from spets.companies.models import Activity, ActivityAdvisor, Company, Contact, Offer, Referral
from spets.companies.services import activities, contacts, offers, referrals, timeline
from spets.companies.services import companies as company_services

router = Router(tags=["companies"])


# --- schemas ------------------------------------------------------------------------------------------


class CompanyOut(Schema):
    id: int
    orgnr: str
    name: str
    legal_form: str
    personal_data: bool
    sni: str | None = Field(None, alias="sni_id")
    sni_codes: str
    municipality: str = Field(..., alias="municipality_id")
    employees: int | None
    turnover_sek: int | None
    balance_sheet_sek: int | None
    size_class: str
    website: str
    parent_id: int | None
    status: str
    synthetic: bool
    version: int


class CompanyPage(Schema):
    count: int = Field(..., description="Matches; when count_exact is false, more than this many match")
    count_exact: bool
    page: int
    pages: int | None = Field(None, description="Number of pages; null when the count is capped")
    has_next: bool
    results: list[CompanyOut]


class CompanyIn(Schema):
    orgnr: str = Field(..., description="Organisationsnummer, NNNNNN-NNNN or 10/12 digits")
    name: str
    municipality_id: str = Field(..., description="Four-digit municipality code of the seat, e.g. 2081")
    legal_form: str = ""
    sni_id: str | None = Field(None, description="Primary SNI 2007 division (two digits)")
    sni_codes: str = ""
    employees: int | None = Field(None, ge=0)
    turnover_sek: int | None = Field(None, ge=0)
    balance_sheet_sek: int | None = Field(None, ge=0)
    website: str = ""
    parent_id: int | None = None
    status: str = "active"


class CompanyPatch(Schema):
    version: int
    name: str | None = None
    legal_form: str | None = None
    sni_id: str | None = None
    sni_codes: str | None = None
    municipality_id: str | None = None
    employees: int | None = None
    turnover_sek: int | None = None
    balance_sheet_sek: int | None = None
    website: str | None = None
    parent_id: int | None = None
    status: str | None = None


class ContactOut(Schema):
    id: int
    company_id: int
    name: str
    title: str
    email: str
    phone: str
    lawful_basis: str
    consent_date: datetime.date | None
    retention_ends: datetime.date
    legal_hold_until: datetime.date | None
    anonymised: bool
    version: int


class ContactIn(Schema):
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    lawful_basis: str = "legitimate_interest"
    interest_assessment: str = ""
    consent_date: datetime.date | None = None
    consent_source: str = ""
    consent_scope: str = ""
    legal_hold_until: datetime.date | None = None
    legal_hold_reason: str = ""


class AdvisorHours(Schema):
    advisor_id: int
    hours: Decimal


class ActivityIn(Schema):
    type: str
    title: str
    date: datetime.date
    company_ids: list[int]
    advisors: list[AdvisorHours]
    focus_areas: list[str] = []
    offer_id: int | None = None
    outcome: str = ""
    follow_up_date: datetime.date | None = None
    visibility: str = "programme"
    override_reason: str = Field(
        "", max_length=1000, description="A programme manager's decision to go ahead"
    )


class ActivityOut(Schema):
    id: int
    type: str
    title: str
    date: datetime.date
    organisation: str
    visibility: str
    outcome: str
    follow_up_date: datetime.date | None
    hours: Decimal


class ReferralIn(Schema):
    company_id: int
    to_organisation_id: int
    reason: str
    consent_date: datetime.date
    consent_how: str


class ReferralOut(Schema):
    id: int
    company_id: int
    from_organisation: str
    to_organisation: str
    reason: str
    consent_date: datetime.date
    consent_how: str
    status: str
    outcome: str


class TransitionIn(Schema):
    action: str
    note: str = ""


class OfferIn(Schema):
    name: str
    type: str
    description: str = ""
    eligible_sizes: str = ""
    eligible_sni: str = ""
    eligible_counties: str = ""
    typical_hours: Decimal | None = None
    value_sek: int | None = None
    capacity: int | None = None


class OfferOut(Schema):
    id: int
    organisation: str
    name: str
    type: str
    eligible_sizes: str
    eligible_sni: str
    eligible_counties: str
    typical_hours: Decimal | None
    value_sek: int | None
    capacity: int | None
    active: bool


def _activity_out(a: Activity) -> dict:
    return {
        "id": a.pk,
        "type": a.type,
        "title": a.title,
        "date": a.date,
        "organisation": a.organisation.slug,
        "visibility": a.visibility,
        "outcome": a.outcome,
        "follow_up_date": a.follow_up_date,
        "hours": sum((x.hours for x in a.advisors.all()), Decimal(0)),
    }


def _referral_out(r: Referral) -> dict:
    return {
        "id": r.pk,
        "company_id": r.company_id,
        "from_organisation": r.from_organisation.slug,
        "to_organisation": r.to_organisation.slug,
        "reason": r.reason,
        "consent_date": r.consent_date,
        "consent_how": r.consent_how,
        "status": r.status,
        "outcome": r.outcome,
    }


def _offer_out(o: Offer) -> dict:
    return {
        "id": o.pk,
        "organisation": o.organisation.slug,
        "name": o.name,
        "type": o.type,
        "eligible_sizes": o.eligible_sizes,
        "eligible_sni": o.eligible_sni,
        "eligible_counties": o.eligible_counties,
        "typical_hours": o.typical_hours,
        "value_sek": o.value_sek,
        "capacity": o.capacity,
        "active": o.active,
    }


# --- companies ------------------------------------------------------------------------------------------


@router.get("/companies", response=CompanyPage)
def list_companies(
    request,
    q: str = "",
    county: str = "",
    municipality: str = "",
    sni: str = "",
    size_class: str = "",
    status: str = "",
    page: int = 1,
):
    perm.require(perm.can_use_register(request.user), "the register is for programme staff")
    result = company_search.search(
        request.user,
        {
            "q": q,
            "county": county,
            "municipality": municipality,
            "sni": sni,
            "size_class": size_class,
            "status": status,
            "page": str(page),
        },
        fields=None,
    )
    return {
        "count": result.count,
        "count_exact": result.exact,
        "page": result.page,
        "pages": result.pages,
        "has_next": result.has_next,
        "results": result.rows,
    }


@router.post("/companies", response={201: CompanyOut})
def create_company(request, payload: CompanyIn):
    """Add a company: same checks as the page (org nr rule, website scheme, municipality and SNI codes)."""
    return Status(201, company_services.create_company(request.user, payload.dict()))


@router.get("/companies/{company_id}", response=CompanyOut)
def get_company(request, company_id: int):
    if not perm.can_view_company_page(request.user, company_id):
        raise Http404
    return Company.objects.for_user(request.user).get(pk=company_id)


@router.patch("/companies/{company_id}", response=CompanyOut)
def patch_company(request, company_id: int, payload: CompanyPatch):
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return company_services.update_company(request.user, company_id, data, version)


# --- contacts ---------------------------------------------------------------------------------------------


@router.get("/companies/{company_id}/contacts", response=list[ContactOut])
def list_contacts(request, company_id: int):
    perm.require(
        perm.can_see_contacts(request.user) or request.user.company_id_scope == company_id,
        "your role does not see contact data",
    )
    return list(Contact.objects.for_user(request.user).filter(company_id=company_id))


@router.post("/companies/{company_id}/contacts", response={201: ContactOut})
def create_contact(request, company_id: int, payload: ContactIn):
    return Status(201, contacts.create_contact(request.user, company_id, payload.dict()))


@router.get("/contacts/{contact_id}", response=ContactOut)
def get_contact(request, contact_id: int):
    return Contact.objects.for_user(request.user).get(pk=contact_id)


@router.get("/contacts/{contact_id}/export")
def export_contact(request, contact_id: int):
    return contacts.export_person(request.user, contact_id)


@router.post("/contacts/{contact_id}/erase", response=ContactOut)
def erase_contact(request, contact_id: int):
    return contacts.erase_contact(request.user, contact_id)


# --- activities ---------------------------------------------------------------------------------------------


@router.get("/activities", response=list[ActivityOut])
def list_activities(request, company_id: int):
    perm.require(perm.can_view_company_page(request.user, company_id), "not your company")
    return [_activity_out(a) for a in timeline.timeline(request.user, company_id)]


@router.post("/activities", response={201: ActivityOut})
def create_activity(request, payload: ActivityIn):
    activity = activities.log_activity(
        request.user,
        type=payload.type,
        title=payload.title,
        date=payload.date,
        company_ids=payload.company_ids,
        advisor_hours=[(a.advisor_id, a.hours) for a in payload.advisors],
        focus_area_codes=payload.focus_areas,
        offer_id=payload.offer_id,
        outcome=payload.outcome,
        follow_up_date=payload.follow_up_date,
        visibility=payload.visibility,
        override_reason=payload.override_reason,
    )
    saved = (
        Activity.objects.for_user(request.user)
        .select_related("organisation")
        .prefetch_related(Prefetch("advisors", queryset=ActivityAdvisor.objects.for_user(request.user)))
        .get(pk=activity.pk)
    )
    return Status(201, _activity_out(saved))


# --- referrals ----------------------------------------------------------------------------------------------


@router.get("/referrals", response=list[ReferralOut])
def list_referrals(request, status: str = ""):
    perm.require(perm.can_see_referrals(request.user), "referrals are for advisors, viewers and managers")
    qs = Referral.objects.for_user(request.user).select_related("from_organisation", "to_organisation")
    if status:
        qs = qs.filter(status=status)
    return [_referral_out(r) for r in qs]


@router.post("/referrals", response={201: ReferralOut})
def create_referral(request, payload: ReferralIn):
    referral = referrals.create_referral(
        request.user,
        payload.company_id,
        payload.to_organisation_id,
        payload.reason,
        payload.consent_date,
        payload.consent_how,
        base_url=request.build_absolute_uri("/"),
    )
    return Status(201, _referral_out(referral))


@router.post("/referrals/{referral_id}/transition", response=ReferralOut)
def transition_referral(request, referral_id: int, payload: TransitionIn):
    referral = referrals.transition(
        request.user, referral_id, payload.action, payload.note, base_url=request.build_absolute_uri("/")
    )
    return _referral_out(referral)


# --- offers --------------------------------------------------------------------------------------------


@router.get("/offers", response=list[OfferOut])
def list_offers(request, organisation: str = ""):
    perm.require(perm.can_use_register(request.user), "the offers catalogue is for programme staff")
    qs = Offer.objects.for_user(request.user).select_related("organisation")
    if organisation:
        qs = qs.filter(organisation__slug=organisation)
    return [_offer_out(o) for o in qs]


@router.post("/offers", response={201: OfferOut})
def create_offer(request, payload: OfferIn):
    offer = offers.create_offer(request.user, request.user.organisation_id, payload.dict())
    return Status(201, _offer_out(offer))
