"""Geometry of a radar chart of 0–100 scores, shared by the page's SVG (charts.py) and the PDF (pdf.py). Pure.

The axes start at the top and go clockwise (y grows downwards on screen and in the PDF). Axis i of n
points at the angle θ_i = -π/2 + 2π·i/n; a score s on it sits at the distance r = R·clamp(s, 0, 100)/100
from the centre (cx, cy):

    x = cx + r·cos θ_i,   y = cy + r·sin θ_i

A missing score (None) sits at the centre: it has no radius, and the charts draw it hollow (missing is not
zero). Reference rings are drawn at RINGS; each axis ends at the outer ring, where its label is anchored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

RINGS = (25, 50, 75, 100)

Point = tuple[float, float]


@dataclass(frozen=True)
class Radar:
    axes: int
    cx: float
    cy: float
    radius: float

    def point(self, axis: int, score: float | None) -> Point:
        """Where a score (0–100, clamped; None at the centre) sits on its axis."""
        angle = -math.pi / 2 + 2 * math.pi * axis / self.axes
        r = self.radius * max(0.0, min(100.0, score or 0.0)) / 100
        return self.cx + r * math.cos(angle), self.cy + r * math.sin(angle)

    def axis_end(self, axis: int) -> Point:
        """The outer end of an axis (score 100): the axis line ends and its label is anchored there."""
        return self.point(axis, 100)

    def ring(self, score: float) -> list[Point]:
        """The corners of the reference ring through ``score`` on every axis."""
        return [self.point(i, score) for i in range(self.axes)]

    def polygon(self, scores: Sequence[float | None]) -> list[Point]:
        """One series' corners, one per axis in order."""
        return [self.point(i, s) for i, s in enumerate(scores)]
