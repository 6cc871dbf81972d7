"""Statistics API at /api/stats/: stored cubes, slices, and the atlas's analyses (statistics only;
every logged-in role may use it).

Unknown measures, dimensions, codes, levels or years raise :class:`~spets.stats.services.InvalidChoice`,
which the API answers 422 in the shape of a schema error, naming the parameter and listing the valid
choices; an empty store raises :class:`~spets.stats.services.NoStatistics` (503).
"""

from __future__ import annotations

from datetime import UTC, datetime

from ninja import Field, Query, Router, Schema

from . import atlas, services
from .permissions import require_statistics
from .presenters import view_meta, view_payload

router = Router(tags=["stats"])


class CubeOut(Schema):
    series: str
    version: int
    table_id: str | None
    source: str | None
    n_cells: int
    imported_at: datetime
    source_updated: datetime | None
    fetched_at: datetime | None
    unit: str | None
    query: dict
    dimensions: list[dict]


def _utc(moment: datetime | None) -> datetime | None:
    """The store keeps naive UTC times; the API answers RFC 3339 with the offset, as its schema says."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


@router.get("/cubes", response=list[CubeOut], summary="Stored cubes (every version) with provenance")
def list_cubes(request):
    require_statistics(request.user)
    store = services.store()
    out = []
    for c in store.cubes():
        dims = [{"code": d.code, "role": d.role, "size": len(d.codes)} for d in store.dims(c.cube_id)]
        out.append(
            {
                "series": c.series,
                "version": c.version,
                "table_id": c.table_id,
                "source": c.source,
                "n_cells": c.n_cells,
                "imported_at": _utc(c.imported_at),
                "source_updated": _utc(c.source_updated),
                "fetched_at": _utc(c.fetched_at),
                "unit": c.unit,
                "query": c.query,
                "dimensions": dims,
            }
        )
    return out


@router.get(
    "/cubes/{series}/slice",
    summary="Cells of a cube, filtered per dimension",
    description="Filters are query parameters named after dimensions, with comma-separated codes, e.g. "
    "`?Region=2080,2081&SNI2007=B%2BC&Tid=2024`. `version` picks an older version. Each "
    "cell has its value (null when missing) and status (`..` suppressed, `.` not "
    "applicable, `-` zero).",
)
def slice_cube(request, series: str, version: int | None = None):
    require_statistics(request.user)
    filters = {
        key: [c.strip() for c in ",".join(request.GET.getlist(key)).split(",") if c.strip()]
        for key in request.GET
        if key != "version"
    }
    cube, info = services.cube_slice(series, version, filters)
    return {
        "series": info.series,
        "version": info.version,
        "table_id": info.table_id,
        "source": info.source,
        "unit": info.unit,
        "synthetic": services.is_synthetic(cube),
        "dimensions": [{"code": d.code, "role": d.role, "codes": d.codes} for d in cube.dims],
        "cells": list(cube.records()),
    }


class AtlasQuery(Schema):
    measure: str | None = Field(None, description="measure key (see /api/stats/measures); default employment")
    industry: str | None = Field(None, description="SNI 2007 aggregate code, or * for all industries")
    year: str | None = Field(None, description="year (default: latest)")
    start: str | None = Field(None, description="first year of the change / shift-share (default: first)")
    level: str = Field("municipality", description="municipality | county | programme | nation")
    area: str = Field("programme", description="programme | 17 | 20 | 21 | all")
    version: int | None = Field(None, description="version of the measure's series (default: the newest)")


def _view(request, q: AtlasQuery) -> dict:
    require_statistics(request.user)
    return atlas.view(atlas.Params(**q.dict()))


@router.get("/measures", summary="Measures the atlas can show")
def list_measures(request):
    require_statistics(request.user)
    return [
        {"key": m.key, "series": m.series, "contents": m.contents, "label": m.label, "unit": m.unit}
        for m in atlas.measures()
    ]


@router.get("/atlas", summary="One atlas view: ranked values, comparisons, time series, LQ and shift-share")
def atlas_view(request, q: Query[AtlasQuery]):
    return view_payload(_view(request, q))


@router.get("/location-quotients", summary="Location quotients of the areas and the area's industry profile")
def location_quotients(request, q: Query[AtlasQuery]):
    view = _view(request, q)
    return {
        **view_meta(view),
        "areas": [
            {"code": r["code"], "name": r["name"], "value": r["value"], "status": r["status"], "lq": r["lq"]}
            for r in view["rows"]
        ],
        "profile": view["profile"],
    }


@router.get("/shift-share", summary="Shift-share decomposition of the change between start and year")
def shift_share(request, q: Query[AtlasQuery]):
    view = _view(request, q)
    return {
        **view_meta(view),
        "area": view["shift_focus"],
        "areas": [{"code": r["code"], "name": r["name"], **(r["shift"] or {})} for r in view["rows"]],
    }
