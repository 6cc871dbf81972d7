"""The stats part of the demo data set (`spets load-demo`): the synthetic employment series for every
municipality and a business-statistics cube, calibrated to the register's demo workplaces.

Django side: reads the reference geography and the register (aggregates only) and stores the cubes that
the pure generator in :mod:`spets.stats.synthetic` makes.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Sum

from spets.companies.models import Workplace
from spets.core.scoping import unscoped
from spets.geo.models import County, Municipality, SniCode
from spets.stats import services
from spets.stats.synthetic import business_cube, calibrate, demo_cube, division_cube


def register_industry(sections: Sequence[str] = ("B", "C")) -> dict[str, dict[str, dict]]:
    """Aggregates over the register's workplaces (unscoped, sums only): {municipality: {section:
    {employees, workplaces, turnover_sek}}} for the programme municipalities."""
    with unscoped():
        rows = (
            Workplace.objects.filter(sni__parent_id__in=list(sections), municipality__in_programme=True)
            .values("municipality_id", "sni__parent_id")
            .annotate(employees=Sum("employees"), workplaces=Count("id"), turnover=Sum("turnover_sek"))
        )
        out: dict[str, dict[str, dict]] = {}
        for r in rows:
            out.setdefault(r["municipality_id"], {})[r["sni__parent_id"]] = {
                "employees": r["employees"] or 0,
                "workplaces": r["workplaces"],
                "turnover_sek": r["turnover"] or 0,
            }
    return out


def register_divisions(sections: Sequence[str] = ("B", "C")) -> dict[str, dict[str, int]]:
    """Employees of the register's workplaces by programme municipality and SNI division (sums only)."""
    with unscoped():
        rows = (
            Workplace.objects.filter(sni__parent_id__in=list(sections), municipality__in_programme=True)
            .values("municipality_id", "sni_id")
            .annotate(employees=Sum("employees"))
        )
        out: dict[str, dict[str, int]] = {}
        for r in rows:
            out.setdefault(r["municipality_id"], {})[r["sni_id"]] = r["employees"] or 0
    return out


def divisions() -> dict[str, list[tuple[str, str, str]]]:
    """SNI 2007 section → its divisions (code, Swedish name, English name), from the reference data."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for d in SniCode.objects.filter(level="division").order_by("code"):
        out.setdefault(d.parent_id or "", []).append((d.code, d.name_sv, d.name_en))
    return out


def load(seed: int) -> dict:
    """Put the synthetic employment series (all municipalities, 2008–2024) and a business-statistics
    cube into the store, calibrated to the register's demo workplaces. Idempotent."""
    munis = [(m.code, m.name, m.county_id) for m in Municipality.objects.order_by("code")]
    cube = demo_cube(munis, seed=seed % (2**32))
    register = register_industry()
    targets = {code: sum(s["employees"] for s in sections.values()) for code, sections in register.items()}
    calibrate(cube, targets)
    employment = services.import_cube(cube, series=services.EMPLOYMENT)
    by_division = division_cube(cube, divisions(), register_divisions(), seed=seed % (2**32))
    division = services.import_cube(by_division, series=services.EMPLOYMENT_DIVISIONS)
    counties = {c.code: c.name for c in County.objects.filter(in_programme=True).order_by("code")}
    business = services.import_cube(business_cube(register, counties, seed=seed), series=services.BUSINESS)
    return {
        "employment_series": f"{services.EMPLOYMENT} v{employment.result.version}",
        "employment_cells": cube.size,
        "calibrated_municipalities": len(targets),
        "calibrated_total_b_c": int(sum(targets.values())),
        "division_series": f"{services.EMPLOYMENT_DIVISIONS} v{division.result.version}",
        "business_series": f"{services.BUSINESS} v{business.result.version}",
        "synthetic": True,
    }
