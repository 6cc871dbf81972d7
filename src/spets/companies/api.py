"""Register API at /api/companies/: companies, contacts, activities, referrals, offers.

Same permissions as the pages: rows come from `for_user`, writes go through the services, which raise
Forbidden (→ 403), InvalidData (→ 422 naming the field), StaleVersion and RetentionHold (→ 409 saying
why); rows the user may not see answer 404. spets/api.py turns these into answers for every router.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.db.models import Prefetch
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from spets.companies import permissions as perm
from spets.companies import search as company_search
from spets.companies.models import (
    Activity,
    ActivityAdvisor,
    ActivityType,
    Company,
    CompanyStatus,
    Contact,
    LawfulBasis,
    Offer,
    Referral,
    ReferralStatus,
    SizeClass,
    Visibility,
)
from spets.companies.services import activities, contacts, offers, referrals, timeline
from spets.companies.services import companies as company_services
from spets.core.audit import log_read
from spets.core.validation import BIGINT_MAX, EMAIL_MAX, INT32_MAX, MAX_PAGE

router = Router(tags=["companies"])

# Bounds of the database columns, stated in the schemas so that OpenAPI shows them and an out-of-range value
# is a 422 naming the field. Free text (notes, outcomes) is capped at TEXT_MAX characters.
TEXT_MAX = 20_000
HOURS_MAX = 1000


def choices(values) -> dict:
    """An enum shown in OpenAPI; the service still answers an unknown value with its own message."""
    return {"enum": list(values)}


ReferralStatusFilter = Literal[("", *ReferralStatus.values)]  # type: ignore[valid-type]


def row_id():
    return Field(..., ge=1, le=BIGINT_MAX)


# --- schemas ------------------------------------------------------------------------------------------


class RegisterCompanyOut(Schema):
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
    results: list[RegisterCompanyOut]


class CompanyIn(Schema):
    orgnr: str = Field(..., max_length=13, description="Organisationsnummer, NNNNNN-NNNN or 10/12 digits")
    name: str = Field(..., max_length=200)
    municipality_id: str = Field(
        ..., max_length=4, description="Four-digit municipality code of the seat, e.g. 2081"
    )
    legal_form: str = Field("", max_length=60)
    sni_id: str | None = Field(None, max_length=10, description="Primary SNI 2007 division (two digits)")
    sni_codes: str = Field("", max_length=200)
    employees: int | None = Field(None, ge=0, le=INT32_MAX)
    turnover_sek: int | None = Field(None, ge=0, le=BIGINT_MAX)
    balance_sheet_sek: int | None = Field(None, ge=0, le=BIGINT_MAX)
    website: str = Field("", max_length=200)
    parent_id: int | None = Field(None, ge=1, le=BIGINT_MAX)
    status: str = Field("active", max_length=10, json_schema_extra=choices(CompanyStatus.values))


class CompanyPatch(Schema):
    version: int = Field(..., ge=0, le=INT32_MAX)
    name: str | None = Field(None, max_length=200)
    legal_form: str | None = Field(None, max_length=60)
    sni_id: str | None = Field(None, max_length=10)
    sni_codes: str | None = Field(None, max_length=200)
    municipality_id: str | None = Field(None, max_length=4)
    employees: int | None = Field(None, ge=0, le=INT32_MAX)
    turnover_sek: int | None = Field(None, ge=0, le=BIGINT_MAX)
    balance_sheet_sek: int | None = Field(None, ge=0, le=BIGINT_MAX)
    website: str | None = Field(None, max_length=200)
    parent_id: int | None = Field(None, ge=1, le=BIGINT_MAX)
    status: str | None = Field(None, max_length=10, json_schema_extra=choices(CompanyStatus.values))


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
    name: str = Field(..., max_length=200)
    title: str = Field("", max_length=200)
    email: str = Field("", max_length=EMAIL_MAX)
    phone: str = Field("", max_length=40)
    lawful_basis: str = Field(
        "legitimate_interest", max_length=24, json_schema_extra=choices(LawfulBasis.values)
    )
    interest_assessment: str = Field("", max_length=TEXT_MAX)
    consent_date: datetime.date | None = None
    consent_source: str = Field("", max_length=200)
    consent_scope: str = Field("", max_length=300)
    legal_hold_until: datetime.date | None = None
    legal_hold_reason: str = Field("", max_length=300)


class AdvisorHours(Schema):
    advisor_id: int = row_id()
    hours: Decimal = Field(..., ge=-HOURS_MAX, le=HOURS_MAX, decimal_places=2)  # the service: > 0


class ActivityIn(Schema):
    type: str = Field(..., max_length=24, json_schema_extra=choices(ActivityType.values))
    title: str = Field(..., max_length=200)
    date: datetime.date
    company_ids: list[int] = Field(..., max_length=500)
    advisors: list[AdvisorHours] = Field(..., max_length=50)
    focus_areas: list[str] = Field([], max_length=50)
    offer_id: int | None = Field(None, ge=1, le=BIGINT_MAX)
    outcome: str = Field("", max_length=TEXT_MAX)
    follow_up_date: datetime.date | None = None
    visibility: str = Field(
        Visibility.ORGANISATION.value, max_length=16, json_schema_extra=choices(Visibility.values)
    )
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
    company_id: int = row_id()
    to_organisation_id: int = row_id()
    reason: str = Field(..., max_length=TEXT_MAX)
    consent_date: datetime.date
    consent_how: str = Field(..., max_length=200)


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
    action: str = Field(..., max_length=40)
    note: str = Field("", max_length=TEXT_MAX)


class OfferIn(Schema):
    name: str = Field(..., max_length=200)
    type: str = Field(..., max_length=24, json_schema_extra=choices(ActivityType.values))
    description: str = Field("", max_length=TEXT_MAX)
    eligible_sizes: str = Field(
        "", max_length=60, description=f"Comma separated: {', '.join(SizeClass.values)}; empty = all"
    )
    eligible_sni: str = Field("", max_length=200)
    eligible_counties: str = Field("", max_length=60)
    typical_hours: Decimal | None = Field(None, ge=0, le=Decimal("999999.9"), decimal_places=1)
    value_sek: int | None = Field(None, ge=0, le=INT32_MAX)
    capacity: int | None = Field(None, ge=0, le=INT32_MAX)


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
    page: int = Query(1, ge=1, le=MAX_PAGE),
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


@router.post("/companies", response={201: RegisterCompanyOut})
def create_company(request, payload: CompanyIn):
    """Add a company: same checks as the page (org nr rule, website scheme, municipality and SNI codes)."""
    return Status(201, company_services.create_company(request.user, payload.dict()))


@router.get("/companies/{company_id}", response=RegisterCompanyOut)
def get_company(request, company_id: int):
    if not perm.can_view_company_page(request.user, company_id):
        raise Http404
    return Company.objects.for_user(request.user).get(pk=company_id)


@router.patch("/companies/{company_id}", response=RegisterCompanyOut)
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
    rows = list(Contact.objects.for_user(request.user).filter(company_id=company_id).order_by("name", "id"))
    log_read(request.user, "companies.contacts.api", filters={"company": company_id}, rows=len(rows))
    return rows


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
def list_referrals(request, status: ReferralStatusFilter = ""):
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
def list_offers(request, organisation: str = Query("", max_length=50)):
    perm.require(perm.can_use_register(request.user), "the offers catalogue is for programme staff")
    qs = Offer.objects.for_user(request.user).select_related("organisation")
    if organisation:
        qs = qs.filter(organisation__slug=organisation)
    return [_offer_out(o) for o in qs]


@router.post("/offers", response={201: OfferOut})
def create_offer(request, payload: OfferIn):
    offer = offers.create_offer(request.user, request.user.organisation_id, payload.dict())
    return Status(201, _offer_out(offer))
