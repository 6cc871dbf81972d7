"""Validation of the footprint on the data that is loaded (``spets footprint validate``).

Four checks, each on the model of the chosen year (programme regions) and the table in use:

1. the model's value added by county (:func:`spets.economy.checks.value_added_by_region`, all industries)
   against SCB's regional accounts NR0105 (gross regional product by county) when that table is in the
   statistics store; otherwise the check says how to import it;
2. the model's direct output of SNI B + C by programme municipality against the summed net turnover of
   the register's B + C workplaces (aggregate-only, unscoped system read);
3. national Type I employment multipliers per industry of the table;
4. the structural-uncertainty grid: FLQ δ 0.15 / 0.3 / 0.4 with hypothetical extraction, and the whole
   output as final demand, for B + C in the programme area.

Plain values in, a dict out (no request); the numbers come from the pure :mod:`spets.economy.checks`.
"""

from __future__ import annotations

import math
import os
from typing import Any

from django.conf import settings
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.companies.models import Workplace
from spets.core.scoping import unscoped
from spets.economy import checks, texts
from spets.economy.inputs import REGISTER_SECTIONS
from spets.economy.services.choices import DEFAULT_INDUSTRY, parse_industries
from spets.economy.services.model import Built, model_for
from spets.stats import services as stats_services
from spets.stats.errors import StoreError

NR0105_TABLE = "NR0105ENS2010T01A"
NR0105_SERIES = (NR0105_TABLE, "grp_county")  # stored under the table id (default) or the catalogue's name
NR0105_FETCH = f"spets stats fetch {NR0105_TABLE} --region 17,20,21"
NOT_IMPORTED = gettext_lazy(
    "NR0105 not imported: run %(fetch)s (online), or spets stats import FILE of that table"
)
GRP_WORDS = ("brp", "grp", "bruttoregionprodukt", "gross regional product")
GRP_CONTENTS = "NR0105AH"  # SCB's code of "BRP, löpande priser, mnkr" in NR0105ENS2010T01A
NOT_GRP_WORDS = (" per ", "volym", "volume", "procent", "percent", "%")  # NR0105AI: volume change in %
MARKET_PRICES_NOTE = gettext_lazy(
    "NR0105 gives gross regional product (BRP) at market prices = value added at basic prices + taxes on "
    "products − subsidies (nationally about 12 % more than value added), and the model's value added is "
    "in the table's prices (about 2022) on the employment of the statistics' year: a ratio near 0.9 is "
    "agreement"
)
TURNOVER_NOTE = gettext_lazy(
    "net turnover is not output (goods bought for resale, changes in stocks), and the register holds the "
    "programme's companies, not every workplace of the municipality: the ratio is a plausibility check"
)
SYNTHETIC_NOTE = gettext_lazy(
    "the demo register's turnover is SYNTHETIC: the ratio shows the check working, not a result"
)
MULTIPLIER_NOTE = gettext_lazy(
    "Type I = (e' L)_j / e_j, national, on the table in use; Swedish industry studies put basic industries "
    "at about 1.5-3.5; compare with SCB's own multipliers when the real symmetric table is loaded"
)


def validate(year: int | str | None = None) -> dict[str, Any]:
    """All four checks on the model of ``year`` (programme regions); see the module docstring."""
    built = model_for(year, "programme")
    table = built.model.table
    employment = built.inputs.metadata.get("employment", {})
    return {
        "year": built.model.tax.year,
        "table": {
            "name": table.name,
            "source": table.metadata.get("source"),
            "year": table.metadata.get("year"),
            "approximate": bool(table.metadata.get("approximate")),
        },
        "employment": {
            "series": employment.get("series"),
            "version": employment.get("version"),
            "year": employment.get("year"),
            "synthetic": bool(employment.get("synthetic")),
        },
        "value_added": value_added_check(built),
        "turnover": turnover_check(built),
        "multipliers": multiplier_check(built),
        "structural": structural_check(built),
    }


