"""De minimis endpoints, mounted at /api/programme/deminimis/ (permissions as the pages')."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.responses import Status

from spets.programme import permissions
from spets.programme.models.deminimis import Currency, Regulation
from spets.programme.services import deminimis as dm
from spets.programme.services import deminimis_ledger as ledger_services

router = Router(tags=["programme: de minimis"])


class MemberOut(Schema):
    id: int
    orgnr: str
    name: str


class HeadroomOut(Schema):
    company_id: int
    members: list[MemberOut]
    on: datetime.date
    regulation: str
    ceiling_eur: Decimal
    window_start: datetime.date
    window_end: datetime.date
    programme_aid_eur: Decimal
    declared_aid_eur: Decimal
    used_eur: Decimal
    headroom_eur: Decimal
    headroom_sek: Decimal | None = Field(None, description="At this month's rate; null when it is missing")
    sek_per_eur: Decimal | None
    declaration_on: datetime.date | None = Field(None, description="Newest declaration of the group")


class GrantOut(Schema):
    id: int
    company_id: int
    recipient_orgnr: str
    recipient_name: str
    activity_id: int
    organisation: str
    granted_on: datetime.date
    method: str
    method_note: str
    value_sek: Decimal
    eur_rate: Decimal
    eur_rate_source: str
    value_eur: Decimal
    regulation: str
    declaration_missing: bool
    over_ceiling_decision: str | None


class DeclaredAidIn(Schema):
    granted_on: datetime.date
    grantor: str = Field(..., min_length=1, max_length=200)
    amount: Decimal = Field(..., gt=0, le=1_000_000_000, decimal_places=2)
    currency: Currency = Currency.SEK
    regulation: Regulation = Regulation.UNKNOWN


class DeclarationIn(Schema):
    declared_on: datetime.date
    no_other_aid: bool = False
    entries: list[DeclaredAidIn] = Field(default_factory=list, max_length=50)
    note: str = Field("", max_length=500)


class DeclarationOut(Schema):
    id: int
    company_id: int
    declared_on: datetime.date
    no_other_aid: bool
    entries: int
    declared_eur: Decimal


class RateOut(Schema):
    month: str
    sek_per_eur: Decimal
    source: str
    provisional: bool


@router.get("/companies/{company_id}/headroom", response=HeadroomOut)
def headroom(request, company_id: int):
    ledger = ledger_services.company_ledger(request.user, company_id)
    s = ledger.status
    declaration = s.declaration
    return {
        "company_id": company_id,
        "members": [{"id": m.pk, "orgnr": m.orgnr, "name": m.name} for m in s.members],
        "on": s.headroom.on,
        "regulation": s.headroom.rule.regulation,
        "ceiling_eur": s.headroom.ceiling_eur,
        "window_start": s.headroom.window_start,
        "window_end": s.headroom.window_end,
        "programme_aid_eur": s.ours_eur,
        "declared_aid_eur": s.declared_eur,
        "used_eur": s.headroom.used_eur,
        "headroom_eur": s.headroom_eur,
        "headroom_sek": s.headroom_sek,
        "sek_per_eur": s.rate.eur_sek if s.rate else None,
        "declaration_on": declaration.declared_on if declaration else None,
    }


@router.get("/companies/{company_id}/grants", response=list[GrantOut])
def grants(request, company_id: int):
    ledger = ledger_services.company_ledger(request.user, company_id)
    return [
        {
            "id": g.pk,
            "company_id": g.company_id,
            "recipient_orgnr": g.recipient_orgnr,
            "recipient_name": g.recipient_name,
            "activity_id": g.activity_id,
            "organisation": g.organisation.name,
            "granted_on": g.granted_on,
            "method": g.method,
            "method_note": g.method_note,
            "value_sek": g.value_sek,
            "eur_rate": g.eur_rate,
            "eur_rate_source": g.eur_rate_source,
            "value_eur": g.value_eur,
            "regulation": g.regulation,
            "declaration_missing": g.declaration_missing,
            "over_ceiling_decision": g.decision.reason if g.decision_id else None,
        }
        for g in ledger.grants
    ]


@router.post("/companies/{company_id}/declarations", response={201: DeclarationOut})
def declare(request, company_id: int, payload: DeclarationIn):
    declaration = ledger_services.record_declaration(
        request.user,
        company_id,
        declared_on=payload.declared_on,
        no_other_aid=payload.no_other_aid,
        entries=[
            ledger_services.DeclaredAid(e.granted_on, e.grantor, e.amount, e.currency, e.regulation)
            for e in payload.entries
        ],
        note=payload.note,
    )
    entries = list(declaration.entries.model.objects.for_user(request.user).filter(declaration=declaration))
    return Status(
        201,
        {
            "id": declaration.pk,
            "company_id": company_id,
            "declared_on": declaration.declared_on,
            "no_other_aid": declaration.no_other_aid,
            "entries": len(entries),
            "declared_eur": sum((e.amount_eur for e in entries), Decimal(0)),
        },
    )


@router.get("/rates", response=list[RateOut])
def rates(request):
    permissions.require(dm.can_see_ledger(request.user), "the de minimis ledger is for programme staff")
    return [
        {"month": r.month, "sek_per_eur": r.eur_sek, "source": r.source, "provisional": r.provisional}
        for r in sorted(dm.rates().values(), key=lambda r: r.month)
    ]
