"""Page context of a footprint or scenario result: key figures, 'who gets what', the map, the form's choices.

Both pages (/footprint/ and the scenario partial) present results the same way, so they share these.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from spets.core import numbers
from spets.core.figures import Figure
from spets.core.i18n import active_language
from spets.economy import services, texts
from spets.economy.inputs import REST_CODE
from spets.geo.maps import choropleth

# The scenario form's first row, as shown before anything is calculated.
SCENARIO_DEFAULTS = {"municipality": "2081", "sni": "C24", "jobs": "300"}


def key_figures(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Key figures of the result's scope with source, year, unit and method (traceable; synthetic
    flagged); each names its scope, and jobs and tax in the area come first."""
    meta = result["metadata"]
    emp_meta = meta["inputs"]["employment"]
    synthetic = bool(meta.get("synthetic"))
    source = texts.source_line(meta)
    year = result["year"]
    emp = result["employment"]
    tax = result["tax_sek"]
    scope = result.get("scope_name") or texts.scope_name(result.get("scope", "type2"))
    place = result.get("by_place", {})
    in_area = place.get("area", {})
    model = _("input-output model, %(scope)s") % {"scope": scope}
    persons = _("persons")
    money = _("SEK per year")
    spec = [
        ("jobs", emp["total"], _("jobs, total"), persons, model),
        ("jobs_in_area", in_area.get("jobs"), _("jobs in the area"), persons, model),
        (
            "direct",
            emp["direct"],
            _("jobs, direct"),
            persons,
            _("employment of the area's industry (statistics %(y)s)") % {"y": emp_meta["year"]},
        ),
        ("indirect", emp["indirect"], _("jobs, indirect (suppliers)"), persons, model),
        ("induced", emp["induced"], _("jobs, induced (household spending)"), persons, model),
        ("wages", result["wages_sek"], _("wages"), money, _("jobs × wage per employed person by industry")),
        (
            "value_added",
            result["value_added_sek"],
            _("value added"),
            money,
            _("output × value added per output"),
        ),
        (
            "tax",
            tax["total"],
            _("tax revenue, total"),
            money,
            _("Swedish tax model, income year %(y)s") % {"y": year},
        ),
        (
            "tax_in_area",
            (in_area.get("tax_sek") or {}).get("total"),
            _("tax revenue from the area's residents and workplaces"),
            money,
            _("Swedish tax model, income year %(y)s") % {"y": year},
        ),
    ]
    out = []
    for key, value, label, unit, method in spec:
        if value is None or (key == "induced" and result.get("scope") != "type2"):
            continue
        f = Figure(value, unit, source, year, method, synthetic)
        out.append(
            {
                "key": key,
                "label": label,
                "figure": f,
                "money": unit != persons,
                "scope": scope,
                "approximate": bool(meta.get("approximate")),
            }
        )
    return out


def scope_tabs(result: dict[str, Any], query: str) -> list[dict[str, Any]]:
    """The four scopes side by side (jobs and tax, of which in the area), each a link to itself."""
    base = "&".join(p for p in query.split("&") if p and not p.startswith(("scope=", "format=")))
    return [
        {
            "key": key,
            "name": texts.scope_name(key),
            "explanation": texts.scope_explanation(key),
            "current": key == result.get("scope"),
            "href": f"?{base}&scope={key}" if base else f"?scope={key}",
            **values,
        }
        for key, values in result.get("scopes", {}).items()
    ]


