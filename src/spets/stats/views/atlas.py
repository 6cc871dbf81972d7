"""GET /atlas/: the atlas (full page, HTMX partial, and CSV/XLSX/JSON of the same view).

Statistics only, no company data: every logged-in role may use it (:mod:`spets.stats.permissions`).
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spets.stats import atlas, exports, presenters, services
from spets.stats.errors import StatsError, UnknownCodeError
from spets.stats.forms import AtlasForm
from spets.stats.permissions import statistics_page

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@statistics_page
@require_GET
def atlas_page(request):
    form = AtlasForm(request.GET)
    form.is_valid()  # every field is optional text: the atlas decides what is valid
    try:
        view = atlas.view(form.params())
    except UnknownCodeError as exc:
        no_data = not services.store().cubes()
        status = 200 if no_data else 400
        return render(request, "stats/atlas.html", {"error": str(exc), "no_data": no_data}, status=status)
    except StatsError as exc:  # the store is busy (a long import) or unreadable: say so, no 500
        return render(request, "stats/atlas.html", {"error": str(exc), "no_data": False}, status=503)
    fmt = form.cleaned_data["format"]
    if fmt == "json":
        return JsonResponse(presenters.view_payload(view))
    if fmt is not None:
        content = exports.to_csv(view) if fmt == "csv" else exports.to_xlsx(view)
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{presenters.download_name(view, fmt)}"'
        return response
    context = presenters.atlas_context(view)
    context["querystring"] = request.GET.copy()
    context["querystring"].pop("format", None)
    template = "stats/_atlas_view.html" if request.headers.get("HX-Request") else "stats/atlas.html"
    return render(request, template, context)
