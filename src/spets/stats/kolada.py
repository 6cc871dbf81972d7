"""Kolada (the municipal key-figure database of RKA) through its open API v2: the KPI catalogue and
values per municipality and year, as cubes the store keeps beside SCB's tables (pure: no Django).

API (https://api.kolada.se/v2, no key): ``/kpi/{id}`` and ``/kpi?title=…`` (the catalogue),
``/data/kpi/{id}/municipality/{codes}/year/{years}`` (values). Every answer is
``{"count": n, "values": [...], "next_page": url}``; a long answer comes in pages (``per_page``, at
most 5000) that we follow until no ``next_page`` is left. A value row holds one municipality and year
with one entry per gender: ``T`` (total), ``K`` (women), ``M`` (men), of which we keep the total; a
missing figure has ``value: null`` (and a ``status``). Requests go through :class:`spets.stats.clients.Http` (rate
limit, retries, disk cache, a pluggable transport, so tests replay recorded answers).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable
from datetime import UTC, datetime

import numpy as np

from . import cube as C
from .clients import Http
from .errors import ApiError, UnknownCodeError

BASE = "https://api.kolada.se/v2"
PER_PAGE = 5000
SOURCE = "Kolada (RKA)"


class Kolada:
    def __init__(self, http: Http, *, base: str = BASE, per_page: int = PER_PAGE):
        self.http, self.base, self.per_page = http, base.rstrip("/"), per_page

    def _pages(self, path: str, params: dict[str, str] | None = None) -> list[dict]:
        """Every row of a paged answer, following ``next_page``."""
        query = urllib.parse.urlencode({**(params or {}), "per_page": str(self.per_page)})
        url: str | None = f"{self.base}{path}?{query}"
        rows: list[dict] = []
        seen = set()
        while url:
            if url in seen:  # a server pointing back at a page already read: stop, never loop
                raise ApiError(f"Kolada answered the same page twice ({url})")
            seen.add(url)
            raw = self.http.request("GET", url)
            try:
                doc = json.loads(raw)
            except ValueError:
                raise ApiError(f"Kolada answered {url} with something that is not JSON") from None
            if not isinstance(doc, dict) or not isinstance(doc.get("values"), list):
                raise ApiError(f"Kolada answered {url} without a list of values")
            rows += doc["values"]
            url = doc.get("next_page") or None
        return rows

    def kpi(self, kpi_id: str) -> dict:
        """One KPI of the catalogue (title, description, who publishes it, by gender or not)."""
        rows = self._pages(f"/kpi/{urllib.parse.quote(kpi_id)}")
        if not rows:
            raise UnknownCodeError(
                f"Kolada has no KPI {kpi_id!r}; search the catalogue with a word of its title"
            )
        return rows[0]

    def search(self, title: str) -> list[dict]:
        """KPIs whose title contains ``title`` (the catalogue, all pages)."""
        return self._pages("/kpi", {"title": title})

    def values(
        self, kpi_id: str, municipalities: Iterable[str], years: Iterable[str] | None = None
    ) -> list[dict]:
        """Value rows of one KPI for the municipalities (and years; None = every year Kolada has)."""
        munis = ",".join(municipalities)
        path = f"/data/kpi/{urllib.parse.quote(kpi_id)}/municipality/{munis}"
        if years:
            path += "/year/" + ",".join(years)
        return self._pages(path)

    def fetch(self, kpi_id: str, municipalities: Iterable[str], years: Iterable[str] | None = None) -> C.Cube:
        """The KPI as a cube: Region (geo) × Tid (time), the total, with provenance."""
        meta = self.kpi(kpi_id)
        munis = list(municipalities)
        rows = self.values(kpi_id, munis, list(years) if years else None)
        cube = to_cube(meta, rows, munis)
        cube.extra.update(
            {
                "api": "kolada-v2",
                "api_table": kpi_id,
                "query": {"municipality": munis, "year": list(years) if years else "all"},
                "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )
        return cube


def to_cube(meta: dict, rows: list[dict], municipalities: list[str] | None = None) -> C.Cube:
    """Kolada value rows as a dense Region × Tid cube of the total (gender ``T``; a KPI not divided by
    gender has only that). Kolada's county and nation codes (``0020``, ``0000``) become SCB's (``20``,
    ``00``), so the atlas reads a county's own figure instead of summing rates. A cell with no figure is
    ``..``, never 0."""
    kpi_id = str(meta.get("id", ""))
    wanted = [str(m) for m in municipalities or []]
    codes = wanted or sorted({str(r["municipality"]) for r in rows})
    years = sorted({str(r["period"]) for r in rows})
    values = np.full((len(codes), len(years)), np.nan)
    status = np.full(values.shape, C.NOT_AVAILABLE, np.uint8)
    mi = {m: i for i, m in enumerate(codes)}
    yi = {y: i for i, y in enumerate(years)}
    for r in rows:
        m, y = str(r.get("municipality")), str(r.get("period"))
        if m not in mi or y not in yi:
            continue
        for v in r.get("values", []):
            if v.get("gender", "T") == "T" and isinstance(v.get("value"), int | float):
                values[mi[m], yi[y]] = float(v["value"])
                status[mi[m], yi[y]] = C.OK
    scb = [_scb_code(c) for c in codes]
    title = str(meta.get("title") or kpi_id)
    dims = [
        C.Dimension("Region", scb, {"sv": "region", "en": "region"}, {"sv": scb, "en": scb}, role="geo"),
        C.Dimension("Tid", years, {"sv": "år", "en": "year"}, {"sv": years, "en": years}, role="time"),
    ]
    notes = [str(meta["description"])] if meta.get("description") else []
    return C.Cube(
        dims=dims,
        values=values,
        status=status,
        table_id=f"Kolada/{kpi_id}",
        title={"sv": title},
        source=SOURCE,
        unit=_unit(meta),
        notes=notes,
        language="sv",
        # a key figure is a rate or a mean: areas are never summed from municipalities
        extra={"kpi": kpi_id, "additive": False, "kolada": {k: meta.get(k) for k in _KEPT if k in meta}},
    )


def _scb_code(code: str) -> str:
    """Kolada's region codes in SCB's spelling: ``0020`` (a county) → ``20``, ``0000`` (Sweden) → ``00``."""
    return code[2:] if len(code) == 4 and code.startswith("00") else code


_KEPT = (
    "id",
    "title",
    "operating_area",
    "publication_date",
    "auspices",
    "is_divided_by_gender",
    "perspective",
)


def _unit(meta: dict) -> str:
    title = str(meta.get("title", "")).lower()
    for word, unit in ((", kr", "kr"), ("(%)", "procent"), (", %", "procent"), ("antal", "antal")):
        if word in title:
            return unit
    return ""
