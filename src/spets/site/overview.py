"""Key figures for the start page "Industrin i Norra Mellansverige".

Aggregates only: sums over the workplace register, so no company detail leaves this module (the one
explicit, reviewed opt-out from query scoping for this page).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from spets.companies.models import Workplace
from spets.core.figures import Figure
from spets.core.models import DataLoad
from spets.core.scoping import unscoped
from spets.geo.models import County, Municipality, SniCode

DEMO_YEAR = 2024


def _source(synthetic: bool) -> str:
    if synthetic:
        return _("Spets synthetic demo data (not official statistics)")
    return _("Spets company register")


def industry_overview() -> dict:
    """Employees, workplaces and net turnover in industry: programme area, counties, municipalities, SNI."""
    sections = settings.INDUSTRY_SECTIONS
    synthetic = DataLoad.objects.filter(name="demo:companies").exists()
    source = _source(synthetic)
    method = _("sum over workplaces in SNI 2007 sections %(sections)s") % {"sections": "+".join(sections)}
    with unscoped():
        base = Workplace.objects.filter(sni__parent_id__in=sections, municipality__in_programme=True)
        total = base.aggregate(
            employees=Sum("employees"), workplaces=Count("id"), turnover=Sum("turnover_sek")
        )
        by_county = {
            r["municipality__county_id"]: r
            for r in base.values("municipality__county_id").annotate(
                employees=Sum("employees"), workplaces=Count("id"), turnover=Sum("turnover_sek")
            )
        }
        by_municipality = {
            r["municipality_id"]: r["employees"]
            for r in base.values("municipality_id").annotate(employees=Sum("employees"))
        }
        by_division = list(
            base.values("sni_id")
            .annotate(employees=Sum("employees"), workplaces=Count("id"))
            .order_by("-employees")
        )

    def figures(row: dict | None) -> dict[str, Figure]:
        row = row or {}
        return {
            "employees": Figure(row.get("employees"), _("employees"), source, DEMO_YEAR, method, synthetic),
            "workplaces": Figure(
                row.get("workplaces"), _("workplaces"), source, DEMO_YEAR, method, synthetic
            ),
            "turnover": Figure(
                row.get("turnover"), _("SEK, net turnover"), source, DEMO_YEAR, method, synthetic
            ),
        }

    counties = [
        {"county": c, **figures(by_county.get(c.code))} for c in County.objects.filter(in_programme=True)
    ]
    names = {s.code: s for s in SniCode.objects.filter(code__in=[r["sni_id"] for r in by_division])}
    top = max((r["employees"] for r in by_division), default=0) or 1
    divisions = [
        {
            "sni": names[r["sni_id"]],
            "employees": r["employees"],
            "workplaces": r["workplaces"],
            "share": r["employees"] / top,
        }
        for r in by_division
    ]
    municipalities = {
        m.code: by_municipality.get(m.code) for m in Municipality.objects.filter(in_programme=True)
    }
    return {
        "total": figures(total),
        "counties": counties,
        "divisions": divisions,
        "municipalities": municipalities,
        "synthetic": synthetic,
        "year": DEMO_YEAR,
        "source": source,
        "method": method,
    }
