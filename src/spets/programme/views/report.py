"""The progress report of a period: the page (Swedish first, English by the site's language switch), its
PDF, and the JSON of its figures (`?format=json`, the same rows as `spets programme report`)."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language

from spets.core.permissions import page_view
from spets.geo.maps import choropleth
from spets.geo.models import Municipality
from spets.programme import presenters
from spets.programme.services import report as report_services


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


@page_view
def report(request, period_id: int):
    result = report_services.report(request.user, period_id)
    context = presenters.report_context(result)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "period": context["period"],
                "closed": context["closed"],
                "figures": presenters.figure_rows(context),
            },
            json_dumps_params={"ensure_ascii": False},
        )
    counts = context["municipalities"]
    codes = sorted(
        set(Municipality.objects.filter(in_programme=True).values_list("code", flat=True)) | set(counts)
    )
    values = {code: counts.get(code, 0) for code in codes}
    return render(
        request,
        "programme/report.html",
        {**context, "report": result, "map": choropleth(values, "municipality", codes=codes, fmt=_fmt)},
    )


@page_view
def report_pdf(request, period_id: int):
    from spets.programme.pdf import render_report

    result = report_services.report(request.user, period_id)
    data = render_report(presenters.report_context(result))
    response = HttpResponse(data, content_type="application/pdf")
    lang = (get_language() or "sv")[:2]
    response["Content-Disposition"] = f'attachment; filename="lagesrapport-{result.period.code}-{lang}.pdf"'
    return response