def split_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Jobs, wages, value added and tax of the scope by place, then by effect (rows of one table)."""
    rows = [{"group": "place", "name": texts.place(k), **v} for k, v in result.get("by_place", {}).items()]
    rows += [
        {"group": "effect", "name": texts.effect(k), **v} for k, v in result.get("by_effect", {}).items()
    ]
    return rows


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
    shown = [
        {**r, "width": round(100 * abs(r["sek"]) / top[r["kind"]], 1), "negative": r["sek"] < 0}
        for r in rows
        if r["kind"] != "state"
    ]
    return {
        "levels": [
            {"kind": k, "name": n, "sek": v, "width": round(100 * abs(v) / level_top, 1), "negative": v < 0}
            for k, n, v in levels
        ],
        "rows": shown,
        "rows_html": recipient_rows_html(shown),
        "types": [(texts.tax_type(k), v) for k, v in tax["by_type"].items()],
    }


# A bar of 0–100 in an SVG, as the templates draw it (data-driven widths are SVG attributes: see core/csp).
_BAR = (
    '<td class="bar"><svg class="barline{neg}" viewBox="0 0 100 1" preserveAspectRatio="none" '
    'aria-hidden="true"><rect width="{width:.1f}" height="1"/></svg></td></tr>'
)


def recipient_rows_html(rows: list[dict[str, Any]]) -> SafeString:
    """The rows of 'each municipality and region' (up to 290 + 21), built here rather than in a template
    loop: the template engine took a fifth of the scenario page's time for this table and the next."""
    lang = active_language()
    money = numbers.money
    return mark_safe(  # noqa: S308 - every value is escaped or a formatted number
        "".join(
            f'<tr class="{escape(r["kind"])}"><td>{escape(r["name"])} ({escape(r["code"])})</td>'
            f'<td class="n">{escape(money(r["sek"], lang))}</td>'
            + _BAR.format(neg=" neg" if r["negative"] else "", width=r["width"])
            for r in rows
        )
    )


def region_rows_html(rows: list[dict[str, Any]]) -> SafeString:
    """The rows of 'effect in every municipality' (see recipient_rows_html)."""
    lang = active_language()
    count, money = numbers.count, numbers.money
    parts = []
    for r in rows:
        interval = r.get("muni_interval")
        spread = (
            f'<br><span class="interval">{escape(money(interval["low"], lang))}–'
            f"{escape(money(interval['high'], lang))}</span>"
            if interval
            else ""
        )
        outside = "" if r["in_area"] else ' class="outside"'
        parts.append(
            f'<tr data-code="{escape(r["code"])}"{outside}>'
            f"<td>{escape(r['name'])}</td>"
            f'<td class="n">{escape(count(r["direct"], lang))}</td>'
            f'<td class="n">{escape(count(r["indirect"], lang))}</td>'
            f'<td class="n">{escape(count(r["induced"], lang))}</td>'
            f'<td class="n">{escape(count(r["total_jobs"], lang))}</td>'
            f'<td class="n">{escape(money(r["municipal_tax_sek"], lang))}{spread}</td>'
            + _BAR.format(neg=" neg" if r["total_jobs"] < 0 else "", width=r["width"])
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped or a formatted number


def jobs_map(result: dict[str, Any], programme: tuple[str, ...]) -> dict[str, Any]:
    """Jobs by municipality: the programme municipalities, or every municipality of the model when it has
    all of Sweden."""
    values = {r["code"]: r["total_jobs"] for r in result["by_region"] if r["code"] != REST_CODE}
    codes = list(values) if result["metadata"].get("regions") == "sweden" else list(programme)
    lang = active_language()
    return choropleth(values, "municipality", codes=codes, fmt=lambda v: numbers.count(v, lang))


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
            "scope_choices": texts.scope_choices(),
        }
    geo = built.inputs.geography
    table = services.table()
    divisions = [
        (ind, f"{table.metadata.get('sni_divisions', {}).get(ind, ind)} {texts.industry(ind, name)}")
        for ind, name in zip(table.industries, table.industry_names or table.industries, strict=True)
    ]
    return {
        "areas": services.area_choices(built.inputs),
        "regions": [
            (code, texts.rest_of_sweden() if code == REST_CODE else f"{name} ({code})")
            for code, name in zip(geo.codes, geo.names, strict=True)
        ],
        "industries": services.industry_choices(),
        "divisions": divisions,
        "years": services.valid_years(),
        "region_sets": services.region_choices(),
        "scope_choices": texts.scope_choices(),
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
        "map_title": _("Jobs generated by municipality (%(scope)s)") % {"scope": result["scope_name"]},
        "scopes": scope_tabs(result, query),
        "left_out": result["metadata"]["left_out"],
        "split": split_rows(result),
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
        "scenario_region_rows": region_rows_html(rows),
        "scenario_rest": rest_of_sweden(result),
        "scenario_figures": key_figures(result),
        "scenario_split": split_rows(result),
        "left_out": result["metadata"]["left_out"],
        "scenario_recipients": recipients(result),
        "scenario_query": query,
        "scenario_intervals": intervals,
    }
