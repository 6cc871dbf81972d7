"""Programme reference data: the support organisations and the focus areas (idempotent)."""

from __future__ import annotations

from importlib import resources

import yaml
from django.db import transaction

from spets.core.models import DataLoad, FocusArea, Organisation


def programme_data() -> dict:
    text = resources.files("spets.core").joinpath("data/programme.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load_programme() -> dict[str, int]:
    data = programme_data()
    with transaction.atomic():
        for org in data["organisations"]:
            Organisation.objects.update_or_create(
                slug=org["slug"],
                defaults={
                    "name": org["name"],
                    "county_id": org["county"],
                    "town": org["town"],
                    "description_sv": org["description_sv"],
                    "description_en": org["description_en"],
                    "in_programme": True,
                },
            )
        for position, area in enumerate(data["focus_areas"]):
            FocusArea.objects.update_or_create(
                code=area["code"],
                defaults={"name_sv": area["name_sv"], "name_en": area["name_en"], "position": position},
            )
    return {"organisations": len(data["organisations"]), "focus_areas": len(data["focus_areas"])}


def load_reference() -> dict[str, int]:
    """All reference data: geography, SNI 2007, organisations and focus areas. No network."""
    from spets.geo.reference import REFERENCE_VERSION, load_all

    with transaction.atomic():
        counts = load_all()
        counts.update(load_programme())
        DataLoad.objects.update_or_create(
            name="reference", defaults={"version": REFERENCE_VERSION, "synthetic": False, "summary": counts}
        )
    return counts
