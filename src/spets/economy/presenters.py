"""Page context of a footprint or scenario result: key figures, 'who gets what', the map, the form's choices.

Both pages (/footprint/ and the scenario partial) present results the same way, so they share these.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from spets.core.figures import Figure
from spets.economy import services, texts
from spets.economy.inputs import REST_CODE
from spets.geo.maps import choropleth

# The scenario form's first row, as shown before anything is calculated.
SCENARIO_DEFAULTS = {"municipality": "2081", "sni": "C24", "jobs": "300"}


def key_figures(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Key figures with source, year, unit and method (traceable; synthetic flagged)."""
    meta = result["metadata"]
    emp_meta = meta["inputs"]["employment"]
    synthetic = bool(meta.get("synthetic"))
    source = texts.source_line(meta)
    year = result["year"]
    emp = result["employment"]
    tax = result["tax_sek"]
    model = _("Type II multi-regional input-output model")
    spec = [
        (
            "direct",
            emp["direct"],
            _("jobs, direct"),
            _("persons"),
            _("employment of the area's industry (statistics %(y)s)") % {"y": emp_meta["year"]},
        ),
        (
            "indirect",
            emp["indirect"],
            _("jobs, indirect (suppliers)"),
            _("persons"),
            model + ", Type I − direct",
        ),
        (
            "induced",
            emp["induced"],
            _("jobs, induced (household spending)"),
            _("persons"),
            model + ", Type II − Type I",
        ),
        ("wages", result["wages_sek"], _("wages"), _("SEK per year"), _("jobs × average wage by industry")),
        (
            "value_added",
            result["value_added_sek"],
            _("value added"),
            _("SEK per year"),
            _("output × value added per output"),
        ),
        (
            "tax",
            tax["total"],
            _("tax revenue, total"),
            _("SEK per year"),
            _("Swedish tax model, income year %(y)s") % {"y": year},
        ),
    ]
    out = []
    for key, value, label, unit, method in spec:
        f = Figure(value, unit, source, year, method, synthetic)
        out.append({"key": key, "label": label, "figure": f, "money": unit != _("persons")})
    return out


def recipients(result: dict[str, Any]) -> dict[str, Any]:
    """'Who gets what': the three recipient levels, then each recipient with a bar scaled within its kind."""
    tax = result["tax_sek"]
    rows = tax["by_recipient"]
    top = {
        k: max((abs(r["sek"]) for r in rows if r["kind"] == k), default=0) or 1
        for k in {r["kind"] for r in rows}
    }
    levels = [
        ("municipality", _("Municipalities"), tax["municipalities"]),
        ("region", _("Regions"), tax["regions"]),
        ("state", _("The state"), tax["state"]),
    ]
    level_top = max(abs(v) for *_rest, v in levels) or 1
    return {
        "levels": [
            {"kind": k, "name": n, "sek": v, "width": round(100 * abs(v) / level_top, 1), "negative": v < 0}
            for k, n, v in levels
        ],
        "rows": [
            {**r, "width": round(100 * abs(r["sek"]) / top[r["kind"]], 1), "negative": r["sek"] < 0}
            for r in rows
            if r["kind"] != "state"
        ],
        "types": [(texts.tax_type(k), v) for k, v in tax["by_type"].items()],
    }


def jobs_map(result: dict[str, Any], programme: tuple[str, ...]) -> dict[str, Any]:
    """Jobs by municipality: the programme municipalities, or every municipality of the model when it has
    all of Sweden."""
    values = {r["code"]: r["total_jobs"] for r in result["by_region"] if r["code"] != REST_CODE}
    codes = list(values) if result["metadata"].get("regions") == "sweden" else list(programme)
    return choropleth(values, "municipality", codes=codes, fmt=lambda v: f"{v:,.1f}")


def rest_of_sweden(result: dict[str, Any]) -> dict[str, Any] | None:
    return next((r for r in result["by_region"] if r["code"] == REST_CODE), None)


def form_choices(built: services.Built | None) -> dict[str, Any]:
    """Choices of the footprint and scenario forms (areas and municipalities need a built model)."""
    if built is None:
        return {
            "areas": [],
            "regions": [],
            "industries": services.industry_choices(),
            "years": services.valid_years(),
            "region_sets": services.region_choices(),
        }
    geo = built.inputs.geography
    table = services.table()
    divisions = [
        (ind, f"{table.metadata.get('sni_divisions', {}).get(ind, ind)} {texts.industry(ind, name)}")
        for ind, name in zip(table.industries, table.industry_names or table.industries, strict=True)
    ]
    return {
        "areas": services.area_choices(built.inputs),
        "regions": list(zip(geo.codes, geo.names, strict=True)),
        "industries": services.industry_choices(),
        "divisions": divisions,
        "years": services.valid_years(),
        "region_sets": services.region_choices(),
    }


def footprint_context(result: dict[str, Any], built: services.Built, query: str) -> dict[str, Any]:
    """The footprint result as the page shows it."""
    return {
        "result": result,
        "figures": key_figures(result),
        "recipients": recipients(result),
        "map": jobs_map(result, built.inputs.programme),
        "rest": rest_of_sweden(result),
        "year": result["year"],
        "map_title": _("Jobs generated by municipality (direct + indirect + induced)"),
        "map_source": f"{texts.employment_title(result['metadata']['inputs']['employment'])} · "
        f"{result['year']} · {_('persons')} · {result['metadata']['method']}",
        "query": query,
        "scenario_defaults": SCENARIO_DEFAULTS,
    }


def scenario_context(result: dict[str, Any], programme: tuple[str, ...], query: str) -> dict[str, Any]:
    """The scenario result as the partial shows it: every region with a bar, intervals with labels."""
    rows = result["by_region"]
    top = max((abs(r["total_jobs"]) for r in rows), default=0) or 1
    for r in rows:
        r["width"] = round(100 * abs(r["total_jobs"]) / top, 1)
        r["muni_interval"] = result.get("intervals", {}).get("values", {}).get(f"municipality:{r['code']}")
    intervals = [
        {"key": k, "label": texts.interval(k), **v}
        for k, v in result.get("intervals", {}).get("values", {}).items()
        if not k.startswith("municipality:")
    ]
    return {
        "scenario": result,
        "scenario_map": jobs_map(result, programme),
        "scenario_rest": rest_of_sweden(result),
        "scenario_figures": key_figures(result),
        "scenario_recipients": recipients(result),
        "scenario_query": query,
        "scenario_intervals": intervals,
    }
