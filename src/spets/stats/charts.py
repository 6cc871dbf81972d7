"""Server-rendered SVG line charts (no JavaScript library, works offline).

Missing points (suppressed, not available) break the line instead of being drawn as 0.
"""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ["#0b5d54", "#c0582b", "#4a6fa5", "#8a6d1f", "#7b4f8f", "#5b5b5b"]


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * magnitude >= raw:
            return m * magnitude
    return 10 * magnitude


def axis_range(known: list[float], *, zero_based: bool = True) -> tuple[float, float, float]:
    """(low, high, step) of a y axis on round numbers that holds every value: from 0 for amounts
    (``zero_based``), or hugging the data for indices, so lines between 90 and 130 are not flattened
    on a 0–200 axis."""
    if not known:
        return 0.0, 1.0, 0.25
    lo, hi = min(known), max(known)
    if zero_based:
        lo, hi = min(0.0, lo), max(0.0, hi)
    if hi == lo:
        lo, hi = (lo - 1, hi + 1) if lo else (0.0, 1.0)
    step = _nice_step(hi - lo)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def _sv(v: float) -> str:
    """A Swedish number: thin space between thousands, comma decimal."""
    text = f"{v:,.0f}" if float(v).is_integer() or abs(v) >= 100 else f"{v:,.1f}"
    return text.replace(",", "\u202f").replace(".", ",").replace("-", "−")


def line_chart(
    lines: list[dict],
    *,
    title: str,
    fmt=_sv,
    axis_fmt=None,
    width: int = 960,
    height: int = 300,
    test_id: str = "chart",
    zero_based: bool = True,
    reference: float | None = None,
) -> SafeString:
    """``lines``: [{"name": str, "points": [(x_label, value_or_None), ...]}], same x labels in each.
    The title is drawn in the SVG too, so a downloaded chart says what it shows; ``reference`` draws a
    line at that value (100 on an index chart)."""
    left, right, top, bottom = 64, 190, 34, 30
    xs = [p[0] for p in lines[0]["points"]] if lines else []
    known = [v for line in lines for _x, v in line["points"] if v is not None]
    lo, hi, tick = axis_range(known + ([reference] if reference is not None else []), zero_based=zero_based)
    plot_w, plot_h = width - left - right, height - top - bottom
    axis_fmt = axis_fmt or fmt

    def x_at(i: int) -> float:
        return left + (plot_w * i / max(1, len(xs) - 1))

    def y_at(v: float) -> float:
        return top + plot_h * (1 - (v - lo) / ((hi - lo) or 1))

    out = [
        f'<svg class="linechart" data-testid="{escape(test_id)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
        f"<title>{escape(title)}</title>"
        f'<text class="chart-title" x="{left}" y="18" font-size="14" font-weight="bold">{escape(title)}</text>'
    ]
    steps = round((hi - lo) / tick)
    for k in range(steps + 1):
        v = lo + tick * k
        y = y_at(v)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(axis_fmt(v))}</text>"
        )
    if reference is not None:
        y = y_at(reference)
        out.append(
            f'<line class="reference" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#555" stroke-dasharray="4 3"/>'
        )
    step = max(1, len(xs) // 8)
    for i, x in enumerate(xs):
        if i % step == 0 or i == len(xs) - 1:
            out.append(
                f'<text x="{x_at(i):.1f}" y="{height - 10}" text-anchor="middle" '
                f'font-size="11">{escape(x)}</text>'
            )
    for n, line in enumerate(lines):
        colour = COLOURS[n % len(COLOURS)]
        segments, current = [], []
        for i, (_x, v) in enumerate(line["points"]):
            if v is None:  # a gap, never a dip to zero
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(f"{x_at(i):.1f},{y_at(v):.1f}")
        if current:
            segments.append(current)
        for seg in segments:
            out.append(
                f'<polyline class="series" data-series="{escape(line["name"])}" fill="none" '
                f'stroke="{colour}" stroke-width="2" points="{" ".join(seg)}"/>'
            )
        for i, (x, v) in enumerate(line["points"]):
            if v is not None:
                out.append(
                    f'<circle cx="{x_at(i):.1f}" cy="{y_at(v):.1f}" r="2.5" fill="{colour}">'
                    f"<title>{escape(line['name'])} {escape(x)}: {escape(fmt(v))}</title></circle>"
                )
        out.append(
            f'<rect x="{left + plot_w + 12}" y="{top + 16 * n}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + plot_w + 26}" y="{top + 16 * n + 9}" '
            f'font-size="11">{escape(line["name"])}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)
