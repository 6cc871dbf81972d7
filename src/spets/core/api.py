"""Core API: who am I, and the reference lists (organisations, focus areas)."""

from __future__ import annotations

from ninja import Router, Schema

from spets.core.models import FocusArea, Organisation

router = Router(tags=["core"])


class MeOut(Schema):
    username: str
    role: str
    organisation: str | None


class OrganisationOut(Schema):
    slug: str
    name: str
    county: str | None
    town: str


class FocusAreaOut(Schema):
    code: str
    name_sv: str
    name_en: str


@router.get("/me", response=MeOut)
def me(request):
    user = request.user
    return {
        "username": user.username,
        "role": user.role,
        "organisation": user.organisation.slug if user.organisation_id else None,
    }


@router.get("/organisations", response=list[OrganisationOut])
def organisations(request):
    return [
        {"slug": o.slug, "name": o.name, "county": o.county_id, "town": o.town}
        for o in Organisation.objects.all()
    ]


@router.get("/focus-areas", response=list[FocusAreaOut])
def focus_areas(request):
    return list(FocusArea.objects.values("code", "name_sv", "name_en"))
