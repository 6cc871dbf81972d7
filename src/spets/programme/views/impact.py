"""The impact page: the difference-in-differences estimate for employment and net turnover, with its
interval, the groups compared, the caveats, and (for readers of company records) the matched pairs."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from spets.core.permissions import page_view
from spets.programme import permissions as perm
from spets.programme.models import ReportingPeriod
from spets.programme.services import impact as impact_services
from spets.programme.services import setup as setup_services

PAIRS_SHOWN = 200


@page_view
def impact(request):
    user = request.user
    perm.require(
        impact_services.can_see_impact(user), _("the impact estimate is for programme staff and analysts")
    )
    project = setup_services.current_project()
    text = request.GET.get("period", "")
    period = ReportingPeriod.objects.filter(pk=int(text), project=project).first() if text.isdigit() else None
    outcome = request.GET.get("outcome", "employees")
    if outcome not in impact_services.OUTCOMES:
        outcome = "employees"
    results = [
        impact_services.impact(user, project.pk, period.pk if period else None, key)
        for key in impact_services.OUTCOMES
    ]
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "window": [results[0].window[0].isoformat(), results[0].window[1].isoformat()],
                "outcomes": {
                    r.outcome: {
                        **r.figure.as_dict(),
                        **r.figure.extra,
                        "se_log_points": r.estimate.se,
                        "excluded": dict(r.excluded),
                        "caveats": r.caveats,
                    }
                    for r in results
                },
            }
        )
    chosen = next(r for r in results if r.outcome == outcome)
    return render(
        request,
        "programme/impact.html",
        {
            "project": project,
            "period": period,
            "periods": ReportingPeriod.objects.filter(project=project).defer("snapshot"),
            "results": results,
            "chosen": chosen,
            "pairs": None if chosen.pairs is None else chosen.pairs[:PAIRS_SHOWN],
            "pairs_total": 0 if chosen.pairs is None else len(chosen.pairs),
            "min_employees": impact_services.MIN_EMPLOYEES,
            "balance": {
                key: impact_services.did.Estimate.percent(value)
                for key, value in chosen.estimate.balance.items()
                if key.startswith("pre_trend")
            },
        },
    )
