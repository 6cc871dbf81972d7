"""GET /footprint/: key figures, maps, who gets what, the scenario form; ``?format=…`` downloads the result.

Statistics only (no company data): every logged-in role may use it (:mod:`spets.economy.permissions`).
The view reads the form, calls :mod:`spets.economy.services` and renders.
"""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spets.core.i18n import with_requested_language
from spets.economy import presenters, services, texts
from spets.economy.forms import FootprintForm
from spets.economy.permissions import footprint_page
from spets.economy.views.downloads import download


@footprint_page
@require_GET
@with_requested_language
def footprint(request):
    """The footprint page (area, industry, year, regions); ``?format=json|xlsx|pdf`` downloads the result
    and ``?lang=sv|en`` chooses the language of the page or download."""
    form = FootprintForm(request.GET)
    form.is_valid()  # every field is optional text: the services decide what is valid
    choice = form.cleaned_data
    area, industry, year, regions = choice["area"], choice["industry"], choice["year"], choice["regions"]
    scope = choice["scope"]
    context: dict[str, Any] = {
        "area": area,
        "industry": industry,
        "year": year,
        "region_set": regions,
        "scope": scope,
    }
    built = None
    try:
        built = services.model_for(year, regions)
        result = services.footprint(area, industry, year, regions, scope=scope)
    except services.EconomyError as exc:
        if choice["format"] == "json":
            return JsonResponse({"error": str(exc)}, status=400)
        context.update(presenters.form_choices(built), error=texts.error_text(exc))
        return render(request, "economy/footprint.html", context, status=400)
    if choice["format"]:
        stem = f"spets-footprint-{result['area'].replace(':', '-')}-{result['year']}"
        return download(result, choice["format"], stem)
    context.update(presenters.form_choices(built))
    context.update(presenters.footprint_context(result, built, request.GET.urlencode()))
    return render(request, "economy/footprint.html", context)
