"""GET /atlas/cubes/: every stored cube (each import a version) with its provenance."""

from __future__ import annotations

import json
from dataclasses import asdict

from django.shortcuts import render
from django.views.decorators.http import require_GET

from spets.stats import services
from spets.stats.errors import StatsError
from spets.stats.permissions import statistics_page


@statistics_page
@require_GET
def cubes_page(request):
    try:
        cubes = services.store().cubes()
    except StatsError as exc:
        return render(request, "stats/cubes.html", {"error": str(exc), "cubes": []})
    rows = [
        dict(asdict(c), query_text=json.dumps(c.query, ensure_ascii=False)[:300]) for c in reversed(cubes)
    ]
    return render(request, "stats/cubes.html", {"cubes": rows})
