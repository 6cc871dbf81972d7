"""The start page: for an advisor their working day, for a programme manager the programme's progress (both
from `spets.site.working_day`, which decides by role), then for everyone "Industrin i Norra Mellansverige":
key figures, map and industries, every figure with its source and year (HTML, or JSON with ?format=json)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.geo.maps import choropleth
from spets.site import working_day
from spets.site.overview import industry_overview


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
    today = timezone.localdate()
    kind = working_day.start_page_for(request.user)
    context["start_page"] = kind
    if kind == working_day.ADVISOR:
        context["day"] = working_day.advisor_day(request.user, today)
    elif kind == working_day.PROGRAMME:
        context["day"] = working_day.programme_day(request.user, today)
    context["today"] = today
    return render(request, "site/start.html", context)
