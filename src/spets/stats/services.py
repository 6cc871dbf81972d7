"""The Django side of the statistics store: short-lived Stores, imports with audit, stitching.

Views, the API and the `spets stats` command call these functions; the atlas computations live in
`atlas.py`. The store is a DuckDB file at ``settings.STATS_STORE_PATH``. DuckDB lets one process write
a file or several read it, never both, so no process keeps it open: each thread opens it when first
needed (read-only unless it must write) and closes it at the end of the request (`request_finished`,
see apps.py) or command. An import started while the server answers a request therefore waits a moment
for the lock (`STATS_STORE_WAIT`, default 30 s) instead of failing. Parsed metadata of stored versions
stays in memory between requests (`MetaCache`): stored versions never change.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from spets.core.audit import log_action
from spets.core.errors import InvalidData, Unavailable
from spets.geo.models import County, Municipality

from . import catalogue, stitch
from . import cube as C
from .clients import Http, PxWebV1, PxWebV2
from .errors import ParseError, StatsError, StoreError, UnknownCodeError
from .jsonstat import parse_jsonstat_datasets
from .px import parse_px
from .pxweb_json import parse_pxweb_json
from .scb_csv import parse_scb_csv
from .store import CubeInfo, ImportResult, MetaCache, Store
from .synthetic import SYNTHETIC

EMPLOYMENT = "employment_day_population"
EMPLOYMENT_DIVISIONS = "employment_by_division"
BUSINESS = "business_statistics_county"
MAX_SLICE_CELLS = 200_000

WRITE_WAIT = 30.0  # seconds an import waits for readers (the server) to let go; settings.STATS_STORE_WAIT
READ_WAIT = 10.0  # seconds a request waits while an import writes; settings.STATS_STORE_READ_WAIT
_POLL = 0.1


class InvalidChoice(UnknownCodeError, InvalidData):
    """A choice the stored statistics cannot answer (a series, version, dimension, code, measure, level,
    area or year); ``field`` names the input and the message lists the valid choices. Pages show the
    message; the API answers 422 in the shape of its schema errors, naming the field."""

    schema_error = True

    def __init__(self, field: str, message: str) -> None:
        Exception.__init__(self, message)  # not super(): InvalidData's constructor takes a dict
        self.field = field
        self.errors = {field: message}


class NoStatistics(UnknownCodeError, Unavailable):
    """Nothing is stored yet; the message says how to load statistics. The API answers 503."""


class StoreBusy(StoreError, Unavailable):
    """The store is held by another process (a long import) beyond the wait. The API answers 503."""


_local = threading.local()  # this thread's open Store: .store, .key = (path, writable)
_caches: dict[str, MetaCache] = {}
_caches_lock = threading.Lock()
on_wait: Callable[[str], None] | None = None  # the command sets this to print a line while it waits


def _cache(path: str) -> MetaCache:
    with _caches_lock:
        return _caches.setdefault(path, MetaCache())


def store(*, write: bool = False) -> Store:
    """This thread's Store for ``settings.STATS_STORE_PATH``, opened on first use and kept until
    `close_store()` (end of the request or command). Writing reopens it read-write, waiting for
    other processes' readers up to ``STATS_STORE_WAIT`` seconds."""
    path = str(settings.STATS_STORE_PATH)
    current: Store | None = getattr(_local, "store", None)
    if current is not None and _local.key[0] == path and (_local.key[1] or not write):
        return current
    close_store()
    writable = write or not os.path.exists(path)
    wait = float(
        getattr(
            settings,
            "STATS_STORE_WAIT" if writable else "STATS_STORE_READ_WAIT",
            WRITE_WAIT if writable else READ_WAIT,
        )
    )
    opened = _open(path, writable, wait)
    _local.store, _local.key = opened, (path, not opened.read_only)
    return opened


def _open(path: str, writable: bool, wait: float) -> Store:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            return Store(path, read_only=not writable, cache=_cache(path))
        except duckdb.ConnectionException:
            if not writable:
                # another thread of this process writes: DuckDB shares the file only in the same mode
                return Store(path, cache=_cache(path))
            busy = "another thread of this process is reading it"
        except duckdb.IOException as exc:
            busy = str(exc).splitlines()[0]
        if time.monotonic() >= deadline:
            raise StoreBusy(
                f"the statistics store {path} is in use by another process (the server answering a request, "
                f"or another `spets stats` command) and was not released within {wait:g} s; try again "
                f"({busy})"
            )
        if not told and on_wait is not None:
            on_wait(f"the statistics store is in use by another process; waiting up to {wait:g} s …")
            told = True
        time.sleep(_POLL)


