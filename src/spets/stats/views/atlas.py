"""GET /atlas/: the atlas (full page, HTMX partial, and CSV/XLSX/JSON of the same view).

Statistics only, no company data: every logged-in role may use it (:mod:`spets.stats.permissions`).
A choice the stored statistics cannot answer (after switching the measure, or a hand-edited link) is put
back to its default with a notice on the page (:mod:`spets.stats.choices`); the page never answers with
an error the user does not see.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spets.stats import atlas, choices, exports, presenters, services
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
    partial = bool(request.headers.get("HX-Request"))
    try:
        params, notices = choices.adjust(form.params(lenient=True))
        view = atlas.view(params)
    except UnknownCodeError as exc:
        no_data = not services.store().cubes()
        status = 200 if no_data or partial else 400
        return _error(request, str(exc), no_data, partial, status)
    except StatsError as exc:  # the store is busy (a long import) or unreadable: say so, no 500
        return _error(request, str(exc), False, partial, 200 if partial else 503)
    fmt = form.cleaned_data["format"]
    if fmt == "json":
        return JsonResponse(presenters.view_payload(view))
    if fmt is not None:
        content = exports.to_csv(view) if fmt == "csv" else exports.to_xlsx(view)
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{presenters.download_name(view, fmt)}"'
        return response
    context = presenters.atlas_context(view)
    context["notices"] = form.notices + notices
    query = presenters.view_query(view)
    context["querystring"] = query
    context["view_url"] = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    template = "stats/_atlas_view.html" if partial else "stats/atlas.html"
    response = render(request, template, context)
    if partial:  # the address bar shows the view actually shown, adjusted choices included
        response["HX-Push-Url"] = f"{request.path}?{query.urlencode()}"
    return response


def _error(request, message: str, no_data: bool, partial: bool, status: int) -> HttpResponse:
    template = "stats/_atlas_error.html" if partial else "stats/atlas.html"
    return render(request, template, {"error": message, "no_data": no_data}, status=status)
