"""A flow chart of referrals as server-rendered SVG (pure: no Django). Left: who refers; right: who
receives; a band's width is proportional to the number of referrals between the two."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
NODE_W = 14
GAP = 10
LABEL_W = 170
PALETTE = ("#1b6e5a", "#c2570c", "#3a6ea5", "#8a5a9e", "#a23b48", "#5d7b2c", "#946c00", "#4b5563")


@dataclass(frozen=True)
class Node:
    name: str
    y: float
    height: float
    total: int


def _layout(names: Sequence[str], totals: Mapping[str, int], scale: float) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    y = float(GAP)
    for name in names:
        h = max(2.0, totals.get(name, 0) * scale)
        nodes[name] = Node(name, y, h, totals.get(name, 0))
        y += h + GAP
    return nodes


def render(flows: Mapping[tuple[str, str], int], title: str, unit: str) -> str:
    """SVG markup; ``flows`` maps (from, to) to a count. Empty flows give an empty chart with the title."""
    sources = sorted({a for (a, _b), n in flows.items() if n})
    targets = sorted({b for (_a, b), n in flows.items() if n})
    out_tot = {s: sum(n for (a, _b), n in flows.items() if a == s) for s in sources}
    in_tot = {t: sum(n for (_a, b), n in flows.items() if b == t) for t in targets}
    total = sum(out_tot.values())
    rows = max(len(sources), len(targets), 1)
    height = max(120, 32 * rows + 40)
    scale = (height - GAP * (rows + 1)) / total if total else 0.0
    left, right = _layout(sources, out_tot, scale), _layout(targets, in_tot, scale)
    x0, x1 = LABEL_W, WIDTH - LABEL_W
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" class="flowchart"><title>{escape(title)}</title>'
    ]
    out_off = {s: 0.0 for s in sources}
    in_off = {t: 0.0 for t in targets}
    for i, s in enumerate(sources):
        colour = PALETTE[i % len(PALETTE)]
        for t in targets:
            n = flows.get((s, t), 0)
            if not n:
                continue
            w = n * scale
            ya = left[s].y + out_off[s] + w / 2
            yb = right[t].y + in_off[t] + w / 2
            out_off[s] += w
            in_off[t] += w
            mid = (x0 + x1) / 2
            parts.append(
                f'<path d="M{x0 + NODE_W},{ya:.1f} C{mid},{ya:.1f} {mid},{yb:.1f} {x1},{yb:.1f}" '
                f'stroke="{colour}" stroke-opacity="0.45" stroke-width="{max(w, 1):.1f}" fill="none">'
                f"<title>{escape(s)} → {escape(t)}: {n} {escape(unit)}</title></path>"
            )
    for node in left.values():
        parts.append(
            f'<rect x="{x0}" y="{node.y:.1f}" width="{NODE_W}" height="{node.height:.1f}" fill="#333"/>'
            f'<text x="{x0 - 6}" y="{node.y + node.height / 2 + 4:.1f}" text-anchor="end" font-size="12">'
            f"{escape(node.name)} ({node.total})</text>"
        )
    for node in right.values():
        parts.append(
            f'<rect x="{x1}" y="{node.y:.1f}" width="{NODE_W}" height="{node.height:.1f}" fill="#333"/>'
            f'<text x="{x1 + NODE_W + 6}" y="{node.y + node.height / 2 + 4:.1f}" font-size="12">'
            f"{escape(node.name)} ({node.total})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