def close_store(**_signal_kwargs) -> None:
    """Close this thread's Store (connected to `request_finished`; commands call it when done)."""
    current = getattr(_local, "store", None)
    _local.store, _local.key = None, None
    if current is not None:
        current.close()


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
        return (
            "pxweb-json"
            if b'"columns"' in raw[:200_000] and b'"dimension"' not in raw[:200_000]
            else "json-stat"
        )
    if head[:20].upper().startswith((b"CHARSET", b"AXIS-VERSION", b"CODEPAGE", b"LANGUAGE")):
        return "px"
    raise ParseError(
        Path(name).name,
        1,
        f"expected a .px, JSON-stat 2.0, PxWeb JSON or SCB CSV file (unknown extension {suffix or '(none)'})",
    )


def read_file(path: str | Path, *, table: str | None = None, name: str | None = None) -> C.Cube:
    """Parse a statistics file holding one table into a cube; ``table`` names the SCB table when the file
    does not. A file of several datasets (a JSON-stat bundle or collection) raises: use `read_cubes`."""
    cubes = read_cubes(path, table=table, name=name)
    if len(cubes) != 1:
        raise StatsError(
            f"{name or Path(path).name}: the file holds {len(cubes)} datasets "
            f"({', '.join(c.extra['dataset'] for c in cubes)}); each is imported as its own cube"
        )
    return cubes[0]


def read_cubes(path: str | Path, *, table: str | None = None, name: str | None = None) -> list[C.Cube]:
    """Every table in a statistics file, as cubes: one for a PX, CSV or PxWeb JSON file or a JSON-stat
    dataset, one per dataset of a JSON-stat 1.0 bundle or 2.0 collection (``extra["dataset"]`` names it)."""
    p = Path(path)
    name = name or p.name
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise StatsError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    return parse_cubes(raw, name=name, table=table)


def parse_cubes(raw: bytes, *, name: str, table: str | None = None) -> list[C.Cube]:
    """`read_cubes` of bytes already read (an upload)."""
    fmt = sniff(name, raw)
    if fmt == "px":
        found = [("", parse_px(raw, name=name))]
    elif fmt == "json-stat":
        found = parse_jsonstat_datasets(raw, name=name)
    elif fmt == "pxweb-json":
        found = [("", parse_pxweb_json(raw, name=name))]
    else:
        found = [("", parse_scb_csv(raw, name=name))]
    if table and len(found) > 1:
        raise StatsError(f"{name}: --table names one table, but the file holds {len(found)} datasets")
    cubes = []
    for key, cube in found:
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
        cube.extra["dataset"] = key or cube.table_id or Path(name).stem
        cubes.append(cube)
    return cubes


def series_name(cube: C.Cube, series: str | None, *, several: bool) -> str | None:
    """The series a file's cube is stored under: ``series`` (with the dataset's name when the file holds
    several), else the table id, else for a bundle the file's and the dataset's names."""
    dataset = slugify(cube.extra.get("dataset", "")) or "dataset"
    if series:
        return f"{series}-{dataset}" if several else series
    if cube.table_id:
        return cube.table_id
    if several:
        return f"{slugify(Path(cube.extra.get('file', 'file')).stem)}-{dataset}"
    return None


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
    s = store(write=True)
    digest = cube.content_hash()
    stored = s.cubes(series)
    same = next((c for c in stored if c.content_hash == digest), None)
    if same is not None:  # the same release again: a no-op
        return Imported(ImportResult(same.cube_id, series, same.version, created=False), cube)
    version = max((c.version for c in stored), default=0) + 1
    # audit first, inside the transaction: if the store write fails the entry is rolled back, and if the
    # audit cannot be written nothing reaches the store
    with transaction.atomic():
        log_action(
            user,
            "import",
            None,
            object_type="stats.cube",
            object_id=f"{series} v{version}",
            object_repr=f"{series} v{version}",
            changes={
                "series": series,
                "version": version,
                "table": cube.table_id,
                "cells": cube.size,
                "file": cube.extra.get("file", ""),
                "content_hash": digest,
            },
        )
        result = s.import_cube(cube, series=series, query=query)
    return Imported(result, cube)


def import_file(
    path: str | Path,
    *,
    series: str | None = None,
    table: str | None = None,
    user=None,
    name: str | None = None,
) -> Imported:
    """Parse then store a file of one table; a malformed file raises ParseError before anything is written."""
    cube = read_file(path, table=table, name=name)
    return import_cube(
        cube, series=series, user=user, query={"file": cube.extra["file"], "format": cube.extra["format"]}
    )


def series_names(cubes: list[C.Cube], series: str | None) -> list[str]:
    """The series each cube of one file is stored under; raises when one has none or two collide."""
    several = len(cubes) > 1
    names = [series_name(c, series, several=several) for c in cubes]
    if None in names:
        raise StoreError("the file names no table: give a series name (--series NAME, or --table TABLE_ID)")
    named = [n for n in names if n is not None]
    if len(set(named)) != len(named):
        raise StoreError(f"two datasets of the file would be stored as the same series ({', '.join(named)})")
    return named


