"""Server-rendered SVG choropleths of municipalities or counties: no tiles, no CDN, works offline."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from spets.geo.classes import NEGATIVE, ZERO, MapClass, class_of, legend_decimals, map_classes
from spets.geo.models import County, Municipality

# Sequential palette (light → dark blue-green), colour-blind safe, 5 classes; a diverging scale adds
# the brown side below zero (light near zero → dark) and a neutral class for zero itself.
PALETTE = ["#e6f2ef", "#b3dbd1", "#6fbcab", "#2f8f80", "#0b5d54"]
NEGATIVE_PALETTE = ["#f6e8c3", "#dfc27d", "#bf812d", "#8c510a", "#543005"]
ZERO_COLOUR = "#f5f5f5"
MISSING = "#d9d9d9"


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    value: float | None
    colour: str
    label: str


def _palette(classes: int, palette: list[str] = PALETTE) -> list[str]:
    """`classes` colours spread over the palette, light to dark."""
    if classes <= 1:
        return [palette[-1]] * classes
    return [palette[round(i * (len(palette) - 1) / (classes - 1))] for i in range(classes)]


def class_colours(classes: list[MapClass]) -> list[str]:
    """One colour per class: by its side of zero and its step away from zero (spets.geo.classes)."""
    sides = {side: sum(1 for c in classes if c.side == side) for side in {c.side for c in classes}}
    colours = []
    for c in classes:
        if c.side == ZERO:
            colours.append(ZERO_COLOUR)
        else:
            palette = NEGATIVE_PALETTE if c.side == NEGATIVE else PALETTE
            colours.append(_palette(sides[c.side], palette)[c.rank])
    return colours


def _grouped(v: float) -> str:
    return f"{v:,.0f}".replace(",", "\u202f")


def choropleth(
    values: dict[str, float | None],
    level: str = "municipality",
    *,
    codes: list[str] | None = None,
    fmt=_grouped,
) -> dict:
    """Context for `geo/_choropleth.html`: shapes with colours, a legend and a viewBox that fits them.

    `values` maps codes to numbers (None = missing, drawn grey and labelled as missing). The classes
    come from the data (spets.geo.classes): equal values share a class, each legend entry spans the
    values its class holds, and the scale diverges when the values change sign.
    """
    model = Municipality if level == "municipality" else County
    areas = model.objects.filter(code__in=codes or list(values)).order_by("code")
    classes = map_classes(values.values())
    colours = class_colours(classes)
    shapes = []
    for area in areas:
        value = values.get(area.code)
        index = None if value is None else class_of(value, classes)
        colour = MISSING if index is None else colours[index]
        shapes.append(
            Shape(
                area.code,
                area.name,
                area.svg_path,
                value,
                colour,
                f"{area.name}: {fmt(value) if value is not None else '–'}",
            )
        )
    legend = [
        {"colour": colour, "from": c.lower, "to": c.upper, "count": c.count, "side": c.side}
        for colour, c in zip(colours, classes, strict=True)
    ]
    return {
        "level": "kommun" if level == "municipality" else "lan",
        "shapes": shapes,
        "legend": legend,
        "decimals": legend_decimals(classes),
        "viewbox": _viewbox(shapes),
        "missing_colour": MISSING,
        "has_missing": any(s.value is None for s in shapes),
    }


@lru_cache(maxsize=1024)
def _bounds(path: str) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of an SVG path; cached, as parsing 290 outlines cost ~10 ms a map."""
    xs: list[float] = []
    ys: list[float] = []
    for chunk in path.replace("M", "L").replace("Z", "").split("L"):
        if chunk:
            x, y = chunk.split(",")
            xs.append(float(x))
            ys.append(float(y))
    return (min(xs), min(ys), max(xs), max(ys)) if xs else (math.inf, math.inf, -math.inf, -math.inf)


def _viewbox(shapes: list[Shape]) -> str:
    boxes = [_bounds(shape.path) for shape in shapes]
    boxes = [b for b in boxes if b[0] != math.inf]
    if not boxes:
        return "0 0 100 100"
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad = 5
    width, height = x1 - x0 + 2 * pad, y1 - y0 + 2 * pad
    return f"{x0 - pad:.0f} {y0 - pad:.0f} {width:.0f} {height:.0f}"
