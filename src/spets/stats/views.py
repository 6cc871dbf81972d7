"""Atlas pages: the atlas (full page, HTMX partial, CSV/XLSX/JSON of the same view) and the stored cubes.

Statistics only, no company data: every logged-in role may use them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import atlas, charts, exports, services
from .errors import StatsError, UnknownCodeError

PARAMS = ("measure", "industry", "year", "start", "level", "area", "version", "version_of")


def params_from(query) -> atlas.Params:
    given = {k: query.get(k) or None for k in PARAMS}
    version = given["version"]
    # the form sends the series its version belongs to: after the user picks another measure, the old
    # version choice means nothing, so the new measure opens at its newest version
    if (
        version is not None
        and given["version_of"]
        and given["version_of"] != (given["measure"] or "").split(":")[0]
    ):
        version = None
    try:
        number = int(version) if version is not None else None
    except ValueError:
        raise UnknownCodeError(f"unknown version {version!r}; expected a version number") from None
    return atlas.Params(
        measure=given["measure"],
        industry=given["industry"],
        year=given["year"],
        start=given["start"],
        level=given["level"] or "municipality",
        area=given["area"] or "programme",
        version=number,
    )


def _number_format(decimals: int):
    from spets.core.templatetags.spets import num

    return lambda v: num(v, decimals)


def context_for(view: dict) -> dict:
    from spets.geo.maps import choropleth

    fmt = _number_format(view["decimals"])
    lines = [{"name": s["name"], "points": [(y, v) for y, v, _s in s["points"]]} for s in view["series"]]
    focus = lines[:1]
    indexed = []
    for line in lines:  # index: first known year = 100, so areas of any size compare
        base = next((v for _y, v in line["points"] if v), None)
        indexed.append(
            {
                "name": line["name"],
                "points": [(y, None if v is None or not base else 100 * v / base) for y, v in line["points"]],
            }
        )
    return {
        "v": view,
        "map": choropleth(view["map_values"], view["map_level"], codes=list(view["map_values"]), fmt=fmt),
        "map_title": f"{view['title']} — {view['industry_label']}, {view['year']}",
        "map_source": f"{_('Source')}: {view['source']}; {view['unit']}",
        "chart": charts.line_chart(
            focus, title=f"{view['area_name']}: {view['industry_label']}", fmt=fmt, test_id="timeseries"
        ),
        "index_chart": charts.line_chart(
            indexed, title=_("Index, first year = 100"), test_id="index-chart", fmt=lambda v: f"{v:.0f}"
        ),
    }


def _download_name(view: dict, ext: str) -> str:
    return f"atlas-{slugify(view['series_name'])}-{slugify(view['industry'])}-{view['year']}-{slugify(view['area'])}.{ext}"


@login_required
def atlas_page(request):
    try:
        view = atlas.view(params_from(request.GET))
    except UnknownCodeError as exc:
        no_data = not services.store().cubes()
        status = 200 if no_data else 400
        return render(request, "stats/atlas.html", {"error": str(exc), "no_data": no_data}, status=status)
    except StatsError as exc:  # the store is busy (a long import) or unreadable: say so, no 500
        return render(request, "stats/atlas.html", {"error": str(exc), "no_data": False}, status=503)
    fmt = request.GET.get("format")
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(view), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_download_name(view, "csv")}"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(view),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{_download_name(view, "xlsx")}"'
        return response
    if fmt == "json":
        from .api import view_payload

        return JsonResponse(view_payload(view))
    context = context_for(view)
    context["querystring"] = request.GET.copy()
    context["querystring"].pop("format", None)
    template = "stats/_atlas_view.html" if request.headers.get("HX-Request") else "stats/atlas.html"
    return render(request, template, context)


@login_required
def cubes_page(request):
    try:
        cubes = services.store().cubes()
    except StatsError as exc:
        return render(request, "stats/cubes.html", {"error": str(exc), "cubes": []})
    import json
    from dataclasses import asdict

    rows = [
        dict(asdict(c), query_text=json.dumps(c.query, ensure_ascii=False)[:300]) for c in reversed(cubes)
    ]
    return render(request, "stats/cubes.html", {"cubes": rows})
