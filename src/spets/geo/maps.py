"""Server-rendered SVG choropleths of municipalities or counties: no tiles, no CDN, works offline."""

from __future__ import annotations

from dataclasses import dataclass

from spets.geo.models import County, Municipality

# Sequential palette (light → dark blue-green), colour-blind safe, 5 classes.
PALETTE = ["#e6f2ef", "#b3dbd1", "#6fbcab", "#2f8f80", "#0b5d54"]
MISSING = "#d9d9d9"


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    value: float | None
    colour: str
    label: str


def _breaks(values: list[float], classes: int = 5) -> list[float]:
    """Quantile class breaks (upper bounds), strictly increasing: with few distinct values there are
    fewer classes rather than empty ones like "0–0"."""
    ordered = sorted(values)
    if not ordered:
        return []
    quantiles = [
        ordered[min(len(ordered) - 1, round((i + 1) * len(ordered) / classes) - 1)] for i in range(classes)
    ]
    return sorted(set(quantiles))


def _palette(classes: int) -> list[str]:
    """`classes` colours spread over the palette, light to dark."""
    if classes <= 1:
        return [PALETTE[-1]] * classes
    return [PALETTE[round(i * (len(PALETTE) - 1) / (classes - 1))] for i in range(classes)]


def choropleth(
    values: dict[str, float | None],
    level: str = "municipality",
    *,
    codes: list[str] | None = None,
    fmt=lambda v: f"{v:,.0f}",
) -> dict:
    """Context for `geo/_choropleth.html`: shapes with colours, a legend and a viewBox that fits them.

    `values` maps codes to numbers (None = missing, drawn grey and labelled as missing).
    """
    model = Municipality if level == "municipality" else County
    areas = model.objects.filter(code__in=codes or list(values)).order_by("code")
    present = [v for v in values.values() if v is not None]
    breaks = _breaks(present)
    colours = _palette(len(breaks))
    shapes = []
    for area in areas:
        value = values.get(area.code)
        if value is None:
            colour = MISSING
        else:
            index = next((i for i, b in enumerate(breaks) if value <= b), len(breaks) - 1)
            colour = colours[index]
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
    legend = []
    lower = min(present) if present else None
    for colour, upper in zip(colours, breaks, strict=True):
        legend.append({"colour": colour, "from": lower, "to": upper})
        lower = upper
    return {
        "level": "kommun" if level == "municipality" else "lan",
        "shapes": shapes,
        "legend": legend,
        "viewbox": _viewbox(shapes),
        "missing_colour": MISSING,
        "has_missing": any(s.value is None for s in shapes),
    }


def _viewbox(shapes: list[Shape]) -> str:
    xs: list[float] = []
    ys: list[float] = []
    for shape in shapes:
        for chunk in shape.path.replace("M", "L").replace("Z", "").split("L"):
            if chunk:
                x, y = chunk.split(",")
                xs.append(float(x))
                ys.append(float(y))
    if not xs:
        return "0 0 100 100"
    pad = 5
    width, height = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    return f"{min(xs) - pad:.0f} {min(ys) - pad:.0f} {width:.0f} {height:.0f}"
