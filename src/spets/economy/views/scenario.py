"""/footprint/scenario/: effects of a scenario. An HTMX POST answers the ``_scenario.html`` partial, a
plain POST or GET the whole page; ``?format=…`` downloads the result."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from spets.core.i18n import with_requested_language
from spets.economy import presenters, services, texts
from spets.economy.forms import ScenarioForm
from spets.economy.permissions import footprint_page
from spets.economy.views.downloads import download


@footprint_page
@require_http_methods(["GET", "POST"])
@with_requested_language
def scenario(request):
    """Scenario effects of the form's rows (or ``change=`` in the command's syntax)."""
    data = request.POST if request.method == "POST" else request.GET
    form = ScenarioForm(data)
    form.is_valid()
    choice = form.cleaned_data
    built = None
    try:
        built = services.model_for(choice["year"], choice["regions"])
        if not form.errors:
            result = services.scenario(
                choice["changes"],
                choice["year"],
                choice["area"],
                draws=choice["draws"],
                regions=choice["regions"],
                scope=choice["scope"],
            )
    except services.EconomyError as exc:
        return _error(request, choice, built, str(exc), texts.error_text(exc))
    if form.errors:
        return _error(request, choice, built, form.first_error(), form.first_error())
    if choice["format"]:
        return download(result, choice["format"], f"spets-scenario-{result['year']}")
    query = data.copy()
    query.pop("csrfmiddlewaretoken", None)
    query.pop("format", None)
    context = presenters.scenario_context(result, built.inputs.programme, query.urlencode())
    if request.headers.get("HX-Request"):
        return render(request, "economy/_scenario.html", context)
    context.update(
        presenters.form_choices(built),
        area=choice["area"],
        industry=services.DEFAULT_INDUSTRY,
        year=result["year"],
        region_set=choice["regions"],
        scope=services.DEFAULT_SCOPE,
        scenario_scope=choice["scope"],
        scenario_defaults=presenters.SCENARIO_DEFAULTS,
    )
    return render(request, "economy/footprint.html", context)


def _error(request, choice: dict, built: services.Built | None, text: str, page_text: str):
    """A scenario the model cannot answer: JSON {error} (400), the partial with the error (HTMX: 200, so
    the page swaps it in), or the whole page with the error (400)."""
    if choice["format"] == "json":
        return JsonResponse({"error": text}, status=400)
    context = {"scenario_error": page_text}
    if request.headers.get("HX-Request"):
        return render(request, "economy/_scenario.html", context, status=200)
    context.update(
        presenters.form_choices(built),
        area=choice["area"],
        industry=services.DEFAULT_INDUSTRY,
        year=choice["year"],
        region_set=choice["regions"],
    )
    return render(request, "economy/footprint.html", context, status=400)
