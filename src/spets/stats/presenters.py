"""An atlas view as the page shows it (map, charts) and as JSON (the page's ``?format=json`` and the API),
so the page, its downloads and the API always present the same view."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.text import slugify
from django.utils.translation import gettext as _

from spets.core.templatetags.spets import num
from spets.geo.maps import choropleth

from . import charts


def atlas_context(view: dict) -> dict:
    """Template context of an atlas view: the map, the time series and the index chart."""
    decimals = view["decimals"]

    def fmt(v):
        return num(v, decimals)

    lines = [{"name": s["name"], "points": [(y, v) for y, v, _s in s["points"]]} for s in view["series"]]
    focus = lines[:1]
    base = view["start"]  # index: the first year of the view = 100, so areas of any size compare
    indexed = []
    for line in lines:
        base_value = dict(line["points"]).get(base)
        indexed.append(
            {
                "name": line["name"],
                "points": [
                    (y, None if v is None or not base_value else 100 * v / base_value)
                    for y, v in line["points"]
                    if y >= base
                ],
            }
        )
    what = f"{view['title']} — {view['industry_label']}"
    stem = download_name(view, "").rstrip(".")
    return {
        "v": view,
        "map": choropleth(view["map_values"], view["map_level"], codes=list(view["map_values"]), fmt=fmt),
        "map_title": f"{what}, {view['year']}",
        "map_source": f"{_('Source')}: {view['source']}; {view['unit']}",
        "map_file": f"{stem}-map",
        "chart_file": f"{stem}-timeseries",
        "index_file": f"{stem}-index-{base}",
        "chart": charts.line_chart(
            focus, title=f"{view['area_name']}: {what} ({view['unit']})", fmt=fmt, test_id="timeseries"
        ),
        "index_chart": charts.line_chart(
            indexed,
            title=_("%(what)s: index, %(year)s = 100") % {"what": what, "year": base},
            test_id="index-chart",
            fmt=lambda v: num(v, 1),
            axis_fmt=lambda v: num(v, 0),
            zero_based=False,
            reference=100.0,
        ),
    }


def view_query(view: dict) -> QueryDict:
    """The query that shows exactly ``view`` again (every choice, adjusted ones as shown): the page's
    address, its "copy link" and its downloads."""
    query = QueryDict(mutable=True)
    query["measure"] = view["measure"].key
    query["version"] = str(view["version"])
    query["version_of"] = view["series_name"]
    for key in ("industry", "level", "area", "start", "year"):
        query[key] = view["requested_level"] if key == "level" else view[key]
    return query


def download_name(view: dict, ext: str) -> str:
    """atlas-<series>-<industry>-<year>-<area>.<ext>"""
    series, industry, area = slugify(view["series_name"]), slugify(view["industry"]), slugify(view["area"])
    return f"atlas-{series}-{industry}-{view['year']}-{area}.{ext}"


def view_meta(view: dict) -> dict[str, Any]:
    """What a view shows and where its numbers come from (every JSON answer about a view starts so)."""
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
    """The whole atlas view as JSON (the API's /atlas and the page's ?format=json)."""
    return {
        **view_meta(view),
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
