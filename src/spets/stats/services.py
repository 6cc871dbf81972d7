"""The Django side of the statistics store: one Store per process, imports with audit, stitching.

Views, the API and the `spets stats` command call these functions; the atlas computations live in
`atlas.py`. The store is a DuckDB file at ``settings.STATS_STORE_PATH``. DuckDB lets many processes
read a file but only one write it, so this process opens it read-only until it needs to write
(several server workers can then serve the atlas side by side) and switches to read-write for imports.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.conf import settings

from . import catalogue, stitch
from . import cube as C
from .errors import ParseError, StatsError, StoreError, UnknownCodeError
from .jsonstat import parse_jsonstat
from .px import parse_px
from .pxweb_json import parse_pxweb_json
from .scb_csv import parse_scb_csv
from .store import ImportResult, Store

EMPLOYMENT = "employment_day_population"
BUSINESS = "business_statistics_county"
SYNTHETIC = "synthetic demo data"

_lock = threading.Lock()
_store: Store | None = None
_store_key: tuple[str, bool] | None = None  # (path, writable)


def store(*, write: bool = False) -> Store:
    """The process's Store for ``settings.STATS_STORE_PATH`` (reopened when the setting changes)."""
    global _store, _store_key
    path = str(settings.STATS_STORE_PATH)
    with _lock:
        if _store is not None and _store_key is not None and _store_key[0] == path and (_store_key[1] or not write):
            return _store
        if _store is not None:
            _store.close()
            _store = None
        writable = write or not os.path.exists(path)
        try:
            _store = Store(path, read_only=not writable)
        except duckdb.ConnectionException:
            # another connection in this process holds the file read-write: DuckDB wants the same mode
            _store, writable = Store(path), True
        except duckdb.IOException as exc:
            raise StoreError(f"the statistics store {path} cannot be opened ({exc}); is another "
                             f"process writing to it?") from None
        _store_key = (path, writable)
        return _store


def close_store() -> None:
    global _store, _store_key
    with _lock:
        if _store is not None:
            _store.close()
        _store, _store_key = None, None


# -- reading files -----------------------------------------------------------------------------

FORMATS = ("px", "json-stat", "pxweb-json", "csv")


def sniff(name: str, raw: bytes) -> str:
    """The file's format, by extension and, for .json, by content."""
    suffix = Path(name).suffix.lower()
    if suffix == ".px":
        return "px"
    if suffix == ".csv" or suffix == ".tsv":
        return "csv"
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix == ".json" or head.startswith(b"{"):
        # PxWeb's plain JSON has "columns" and "data"; JSON-stat 2.0 has "version"/"class"/"dimension"
        return "pxweb-json" if b'"columns"' in raw[:200_000] and b'"dimension"' not in raw[:200_000] else "json-stat"
    if head[:20].upper().startswith((b"CHARSET", b"AXIS-VERSION", b"CODEPAGE", b"LANGUAGE")):
        return "px"
    raise ParseError(Path(name).name, 1, "expected a .px, JSON-stat 2.0, PxWeb JSON or SCB CSV file "
                                         f"(unknown extension {suffix or '(none)'})")


def read_file(path: str | Path, *, table: str | None = None, name: str | None = None) -> C.Cube:
    """Parse a statistics file into a cube; ``table`` names the SCB table when the file does not."""
    p = Path(path)
    name = name or p.name
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise StatsError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    fmt = sniff(name, raw)
    if fmt == "px":
        cube = parse_px(raw, name=name)
    elif fmt == "json-stat":
        cube = parse_jsonstat(raw, name=name)
    elif fmt == "pxweb-json":
        cube = parse_pxweb_json(raw, name=name)
    else:
        cube = parse_scb_csv(raw, name=name)
    entry = _catalogue_entry(table) if table else _catalogue_entry(cube.table_id)
    if table and entry is None:
        catalogue.table(table)  # raises with the valid choices
    if entry is not None:
        cube.table_id = entry.id
        _label_dims(cube, entry)
    elif table:
        cube.table_id = table
    cube.extra["file"] = name
    cube.extra["format"] = fmt
    return cube


def _catalogue_entry(table_id: str | None) -> catalogue.Table | None:
    if not table_id:
        return None
    try:
        return catalogue.table(table_id)
    except UnknownCodeError:
        return None


def _label_dims(cube: C.Cube, entry: catalogue.Table) -> None:
    """Give dimensions the catalogue's roles where the file left them out (PxWeb JSON, CSV)."""
    for d in cube.dims:
        var = entry.variables.get(d.code)
        if var is not None and var.role and d.role is None and not any(x.role == var.role for x in cube.dims):
            d.role = var.role


# -- importing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Imported:
    result: ImportResult
    cube: C.Cube

    @property
    def created(self) -> bool:
        return self.result.created


def import_cube(cube: C.Cube, *, series: str | None = None, user=None, query: dict | None = None) -> Imported:
    """Store a cube (a no-op when the same content is stored) and write an audit entry for a new version."""
    series = series or cube.table_id
    if not series:
        raise StoreError("the file names no table: give --series NAME (or --table TABLE_ID)")
    result = store(write=True).import_cube(cube, series=series, query=query)
    if result.created:
        from spets.core.audit import log_action

        log_action(user, "import", None, object_type="stats.cube", object_id=result.cube_id,
                   object_repr=f"{series} v{result.version}", changes={"series": series, "version": result.version, "table": cube.table_id,
                            "cells": cube.size, "file": cube.extra.get("file", "")})
    return Imported(result, cube)


def import_file(path: str | Path, *, series: str | None = None, table: str | None = None,
                user=None, name: str | None = None) -> Imported:
    """Parse then store; a malformed file raises ParseError before anything is written."""
    cube = read_file(path, table=table, name=name)
    return import_cube(cube, series=series, user=user,
                       query={"file": cube.extra["file"], "format": cube.extra["format"]})


def stitch_employment(*, user=None) -> tuple[Imported, dict[str, list[str]]]:
    """Build the one employment series from the stored SCB tables (latest version of each)."""
    s = store(write=True)
    tables = catalogue.series(EMPLOYMENT)
    stored = {c.series for c in s.cubes()}
    parts, missing = [], []
    for t in tables:
        if t.id in stored:
            parts.append(s.load(t.id))
        else:
            missing.append(t.id)
    if not parts:
        raise StatsError(f"none of the employment tables is stored; import or fetch {', '.join(t.id for t in tables)}")
    stitched = stitch.stitch(parts, series=EMPLOYMENT)
    imported = import_cube(stitched, series=EMPLOYMENT, user=user,
                           query={"stitched_from": [f"{p.table_id} v{p.extra.get('version')}" for p in parts],
                                  "missing": missing})
    return imported, stitched.extra.get("years_by_source", {})


def is_synthetic(cube: C.Cube) -> bool:
    return bool(cube.extra.get("synthetic")) or SYNTHETIC in (cube.source or "")
