"""Statistics API at /api/stats/: stored cubes, slices, and the atlas's analyses (statistics only;
every logged-in role may use it).

Unknown measures, dimensions, codes, levels or years are answered 422 in the shape of a schema error,
naming the parameter and listing the valid choices.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from . import atlas, services
from .errors import UnknownCodeError

router = Router(tags=["stats"])
MAX_SLICE_CELLS = 200_000


def _invalid(field: str, exc: Exception) -> ValidationError:
    return ValidationError([{"loc": ["query", field], "msg": str(exc), "type": "value_error"}])


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


@router.get("/cubes", response=list[CubeOut], summary="Stored cubes (every version) with provenance")
def list_cubes(request):
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
                "imported_at": c.imported_at,
                "source_updated": c.source_updated,
                "fetched_at": c.fetched_at,
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
    store = services.store()
    try:
        info = store.info(series, version)
    except UnknownCodeError as exc:
        raise _invalid("series" if version is None else "version", exc) from None
    dims = {d.code: d for d in store.dims(info.cube_id)}
    filters: dict[str, list[str]] = {}
    for key in request.GET:
        if key == "version":
            continue
        if key not in dims:
            raise _invalid(
                key, UnknownCodeError(f"cube {series} has no dimension {key!r}; valid: {', '.join(dims)}")
            )
        codes = [c.strip() for c in ",".join(request.GET.getlist(key)).split(",") if c.strip()]
        bad = [c for c in codes if c not in dims[key].codes]
        if bad or not codes:
            raise _invalid(
                key,
                UnknownCodeError(
                    f"dimension {key} has no value(s) {', '.join(bad) or '(empty)'}; valid: {', '.join(dims[key].codes[:60])}"
                    + (" …" if len(dims[key].codes) > 60 else "")
                ),
            )
        filters[key] = codes
    n = 1
    for code, d in dims.items():
        n *= len(filters.get(code, d.codes))
    if n > MAX_SLICE_CELLS:
        raise _invalid(
            "filters",
            ValueError(
                f"the slice has {n} cells, more than {MAX_SLICE_CELLS}; filter on "
                f"more dimensions ({', '.join(dims)})"
            ),
        )
    cube = store.slice(info.cube_id, **filters)
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


def _view(q: AtlasQuery) -> dict:
    try:
        return atlas.view(atlas.Params(**q.dict()))
    except UnknownCodeError as exc:
        text = str(exc)
        field = next(
            (
                f
                for f in ("measure", "industry", "level", "area", "start", "year", "version")
                if f"unknown {f}" in text
            ),
            "measure",
        )
        raise _invalid(field, exc) from None


def _meta(view: dict) -> dict[str, Any]:
    return {
        "measure": view["measure"].key,
        "series": view["series_name"],
        "version": view["version"],
        "table_id": view["table_id"],
        "source": view["source"],
        "unit": view["unit"],
        "year": view["year"],
        "start": view["start"],
        "industry": view["industry"],
        "level": view["level"],
        "area": view["area"],
        "synthetic": view["synthetic"],
        "notes": view["notes"],
        "versions": [
            {
                k: x[k]
                for k in (
                    "version",
                    "newest",
                    "municipalities",
                    "counties",
                    "first_year",
                    "last_year",
                    "synthetic",
                )
            }
            for x in view["versions"]
        ],
    }


def view_payload(view: dict) -> dict[str, Any]:
    """The whole atlas view as JSON (also the page's ?format=json)."""
    return {
        **_meta(view),
        "rows": view["rows"],
        "comparisons": view["comparisons"],
        "profile": view["profile"],
        "series": [
            {
                "code": s["code"],
                "name": s["name"],
                "points": [{"year": y, "value": v, "status": st} for y, v, st in s["points"]],
            }
            for s in view["series"]
        ],
        "shift_share_area": view["shift_focus"],
    }


@router.get("/measures", summary="Measures the atlas can show")
def list_measures(request):
    return [
        {"key": m.key, "series": m.series, "contents": m.contents, "label": m.label, "unit": m.unit}
        for m in atlas.measures()
    ]


@router.get("/atlas", summary="One atlas view: ranked values, comparisons, time series, LQ and shift-share")
def atlas_view(request, q: Query[AtlasQuery]):
    return view_payload(_view(q))


@router.get("/location-quotients", summary="Location quotients of the areas and the area's industry profile")
def location_quotients(request, q: Query[AtlasQuery]):
    view = _view(q)
    return {
        **_meta(view),
        "areas": [
            {"code": r["code"], "name": r["name"], "value": r["value"], "status": r["status"], "lq": r["lq"]}
            for r in view["rows"]
        ],
        "profile": view["profile"],
    }


@router.get("/shift-share", summary="Shift-share decomposition of the change between start and year")
def shift_share(request, q: Query[AtlasQuery]):
    view = _view(q)
    return {
        **_meta(view),
        "area": view["shift_focus"],
        "areas": [{"code": r["code"], "name": r["name"], **(r["shift"] or {})} for r in view["rows"]],
    }
