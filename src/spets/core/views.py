"""Start page, health check and error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from spets.core.overview import industry_overview
from spets.geo.maps import choropleth


@login_required
def start(request):
    overview = industry_overview()
    total = overview["total"]["employees"]
    context = {
        "overview": overview,
        "map": choropleth(overview["municipalities"], "municipality"),
        "map_title": _("Employees in industry by municipality"),
        "map_source": total.provenance(),
    }
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "total": {k: f.as_dict() for k, f in overview["total"].items()},
                "counties": [
                    {
                        "code": c["county"].code,
                        "name": c["county"].name,
                        **{k: c[k].as_dict() for k in ("employees", "workplaces", "turnover")},
                    }
                    for c in overview["counties"]
                ],
                "municipalities": overview["municipalities"],
                "divisions": [
                    {"code": d["sni"].code, "employees": d["employees"], "workplaces": d["workplaces"]}
                    for d in overview["divisions"]
                ],
            }
        )
    return render(request, "core/start.html", context)


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)
