"""Footprint page under /footprint/: key figures, maps, who gets what, scenario form (HTMX), downloads.

Statistics only (no company data): every logged-in role may use it. Views are thin: they read the
form, call :mod:`spets.economy.services` and render; `?format=json|xlsx|pdf` downloads the same result.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spets.core.figures import Figure
from spets.economy import exports, labels, services
from spets.economy.inputs import REST_CODE
from spets.geo.maps import choropleth

DOWNLOADS = ("json", "xlsx", "pdf")
MAX_CHANGES = 3
LANGUAGES = ("sv", "en")


def _language(view):
    """`?lang=sv|en` renders the page or download (e.g. the PDF report) in that language; otherwise the
    UI language applies."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        lang = request.GET.get("lang")
        if lang in LANGUAGES:
            with translation.override(lang):
                return view(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapper


def _download(result: dict[str, Any], fmt: str, stem: str) -> HttpResponse:
    if fmt == "json":
        response = JsonResponse(result, json_dumps_params={"ensure_ascii": False, "indent": 2})
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(result),
            content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    else:
        from spets.economy.pdf import render_pdf

        response = HttpResponse(render_pdf(result), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _figures(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Key figures with source, year, unit and method (traceable; synthetic flagged)."""
    meta = result["metadata"]
    emp_meta = meta["inputs"]["employment"]
    synthetic = bool(meta.get("synthetic"))
    source = labels.source_line(meta)
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


def _recipients(result: dict[str, Any]) -> dict[str, Any]:
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
        "types": [(labels.tax_type(k), v) for k, v in tax["by_type"].items()],
    }


def _map(result: dict[str, Any], programme: tuple[str, ...]) -> dict[str, Any]:
    """Programme municipalities, or every municipality of the model when it has all of Sweden."""
    values = {r["code"]: r["total_jobs"] for r in result["by_region"] if r["code"] != REST_CODE}
    codes = list(values) if result["metadata"].get("regions") == "sweden" else list(programme)
    return choropleth(values, "municipality", codes=codes, fmt=lambda v: f"{v:,.1f}")


def _rest(result: dict[str, Any]) -> dict[str, Any] | None:
    return next((r for r in result["by_region"] if r["code"] == REST_CODE), None)


def _form_context(built: services.Built | None) -> dict[str, Any]:
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
        (ind, f"{table.metadata.get('sni_divisions', {}).get(ind, ind)} {labels.industry(ind, name)}")
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


def _scenario_context(result: dict[str, Any], programme: tuple[str, ...], query: str) -> dict[str, Any]:
    rows = result["by_region"]
    top = max((abs(r["total_jobs"]) for r in rows), default=0) or 1
    for r in rows:
        r["width"] = round(100 * abs(r["total_jobs"]) / top, 1)
        r["muni_interval"] = result.get("intervals", {}).get("values", {}).get(f"municipality:{r['code']}")
    intervals = [
        {"key": k, "label": labels.interval(k), **v}
        for k, v in result.get("intervals", {}).get("values", {}).items()
        if not k.startswith("municipality:")
    ]
    return {
        "scenario": result,
        "scenario_map": _map(result, programme),
        "scenario_rest": _rest(result),
        "scenario_figures": _figures(result),
        "scenario_recipients": _recipients(result),
        "scenario_query": query,
        "scenario_intervals": intervals,
    }


@login_required
@require_http_methods(["GET"])
@_language
def footprint(request):
    """The footprint page (GET area, industry, year); ?format=json|xlsx|pdf downloads the result."""
    area = request.GET.get("area") or "programme"
    industry = request.GET.get("industry") or services.DEFAULT_INDUSTRY
    year = request.GET.get("year") or None
    region_set = request.GET.get("regions") or services.DEFAULT_REGIONS
    fmt = request.GET.get("format")
    context: dict[str, Any] = {"area": area, "industry": industry, "year": year, "region_set": region_set}
    built = None
    try:
        built = services.model_for(year, region_set)
        result = services.footprint(area, industry, year, region_set)
    except services.EconomyError as exc:
        if fmt == "json":
            return JsonResponse({"error": str(exc)}, status=400)
        context.update(_form_context(built), error=labels.error_text(exc))
        return render(request, "economy/footprint.html", context, status=400)
    if fmt in DOWNLOADS:
        return _download(result, fmt, f"spets-footprint-{result['area'].replace(':', '-')}-{result['year']}")
    context.update(_form_context(built))
    context.update(
        result=result,
        figures=_figures(result),
        recipients=_recipients(result),
        map=_map(result, built.inputs.programme),
        rest=_rest(result),
        year=result["year"],
        map_title=_("Jobs generated by municipality (direct + indirect + induced)"),
        map_source=f"{labels.employment_title(result['metadata']['inputs']['employment'])} · {result['year']} · "
        f"{_('persons')} · {result['metadata']['method']}",
        query=request.GET.urlencode(),
        scenario_defaults={"municipality": "2081", "sni": "C24", "jobs": "300"},
    )
    return render(request, "economy/footprint.html", context)


def _changes_from(data) -> list[services.ChangeSpec]:
    """Rows of the scenario form (municipality[], sni[], jobs[], demand[]); empty rows are skipped."""
    munis, snis = data.getlist("municipality"), data.getlist("sni")
    jobs, demand = data.getlist("jobs"), data.getlist("demand")
    out = []
    for i in range(min(len(munis), MAX_CHANGES)):
        j = (jobs[i] if i < len(jobs) else "").strip().replace(",", ".").replace("\u2212", "-")
        d = (demand[i] if i < len(demand) else "").strip().replace(",", ".").replace("\u2212", "-")
        if not j and not d:
            continue
        try:
            out.append(
                services.ChangeSpec(munis[i], snis[i] if i < len(snis) else "", float(j or 0), float(d or 0))
            )
        except ValueError:
            raise services.EconomyError(
                _("change %(n)s: jobs and demand must be numbers") % {"n": i + 1}
            ) from None
    for c in data.getlist("change"):  # also accepts the CLI syntax: change=kommun:2081,sni:24,jobs:+300
        out.append(services.parse_change(c))
    return out


@login_required
@require_http_methods(["GET", "POST"])
@_language
def scenario(request):
    """Scenario effects. HTMX POST → the `_scenario.html` partial; GET ?format=… → download."""
    data = request.POST if request.method == "POST" else request.GET
    fmt = data.get("format")
    year = data.get("year") or None
    area = data.get("area") or "programme"
    region_set = data.get("regions") or services.DEFAULT_REGIONS
    try:
        draws = int(data.get("draws") or 0)
    except ValueError:
        draws = -1
    built = None
    try:
        built = services.model_for(year, region_set)
        result = services.scenario(_changes_from(data), year, area, draws=draws, regions=region_set)
    except services.EconomyError as exc:
        if fmt == "json":
            return JsonResponse({"error": str(exc)}, status=400)
        context = {"scenario_error": labels.error_text(exc)}
        if request.headers.get("HX-Request"):
            return render(request, "economy/_scenario.html", context, status=200)
        context.update(
            _form_context(built),
            area=area,
            industry=services.DEFAULT_INDUSTRY,
            year=year,
            region_set=region_set,
        )
        return render(request, "economy/footprint.html", context, status=400)
    if fmt in DOWNLOADS:
        return _download(result, fmt, f"spets-scenario-{result['year']}")
    query = data.copy()
    query.pop("csrfmiddlewaretoken", None)
    query.pop("format", None)
    context = _scenario_context(result, built.inputs.programme, query.urlencode())
    if request.headers.get("HX-Request"):
        return render(request, "economy/_scenario.html", context)
    context.update(
        _form_context(built),
        area=area,
        industry=services.DEFAULT_INDUSTRY,
        year=result["year"],
        region_set=region_set,
        scenario_defaults={"municipality": "2081", "sni": "C24", "jobs": "300"},
    )
    return render(request, "economy/footprint.html", context)