def preview(cube: C.Cube, series: str) -> dict:
    """What storing ``cube`` as ``series`` would add: its dimensions, cells, and the version it becomes
    (or the stored version that already holds the same content)."""
    stored = store().cubes(series) if Path(settings.STATS_STORE_PATH).exists() else []
    digest = cube.content_hash()
    same = next((c for c in stored if c.content_hash == digest), None)
    lang = cube.language
    return {
        "series": series,
        "title": cube.title.get(lang) or next(iter(cube.title.values()), ""),
        "table_id": cube.table_id,
        "cells": cube.size,
        "missing": int((cube.status != C.OK).sum()),
        "dimensions": [
            {
                "code": d.code,
                "label": d.label.get(lang) or next(iter(d.label.values()), d.code),
                "role": d.role or "",
                "count": len(d),
                "examples": (d.labels.get(lang) or d.codes)[:6],
            }
            for d in cube.dims
        ],
        "same_as": same.version if same else None,
        "next_version": max((c.version for c in stored), default=0) + 1,
        "notes": list(cube.notes) + list(cube.extra.get("mandatory_notes", [])),
    }


def import_cubes(cubes: list[C.Cube], *, series: str | None = None, user=None) -> list[Imported]:
    """Store every cube read from one file (`read_cubes`), each as its own series, all or nothing: the
    audit entries (one relational transaction) and the store writes (one DuckDB transaction) of every
    dataset commit together, so when one dataset cannot be stored neither keeps a trace of the others,
    and the error names that dataset. Every name is checked before the first is written."""
    names = series_names(cubes, series)
    s = store(write=True)
    done = []
    with transaction.atomic(), s.transaction():
        for i, (c, n) in enumerate(zip(cubes, names, strict=True)):
            query = {"file": c.extra["file"], "format": c.extra["format"]}
            try:
                done.append(import_cube(c, series=n, user=user, query=query))
            except Exception as exc:
                if len(cubes) == 1:
                    raise
                raise StoreError(
                    f"{c.extra.get('file', 'the file')}: dataset {c.extra.get('dataset', n)!r} "
                    f"(part {i + 1} of {len(cubes)}, series {n}) cannot be stored ({exc}); "
                    "nothing from the file was stored"
                ) from exc
    return done


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
        raise StatsError(
            f"none of the employment tables is stored; import or fetch {', '.join(t.id for t in tables)}"
        )
    stitched = stitch.stitch(parts, series=EMPLOYMENT)
    imported = import_cube(
        stitched,
        series=EMPLOYMENT,
        user=user,
        query={
            "stitched_from": [f"{p.table_id} v{p.extra.get('version')}" for p in parts],
            "missing": missing,
        },
    )
    return imported, stitched.extra.get("years_by_source", {})


def is_synthetic(cube: C.Cube) -> bool:
    return bool(cube.extra.get("synthetic")) or SYNTHETIC in (cube.source or "")


# -- reading -------------------------------------------------------------------------------------


def cube_slice(series: str, version: int | None, filters: dict[str, list[str]]) -> tuple[C.Cube, CubeInfo]:
    """(cells, info) of a stored cube filtered per dimension ({dimension: [codes]}; a dimension not
    named keeps every code). Unknown series, versions, dimensions or codes, and slices larger than
    ``MAX_SLICE_CELLS``, raise :class:`InvalidChoice` naming the input and listing the valid choices."""
    s = store()
    try:
        info = s.info(series, version)
    except UnknownCodeError as exc:
        raise InvalidChoice("series" if version is None else "version", str(exc)) from None
    dims = {d.code: d for d in s.dims(info.cube_id)}
    for key, codes in filters.items():
        if key not in dims:
            raise InvalidChoice(key, f"cube {series} has no dimension {key!r}; valid: {', '.join(dims)}")
        bad = [c for c in codes if c not in dims[key].codes]
        if bad or not codes:
            valid = dims[key].codes
            raise InvalidChoice(
                key,
                f"dimension {key} has no value(s) {', '.join(bad) or '(empty)'}; "
                f"valid: {', '.join(valid[:60])}" + (" …" if len(valid) > 60 else ""),
            )
    n = 1
    for code, d in dims.items():
        n *= len(filters.get(code, d.codes))
    if n > MAX_SLICE_CELLS:
        raise InvalidChoice(
            "filters",
            f"the slice has {n} cells, more than {MAX_SLICE_CELLS}; filter on "
            f"more dimensions ({', '.join(dims)})",
        )
    return s.slice(info.cube_id, None, **filters), info


