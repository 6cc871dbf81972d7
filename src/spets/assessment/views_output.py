"""Outputs: the programme dashboard (aggregates), the company report PDF and CSV/XLSX exports."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from spets.assessment import exports, permissions
from spets.assessment.forms import tr
from spets.assessment.models import ActionPlanItem
from spets.assessment.pdf import render_report
from spets.assessment.peers import dashboard as dashboard_data
from spets.assessment.views import _get, assessment_view, result_context
from spets.companies.models import SizeClass
from spets.core.demo import demo_loaded
from spets.geo.maps import choropleth
from spets.geo.models import County, SniCode

FRAMEWORK_IDS = ("dma-sme", "spets-profile")


@assessment_view
def dashboard(request):
    permissions.require(permissions.can_see_aggregates(request.user), "the dashboard is for programme staff")
    framework_id = (
        request.GET.get("framework") if request.GET.get("framework") in FRAMEWORK_IDS else "dma-sme"
    )
    data = dashboard_data(framework_id)
    counties = {c.code: c.name for c in County.objects.filter(in_programme=True)}
    sections = {
        s.code: tr({"sv": s.name_sv, "en": s.name_en}) for s in SniCode.objects.filter(level="section")
    }
    names = {
        "county": counties,
        "sni_section": sections,
        "size_class": {k: str(v) for k, v in SizeClass.choices},
    }
    tables = {
        g: [{"key": k, "name": names.get(g, {}).get(k, k), **s.__dict__} for k, s in t.items()]
        for g, t in data["tables"].items()
    }
    fw = data["framework"]
    dims = [{"title": tr(d.title), "stats": data["dimensions"].get(d.id)} for d in fw.dimensions]
    medians = {k: s.median for k, s in data["tables"]["county"].items() if k in counties}
    return render(
        request,
        "assessment/dashboard.html",
        {
            "framework_id": framework_id,
            "frameworks": FRAMEWORK_IDS,
            "fw_title": tr(fw.title),
            "n": data["n"],
            "tables": tables,
            "dims": dims,
            "min_peers": data["min_peers"],
            "map": choropleth({c: medians.get(c) for c in counties}, "county", codes=list(counties)),
            "map_title": _("Median overall score by county"),
            "synthetic": demo_loaded(),
        },
    )


@assessment_view
def report_pdf(request, assessment_id: int):
    assessment = _get(request.user, assessment_id)
    lang = request.GET.get("lang") if request.GET.get("lang") in ("sv", "en") else "sv"
    plan = (
        ActionPlanItem.objects.for_user(request.user)
        .filter(company_id=assessment.company_id)
        .select_related("responsible")
    )
    synthetic = assessment.synthetic or assessment.company.synthetic or demo_loaded()
    with translation.override(lang):  # every text of the report in its language, whatever the UI's
        context = result_context(assessment, request.user)
        data = render_report(assessment, context, plan, lang, synthetic)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="spets-assessment-{assessment.pk}-{assessment.round}-{lang}.pdf"'
    )
    return response


@assessment_view
def export(request):
    permissions.require(
        permissions.can_see_rows(request.user), "exports contain company rows; analysts use the dashboard"
    )
    layout = "dma" if request.GET.get("layout") == "dma" else "long"
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return exports.response(request.user, layout, fmt)
