"""Outputs: the programme dashboard (aggregates), the company report PDF and CSV/XLSX exports."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from spets.assessment import exports, permissions, presenters, services
from spets.assessment.frameworks import DMA_FRAMEWORK_ID, FRAMEWORK_IDS
from spets.assessment.pdf import render_report
from spets.assessment.texts import framework_name
from spets.core.demo import demo_loaded
from spets.core.i18n import language_override, requested_language
from spets.core.permissions import page_view


@page_view
def dashboard(request):
    permissions.require(permissions.can_see_aggregates(request.user), "the dashboard is for programme staff")
    chosen = request.GET.get("framework")
    framework_id = chosen if chosen in FRAMEWORK_IDS else DMA_FRAMEWORK_ID
    return render(
        request,
        "assessment/dashboard.html",
        {
            "framework_id": framework_id,
            "frameworks": [(fid, framework_name(fid, short=True)) for fid in FRAMEWORK_IDS],
            **presenters.dashboard_context(framework_id),
            "synthetic": demo_loaded(),
        },
    )


@page_view
def report_pdf(request, assessment_id: int):
    assessment = services.readable_assessment(request.user, assessment_id)
    lang = requested_language(request.GET, default="sv")  # Swedish unless asked, whatever the UI's
    plan = services.plan_for(request.user, assessment)
    synthetic = assessment.synthetic or assessment.company.synthetic or demo_loaded()
    with language_override(lang):  # every text of the report in its language
        data = render_report(assessment, presenters.result_context(assessment), plan, synthetic)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="spets-assessment-{assessment.pk}-{assessment.round}-{lang}.pdf"'
    )
    return response


@page_view
def export(request):
    permissions.require(
        permissions.can_see_rows(request.user), "exports contain company rows; analysts use the dashboard"
    )
    layout = "dma" if request.GET.get("layout") == "dma" else "long"
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    file = exports.results_file(request.user, layout, fmt)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
