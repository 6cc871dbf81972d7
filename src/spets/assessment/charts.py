"""Server-rendered SVG charts (radar and bars) for scores 0–100. No JavaScript, no CDN. The radar's
geometry is `radar.Radar`, shared with the PDF report.

A missing score is drawn as a hollow marker at the centre (radar) or an empty row marked "–" (bars),
never as a zero bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from spets.assessment.radar import RINGS, Radar

COLOURS = ("#0b5d54", "#c2185b")  # current, comparison (T0)


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _legend(series: list[Series], x: float, y: float) -> str:
    if len(series) < 2:
        return ""
    parts = []
    for k, (s, colour) in enumerate(zip(series, COLOURS, strict=False)):
        parts.append(
            f'<rect x="{x + k * 90}" y="{y - 8}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + k * 90 + 14}" y="{y}" class="legend-item">{escape(s.name)}</text>'
        )
    return "".join(parts)


def radar(labels: list[str], series: list[Series], size: int = 360, title: str = "") -> SafeString:
    n = len(labels)
    geometry = Radar(n, size / 2, size / 2, size / 2 - 70)
    cx, cy = geometry.cx, geometry.cy
    pad = 90  # room for the axis labels left and right
    parts = [
        f'<svg class="chart radar" viewBox="{-pad} 0 {size + 2 * pad} {size + 20}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" font-size="11" '
        f'font-family="sans-serif">',
        _legend(series, -pad + 4, size + 10),
    ]
    for ring in RINGS:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in geometry.ring(ring))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#ccc" stroke-width="0.8"/>')
    for i, label in enumerate(labels):
        x, y = geometry.axis_end(i)
        anchor = "middle" if abs(x - cx) < 10 else ("start" if x > cx else "end")
        parts.append(
            f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.8"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" dominant-baseline="middle">'
            f"{escape(label)}</text>"
        )
    for s, colour in zip(reversed(series), reversed(COLOURS[: len(series)]), strict=False):
        pts = geometry.polygon(s.values)
        poly = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        parts.append(
            f'<polygon points="{poly}" fill="{colour}" fill-opacity="0.18" stroke="{colour}" '
            f'stroke-width="2" data-series="{escape(s.name)}"><title>{escape(s.name)}</title></polygon>'
        )
        for (x, y), v, label in zip(pts, s.values, labels, strict=True):
            fill = "#fff" if v is None else colour
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{fill}" stroke="{colour}">'
                f"<title>{escape(s.name)} · {escape(label)}: {_fmt(v)}</title></circle>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bars(
    labels: list[str],
    series: list[Series],
    markers: list[float | None] | None = None,
    marker_label: str = "",
    width: int = 520,
    title: str = "",
) -> SafeString:
    """Horizontal bars per label (one per series); an optional marker per row (e.g. peer median)."""
    label_w, row_h, bar_h = 190, 14 * len(series) + 12, 12
    plot_w = width - label_w - 40
    height = row_h * len(labels) + 24
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {width} {height + 18}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" font-size="11" '
        f'font-family="sans-serif">',
        _legend(series, label_w, height + 12),
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_w + plot_w * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 16}" stroke="#eee"/>'
            f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="#666">{tick}</text>'
        )
    for row, label in enumerate(labels):
        y0 = row * row_h + 4
        parts.append(
            f'<text x="{label_w - 6}" y="{y0 + row_h / 2 - 2:.1f}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(label)}</text>'
        )
        for k, (s, colour) in enumerate(zip(series, COLOURS, strict=False)):
            v = s.values[row]
            y = y0 + k * 14
            w = 0 if v is None else plot_w * max(0.0, min(100.0, v)) / 100
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}" '
                f'data-value="{_fmt(v)}"><title>{escape(s.name)} · {escape(label)}: {_fmt(v)}</title></rect>'
                f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 2}" fill="#333">{_fmt(v)}</text>'
            )
        if markers and markers[row] is not None:
            x = label_w + plot_w * markers[row] / 100
            parts.append(
                f'<line x1="{x:.1f}" y1="{y0 - 2}" x2="{x:.1f}" y2="{y0 + row_h - 8}" stroke="#000" '
                f'stroke-width="2" stroke-dasharray="3 2"><title>{escape(marker_label)}: '
                f"{_fmt(markers[row])}</title></line>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
