"""The demo data set: every app contributes a `demo.load()`; this module runs them in order.

Each app's AppConfig may name `demo_order`; `spets.<app>.demo.load(rng_seed)` must be deterministic and
is run once: a DataLoad marker per app makes a second `spets load-demo` add nothing.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.contrib.auth import get_user_model
from django.db import transaction

from spets.core.models import DataLoad, Organisation, Role
from spets.core.registry import demo_loaders
from spets.core.scoping import unscoped

DEMO_SEED = 20250601
DEMO_PASSWORD = "spets-demo"  # printed by `spets demo`; demo logins only exist in demo databases

# (username, role, organisation slug, name) — one login per role, named like the personas in the tests.
DEMO_USERS = [
    ("anna", Role.ADVISOR, "iuc-dalarna", "Anna Rådgivare"),
    ("bertil", Role.ADVISOR, "iuc-dalarna", "Bertil Kollega"),
    ("cecilia", Role.ADVISOR, "paper-province", "Cecilia Rådgivare"),
    ("programledare", Role.PROGRAMME_MANAGER, "iuc-gavleborg", "Petra Programledare"),
    ("analytiker", Role.ANALYST, "dalarna-science-park", "Alf Analytiker"),
    ("lasare", Role.VIEWER, "iuc-varmland", "Lisa Läsare"),
]


def demo_users() -> list[dict]:
    User = get_user_model()
    created = []
    for username, role, org_slug, full_name in DEMO_USERS:
        first, last = full_name.split(" ", 1)
        user, made = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "organisation": Organisation.objects.get(slug=org_slug),
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.spets.invalid",
            },
        )
        if made:
            user.set_password(DEMO_PASSWORD)
            user.save()
        created.append({"username": username, "role": role.label, "organisation": org_slug})
    return created


def load_demo() -> dict[str, dict]:
    """Load the whole demo data set; returns a summary per part. Idempotent."""
    from spets.core.reference import load_reference

    summary: dict[str, dict] = {}
    if not DataLoad.objects.filter(name="reference").exists():
        summary["reference"] = load_reference()
    with unscoped():
        for module in demo_loaders():
            name = "demo:" + module.split(".")[1]
            if DataLoad.objects.filter(name=name).exists():
                summary[name] = {"skipped": "already loaded"}
                continue
            loader = importlib.import_module(module)
            with transaction.atomic():
                result = loader.load(DEMO_SEED)
                DataLoad.objects.create(name=name, version=str(DEMO_SEED), synthetic=True, summary=result)
            summary[name] = result
    return summary


def load(seed: int) -> dict:
    return {"users": len(demo_users())}


def demo_loaded() -> bool:
    return DataLoad.objects.filter(synthetic=True).exists()