# -- fetching from SCB (online) -------------------------------------------------------------------

transport = None  # tests put a fake transport here; None = the network (urllib)
sleep = None  # and a sleep that does not wait; None = time.sleep


def region_selection(regions: list[str]) -> list[str]:
    """``17,20,21`` → each county with all its municipalities (``17*``), plus the nation (``00``) that
    location quotients need; 4-digit codes are taken as they are."""
    out = []
    for code in regions:
        code = code.strip()
        if not code:
            continue
        out.append(f"{code}*" if len(code) == 2 else code)
    return out + ["00*"] if out else out


def year_selection(years: str) -> str | list[str]:
    """``2008-2024`` → range(2008,2024); ``2019,2020`` → the list; ``from(2019)``/``top(3)`` as given."""
    years = years.strip()
    if "(" in years:
        return years
    if "-" in years:
        lo, hi = (y.strip() for y in years.split("-", 1))
        return f"range({lo},{hi})" if hi else f"from({lo})"
    return [y.strip() for y in years.split(",") if y.strip()]


def fetch(
    table: str,
    *,
    regions: list[str] | None = None,
    years: str | None = None,
    api: str = "v2",
    selection: dict | None = None,
    progress=None,
    retries: int = 3,
    sleep=None,
    user=None,
    series: str | None = None,
) -> Imported:
    """Download a catalogue table from SCB and store it; a failed or partial download stores nothing."""
    entry = catalogue.table(table)  # unknown table → the valid choices
    sel: dict = dict(selection or {})
    if regions and "Region" in entry.variables:
        sel["Region"] = region_selection(regions)
    if years:
        sel["Tid"] = year_selection(years)
    entry.check_selection({k: v for k, v in sel.items() if k not in ("Region", "Tid")})
    for var in sel:
        entry.variable(var)  # unknown variable → the valid ones
    cache = Path(settings.STATS_STORE_PATH).parent / "stats-cache"  # API responses, beside the store
    http = Http(
        transport,
        cache_dir=cache,
        progress=progress,
        max_retries=retries,
        sleep=sleep or globals()["sleep"] or time.sleep,
    )
    if api == "v1":
        client: PxWebV1 | PxWebV2 = PxWebV1(http)
    elif api == "v2":
        if not entry.v2_id:
            raise UnknownCodeError(f"table {entry.id} has no PxWeb API v2 id in the catalogue; use --api v1")
        client = PxWebV2(http)
    else:
        raise UnknownCodeError(f"unknown API {api!r}; valid: v1, v2")
    cube = client.fetch(entry.id, sel)
    cube.table_id = entry.id
    return import_cube(
        cube,
        series=series or entry.id,
        user=user,
        query={
            "api": cube.extra.get("api"),
            "table": cube.extra.get("api_table"),
            "selection": cube.extra.get("query"),
            "fetched_at": cube.extra.get("fetched_at"),
        },
    )


# -- Kolada (online) ----------------------------------------------------------------------------------

kolada_transport = None  # tests put a fake transport here; None = the network
kolada_per_page = 5000  # rows per page (Kolada's most); tests replay smaller recorded pages


def kolada_regions(municipalities: list[str] | None) -> list[str]:
    """Kolada codes to ask for: the given municipalities, or the programme area's municipalities with
    their counties and Sweden (``0020``, ``0000``: a key figure's own county and national values)."""
    if municipalities:
        return [m.strip() for m in municipalities if m.strip()]
    munis = list(
        Municipality.objects.filter(in_programme=True).order_by("code").values_list("code", flat=True)
    )
    counties = list(County.objects.filter(in_programme=True).order_by("code").values_list("code", flat=True))
    return munis + [f"00{c}" for c in counties] + ["0000"]


def fetch_kolada(
    kpi: str,
    *,
    municipalities: list[str] | None = None,
    years: list[str] | None = None,
    user=None,
    series: str | None = None,
    progress=None,
) -> Imported:
    """Download a Kolada KPI and store it as the series ``kolada_<KPI>``; nothing is stored when a page
    fails."""
    from .kolada import Kolada

    cache = Path(settings.STATS_STORE_PATH).parent / "stats-cache"
    http = Http(kolada_transport, cache_dir=cache, progress=progress, sleep=globals()["sleep"] or time.sleep)
    cube = Kolada(http, per_page=kolada_per_page).fetch(kpi, kolada_regions(municipalities), years)
    return import_cube(
        cube,
        series=series or f"kolada_{kpi}",
        user=user,
        query={
            "api": "kolada-v2",
            "kpi": kpi,
            "selection": cube.extra.get("query"),
            "fetched_at": cube.extra.get("fetched_at"),
        },
    )
