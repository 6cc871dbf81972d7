"""The demo data set: every app contributes a `demo.load()`; this module runs them in order.

Each app's AppConfig may name `demo_order`; `spets.<app>.demo.load(rng_seed)` must be deterministic and
is run once: a DataLoad marker per app makes a second `spets load-demo` add nothing.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# What each demo role may do, printed beside its login (the policy's GRANTS in words).
ROLE_DOES = {
    Role.ADVISOR: gettext_lazy("registers companies, activities and referrals; reads the shared register"),
    Role.PROGRAMME_MANAGER: gettext_lazy("everything an advisor does, plus programme follow-up and reports"),
    Role.ANALYST: gettext_lazy("statistics, footprint and aggregates; no company records or contacts"),
    Role.VIEWER: gettext_lazy("reads what an advisor reads, changes nothing"),
}


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, role, organisation name, what the role may do) for `spets demo` to print."""
    names = dict(Organisation.objects.values_list("slug", "name"))
    return [
        (username, str(role.label), names.get(slug, slug), str(ROLE_DOES.get(role, "")))
        for username, role, slug, _name in DEMO_USERS
    ]


# The headline counts of the demo parts, in words; other keys of a part's summary are not printed.
SUMMARY_LABELS = {
    "users": gettext_lazy("logins"),
    "companies": gettext_lazy("companies"),
    "employees": gettext_lazy("employees"),
    "contacts": gettext_lazy("contacts"),
    "offers": gettext_lazy("offers"),
    "activities": gettext_lazy("support activities"),
    "referrals": gettext_lazy("referrals"),
    "employment_cells": gettext_lazy("statistics cells"),
    "t0": gettext_lazy("first assessments"),
    "t1_completed": gettext_lazy("follow-up assessments"),
    "periods": gettext_lazy("reporting periods"),
    "cohorts": gettext_lazy("cohorts"),
    "events": gettext_lazy("events"),
    "registrations": gettext_lazy("registrations"),
}


def _count(value) -> str:
    return (
        f"{value:,}".replace(",", "\u00a0") if isinstance(value, int) and not isinstance(value, bool) else ""
    )


def describe_summary(summary: dict[str, dict]) -> list[str]:
    """One readable line per part of the demo: the app's name and its counts (no Python structures)."""
    lines = []
    for part, counts in summary.items():
        label = part.removeprefix("demo:")
        app_name = next((str(c.verbose_name) for c in apps.get_app_configs() if c.label == label), label)
        if counts.get("skipped"):
            lines.append(_("%(part)s: already loaded") % {"part": app_name})
            continue
        shown = [
            f"{_count(v)} {SUMMARY_LABELS[key]}"
            for key, v in counts.items()
            if key in SUMMARY_LABELS and _count(v)
        ]
        lines.append(f"{app_name}: {', '.join(shown)}")
    return lines


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