# ---------------------------------------------------------------------------------------------
# 1. Value added by county against NR0105
# ---------------------------------------------------------------------------------------------


def _grp_contents(dim) -> str | None:
    """The ContentsCode of GRP in SEK million: SCB's code when present, else by label (not per inhabitant
    or per employed person, not the volume change in percent)."""
    if GRP_CONTENTS in dim.codes:
        return GRP_CONTENTS
    for code in dim.codes:
        labels = " ".join(dim.label_of(code, lg) for lg in ("sv", "en")).lower()
        if any(w in labels for w in GRP_WORDS) and not any(w in f" {labels} " for w in NOT_GRP_WORDS):
            return code
    return None


def read_nr0105(year: int) -> dict[str, Any] | None:
    """GRP (MSEK) by county code from the newest stored NR0105 cube, for ``year`` or the latest year
    before it; None when NR0105 is not in the store."""
    if not os.path.exists(settings.STATS_STORE_PATH):
        return None
    try:
        store = stats_services.store()
        infos = [c for c in store.cubes() if c.series in NR0105_SERIES or NR0105_TABLE in (c.table_id or "")]
    except StoreError:
        return None
    if not infos:
        return None
    info = max(infos, key=lambda c: (c.imported_at, c.version))
    dims = {d.code: d for d in store.dims(info.series, info.version)}
    filters: dict[str, str] = {}
    contents = None
    if "ContentsCode" in dims:
        contents = _grp_contents(dims["ContentsCode"]) or dims["ContentsCode"].codes[0]
        filters["ContentsCode"] = contents
    years = sorted(dims["Tid"].codes) if "Tid" in dims else []
    usable = [y for y in years if int(y[:4]) <= year] or years
    if not usable:
        return None
    used = usable[-1]
    cube = store.slice(info.series, info.version, Tid=used, **filters)
    region = cube.dim("Region")
    values = cube.values.reshape(len(region.codes))
    grp = {c: (None if math.isnan(v) else float(v)) for c, v in zip(region.codes, values, strict=True)}
    contents_label = dims["ContentsCode"].label_of(contents, "en") if contents else cube.unit
    return {
        "values": grp,
        "series": info.series,
        "version": int(info.version),
        "table": info.table_id,
        "source": info.source,
        "year": int(used[:4]),
        "contents": contents,
        "contents_label": contents_label,
        "unit": "MSEK",
    }


def value_added_check(built: Built) -> dict[str, Any]:
    """Model value added (all industries) by programme county against NR0105's GRP, with ratio."""
    geo = built.model.geo
    va = checks.value_added_by_region(built.model.table, geo)
    munis = built.inputs.municipalities
    by_county: dict[str, float] = {}
    for code, value in va.items():
        if code in munis and munis[code].in_programme:
            county = munis[code].county
            by_county[county] = by_county.get(county, 0.0) + value
    counties = sorted(by_county)
    stats_year = int(built.inputs.metadata.get("employment", {}).get("year") or built.model.tax.year)
    reference = read_nr0105(stats_year)
    rows = checks.compare(by_county, reference["values"] if reference else {}, counties)
    for row in rows:
        row["name"] = built.inputs.counties.get(row["code"], row["code"])
    out: dict[str, Any] = {
        "what": _("value added of all industries by county, model (MSEK) against SCB NR0105 (GRP, MSEK)"),
        "method": "Σ_j employment[municipality, j] · VA_j / EMP_j of the table, summed over the county",
        "employment_year": stats_year,
        "rows": rows,
        "note": str(MARKET_PRICES_NOTE),
    }
    if reference is None:
        return out | {
            "status": "not_imported",
            "message": NOT_IMPORTED % {"fetch": NR0105_FETCH},
            "reference": None,
        }
    ref = {k: v for k, v in reference.items() if k != "values"}
    if reference["year"] != stats_year:
        out["note"] += "; " + _("NR0105 year %(year)s against employment of %(stats)s") % {
            "year": reference["year"],
            "stats": stats_year,
        }
    return out | {"status": "compared", "message": None, "reference": ref}


