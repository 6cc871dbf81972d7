"""Förteckning över deltagande företag: the participant list of a period on a page and as XLSX or CSV."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from spets.core.errors import InvalidData
from spets.core.models import Organisation
from spets.core.permissions import page_view
from spets.programme.services import participants as participant_services

SHOWN = 500  # rows on the page; the files hold them all


@page_view
def participants(request, period_id: int):
    slug = request.GET.get("organisation") or None
    error = None
    try:
        listing = participant_services.participants(request.user, period_id, slug)
    except InvalidData as exc:
        listing, error = None, exc
    period = listing.period if listing else None
    if period is None:
        from spets.programme.models import ReportingPeriod

        period = ReportingPeriod.objects.select_related("project").defer("snapshot").get(pk=period_id)
    return render(
        request,
        "programme/participants.html",
        {
            "period": period,
            "listing": listing,
            "rows": listing.rows[:SHOWN] if listing else [],
            "shown": SHOWN,
            "error": error,
            "columns": participant_services.COLUMNS,
            "organisations": Organisation.objects.filter(in_programme=True),
            "selected": slug or "",
        },
        status=422 if error else 200,
    )


@page_view
def participants_download(request, period_id: int, fmt: str):
    if fmt not in participant_services.FORMATS:
        raise Http404
    slug = request.GET.get("organisation") or None
    try:
        filename, content_type, content = participant_services.export(request.user, period_id, fmt, slug)
    except InvalidData:
        return participants(request, period_id)  # the page names the rows to fix
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
