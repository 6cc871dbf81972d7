"""An atlas view as the page shows it (map, charts) and as JSON (the page's ``?format=json`` and the API),
so the page, its downloads and the API always present the same view."""

from __future__ import annotations

from typing import Any

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
    indexed = []
    for line in lines:  # index: first known year = 100, so areas of any size compare
        base = next((v for _y, v in line["points"] if v), None)
        indexed.append(
            {
                "name": line["name"],
                "points": [(y, None if v is None or not base else 100 * v / base) for y, v in line["points"]],
            }
        )
    return {
        "v": view,
        "map": choropleth(view["map_values"], view["map_level"], codes=list(view["map_values"]), fmt=fmt),
        "map_title": f"{view['title']} — {view['industry_label']}, {view['year']}",
        "map_source": f"{_('Source')}: {view['source']}; {view['unit']}",
        "chart": charts.line_chart(
            focus, title=f"{view['area_name']}: {view['industry_label']}", fmt=fmt, test_id="timeseries"
        ),
        "index_chart": charts.line_chart(
            indexed, title=_("Index, first year = 100"), test_id="index-chart", fmt=lambda v: f"{v:.0f}"
        ),
    }


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