# ---------------------------------------------------------------------------------------------
# 2. Direct output of B + C against the register's turnover
# ---------------------------------------------------------------------------------------------


def register_turnover(municipalities: tuple[str, ...]) -> tuple[dict[str, dict[str, Any]], bool]:
    """Summed net turnover (MSEK) and count of the register's B + C workplaces by municipality, and
    whether any of them is synthetic. Aggregate-only system read of the whole register (unscoped)."""
    with unscoped():
        qs = Workplace.objects.filter(
            sni__parent_id__in=REGISTER_SECTIONS, municipality_id__in=municipalities
        )
        rows = qs.values("municipality_id").annotate(sek=Sum("turnover_sek"), n=Count("id"))
        out = {r["municipality_id"]: {"msek": (r["sek"] or 0) / 1e6, "workplaces": r["n"]} for r in rows}
        synthetic = qs.filter(synthetic=True).exists()
    return out, synthetic


def turnover_check(built: Built) -> dict[str, Any]:
    """Model direct output of B + C (MSEK) by programme municipality against the register's turnover."""
    industries = parse_industries(DEFAULT_INDUSTRY)
    model = checks.direct_output(built.model.table, built.model.geo, industries)
    programme = built.inputs.programme
    register, synthetic = register_turnover(programme)
    reference = {c: register[c]["msek"] for c in register}
    rows = checks.compare(model, reference, programme)
    for row in rows:
        row["name"] = built.inputs.municipalities[row["code"]].name
        row["workplaces"] = register.get(row["code"], {}).get("workplaces", 0)
    total_model = sum(model[c] for c in programme)
    total_register = sum(reference.values()) if reference else None
    notes = [str(TURNOVER_NOTE)] + ([str(SYNTHETIC_NOTE)] if synthetic else [])
    return {
        "what": _(
            "direct output of SNI B + C by municipality, model (MSEK) against the register's net "
            "turnover of its B + C workplaces (MSEK)"
        ),
        "industries": list(industries),
        "rows": rows,
        "total": {
            "model": total_model,
            "reference": total_register,
            "ratio": checks.ratio(total_model, total_register),
        },
        "synthetic": synthetic,
        "status": "compared" if reference else "no_register",
        "message": None if reference else _("no B + C workplaces with turnover in the register"),
        "note": "; ".join(notes),
    }


# ---------------------------------------------------------------------------------------------
# 3. Multipliers, 4. structural grid
# ---------------------------------------------------------------------------------------------


def multiplier_check(built: Built) -> dict[str, Any]:
    """Type I employment multipliers of every industry of the table in use."""
    table = built.model.table
    mult = checks.employment_multipliers(table)
    divs = table.metadata.get("sni_divisions", {})
    rows = [
        {"industry": k, "name": texts.industry(k), "sni": divs.get(k, ""), "type_i": v}
        for k, v in mult.items()
    ]
    return {
        "what": _("national Type I employment multipliers"),
        "table": table.name,
        "rows": rows,
        "note": str(MULTIPLIER_NOTE),
    }


def structural_check(built: Built) -> dict[str, Any]:
    """Jobs (Sweden / area) and tax by scope for B + C in the programme area, per structural variant."""
    industries = parse_industries(DEFAULT_INDUSTRY)
    grid = checks.structural_grid(
        built.model.table, built.model.geo, built.inputs.programme, industries, built.model.assumptions
    )
    return {
        "what": _("footprint of SNI B + C in the programme area by structural variant"),
        "area": "programme",
        "sni": DEFAULT_INDUSTRY,
        "industries": list(industries),
        "variants": grid,
        "note": _(
            "the parameter Monte Carlo (--draws) varies δ, wages, margins and commuting; it does not vary "
            "the scope, the extraction method or the table"
        ),
    }
