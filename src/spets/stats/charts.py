"""Server-rendered SVG line charts (no JavaScript library, works offline).

Missing points (suppressed, not available) break the line instead of being drawn as 0.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ["#0b5d54", "#c0582b", "#4a6fa5", "#8a6d1f", "#7b4f8f", "#5b5b5b"]


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    step = 10 ** (len(str(int(v))) - 1)
    return float(((v // step) + 1) * step)


def line_chart(
    lines: list[dict],
    *,
    title: str,
    fmt=lambda v: f"{v:,.0f}".replace(",", "\u202f"),
    width: int = 640,
    height: int = 260,
    test_id: str = "chart",
) -> SafeString:
    """``lines``: [{"name": str, "points": [(x_label, value_or_None), ...]}], same x labels in each."""
    left, right, top, bottom = 64, 150, 14, 30
    xs = [p[0] for p in lines[0]["points"]] if lines else []
    known = [v for line in lines for _x, v in line["points"] if v is not None]
    lo = min(0.0, min(known)) if known else 0.0
    hi = _nice_max(max(known)) if known else 1.0
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_at(i: int) -> float:
        return left + (plot_w * i / max(1, len(xs) - 1))

    def y_at(v: float) -> float:
        return top + plot_h * (1 - (v - lo) / ((hi - lo) or 1))

    out = [
        f'<svg class="linechart" data-testid="{escape(test_id)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        y = y_at(v)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{escape(fmt(v))}</text>'
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
