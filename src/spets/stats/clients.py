"""Clients for SCB's PxWeb API v1 and v2.

Both resolve a selection against the table's metadata first (so we know the cell count),
split it into calls under the service's cell limit, respect the call-rate window, retry
429/5xx with exponential backoff and merge the parts into one cube. A download either
completes or raises ``ApiError``: a partial result is never returned.

Network access goes through a *transport* ``(method, url, body, headers) -> (status,
headers, bytes)``; tests pass a fake that replays recorded responses.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import math
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import catalogue
from . import cube as C
from .errors import ApiError, ParseError, UnknownCodeError
from .jsonstat import parse_jsonstat

Transport = Callable[[str, str, bytes | None, Mapping[str, str]], tuple[int, Mapping[str, str], bytes]]
Progress = Callable[[int, int, str], None]
Selection = Mapping[str, str | Sequence[str]]

V1_BASE = "https://api.scb.se/OV0104/v1/doris"
V2_BASE = "https://api.scb.se/ov0104/v2beta/api/v2"
RETRY_STATUSES = {429, 500, 502, 503, 504}


def urllib_transport(
    method: str, url: str, body: bytes | None, headers: Mapping[str, str], timeout: float = 60.0
) -> tuple[int, Mapping[str, str], bytes]:
    """Default transport: plain urllib; HTTP errors come back as a status, not an exception."""
    req = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (https URLs we build)
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers or {}), e.read() or b""


class Http:
    """Rate-limited, retrying, caching HTTP helper shared by both API clients."""

    def __init__(
        self,
        transport: Transport | None = None,
        *,
        cache_dir: str | Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        max_retries: int = 5,
        backoff: float = 1.0,
        max_calls: int = 30,
        window: float = 10.0,
        progress: Progress | None = None,
    ):
        self.transport = transport or urllib_transport
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.sleep, self.clock = sleep, clock
        self.max_retries, self.backoff = max_retries, backoff
        self.max_calls, self.window = max_calls, window
        self.progress = progress
        self._calls: deque[float] = deque()
        self.calls_made = 0  # network calls, for tests and logs

    def _cache_path(self, method: str, url: str, body: bytes | None) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(method.encode() + b"\n" + url.encode() + b"\n" + (body or b"")).hexdigest()
        return self.cache_dir / key[:2] / f"{key}.bin"

    def _wait_for_slot(self) -> None:
        # sliding window: at most max_calls calls in any `window` seconds
        now = self.clock()
        while self._calls and now - self._calls[0] >= self.window:
            self._calls.popleft()
        if len(self._calls) >= self.max_calls:
            self.sleep(self.window - (now - self._calls[0]))
            now = self.clock()
            while self._calls and now - self._calls[0] >= self.window:
                self._calls.popleft()
        self._calls.append(self.clock())

    def request(self, method: str, url: str, body: bytes | None = None) -> bytes:
        cached = self._cache_path(method, url, body)
        if cached is not None and cached.exists():
            return cached.read_bytes()
        headers = {"Accept": "application/json", "User-Agent": "spets-stats/0.1"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        last = "no attempt made"
        status: int | None = None
        for attempt in range(self.max_retries + 1):
            self._wait_for_slot()
            self.calls_made += 1
            try:
                status, resp_headers, data = self.transport(method, url, body, headers)
            except (OSError, urllib.error.URLError) as e:  # network down, timeout
                status, resp_headers, data, last = None, {}, b"", f"network error: {e}"
            if status == 200:
                if cached is not None:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    tmp = cached.with_suffix(".tmp")
                    tmp.write_bytes(data)
                    tmp.replace(cached)  # never leave half a cache file behind
                return data
            if status is not None:
                last = f"HTTP {status}: {data[:200].decode('utf-8', 'replace').strip()}"
                if status not in RETRY_STATUSES:
                    raise ApiError(f"{method} {url} failed with {last}", status=status, url=url)
            if attempt < self.max_retries:
                delay = self.backoff * (2**attempt)
                retry_after = {k.lower(): v for k, v in resp_headers.items()}.get("retry-after")
                if retry_after and str(retry_after).isdigit():
                    delay = max(delay, float(retry_after))
                self.sleep(delay)
        raise ApiError(
            f"{method} {url} still failing after {self.max_retries + 1} attempts ({last})",
            status=status,
            url=url,
        )


# -- selections ------------------------------------------------------------

_EXPR = re.compile(r"^(top|bottom|from|to|range)\((.*)\)$", re.IGNORECASE)


def resolve(
    codes: Sequence[str], expr: str | Sequence[str], *, is_time: bool = False, variable: str = "?"
) -> list[str]:
    """Turn a selection (codes or expressions ``*``, ``top(n)``, ``bottom(n)``, ``from(x)``,
    ``to(x)``, ``range(x,y)``, wildcards ``20*``/``208?``) into concrete codes in table order.

    For a time variable ``top(n)`` means the n latest periods (SCB lists time ascending).
    """
    items = [expr] if isinstance(expr, str) else list(expr)
    picked: set[str] = set()
    pos = {c: i for i, c in enumerate(codes)}
    for item in items:
        item = str(item).strip()
        m = _EXPR.match(item)
        if item == "*":
            picked.update(codes)
        elif m:
            fn, args = m[1].lower(), [a.strip().strip("'\"") for a in m[2].split(",")]
            if fn in ("top", "bottom"):
                n = int(args[0])
                latest_first = list(reversed(codes)) if is_time else list(codes)
                chosen = latest_first[:n] if fn == "top" else latest_first[-n:]
                picked.update(chosen)
            else:
                lo, hi = (
                    (args[0], None)
                    if fn == "from"
                    else ((None, args[0]) if fn == "to" else (args[0], args[1]))
                )
                for c in (lo, hi):
                    if c is not None and c not in pos:
                        raise UnknownCodeError(
                            f"{variable}: {fn}({c}) names an unknown code; valid: {', '.join(codes[:30])}"
                        )
                a = pos[lo] if lo is not None else 0
                b = pos[hi] if hi is not None else len(codes) - 1
                picked.update(codes[a : b + 1])
        elif any(ch in item for ch in "*?"):
            picked.update(fnmatch.filter(codes, item))
        elif item in pos:
            picked.add(item)
        else:
            shown = ", ".join(codes[:30]) + (" …" if len(codes) > 30 else "")
            raise UnknownCodeError(f"variable {variable} has no value {item!r}; valid: {shown}")
    return [c for c in codes if c in picked]


def split_selection(sel: Mapping[str, list[str]], max_cells: int) -> Iterator[dict[str, list[str]]]:
    """Yield sub-selections whose cell counts are each <= max_cells (the largest variable is
    chunked first; recursion handles the case where even one value of it is too big)."""
    cells = math.prod(len(v) for v in sel.values())
    if cells <= max_cells:
        yield dict(sel)
        return
    var = max(sel, key=lambda k: len(sel[k]))
    n = len(sel[var])
    if n == 1:
        raise ApiError(
            f"cannot split selection below {max_cells} cells: {dict((k, len(v)) for k, v in sel.items())}"
        )
    per_value = cells // n
    chunk = max(1, max_cells // per_value)
    for i in range(0, n, chunk):
        yield from split_selection({**sel, var: sel[var][i : i + chunk]}, max_cells)


def _fetched_at() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _Client:
    def __init__(self, http: Http | None, lang: str, base: str, now: Callable[[], str] | None):
        self.http = http or Http()
        self.lang = lang
        self.base = base.rstrip("/")
        self.now = now or _fetched_at
        self._meta: dict[str, C.Cube] = {}  # metadata per table, asked once per client

    def _fetch_parts(self, urls: Sequence[tuple[str, str, bytes | None]], name: str) -> C.Cube:
        parts = []
        for k, (method, url, body) in enumerate(urls):
            if self.http.progress:
                self.http.progress(k, len(urls), f"{name}: part {k + 1} of {len(urls)}")
            try:
                raw = self.http.request(method, url, body)
            except ApiError as e:
                raise ApiError(
                    f"{name}: part {k + 1} of {len(urls)} failed, download incomplete and "
                    f"nothing returned ({e})",
                    status=e.status,
                    url=e.url,
                ) from e
            try:
                parts.append(parse_jsonstat(raw, lang=self.lang, name=f"{name} part {k + 1}"))
            except ParseError as e:
                raise ApiError(
                    f"{name}: part {k + 1} of {len(urls)} is not valid JSON-stat ({e})", url=url
                ) from e
        if self.http.progress:
            self.http.progress(len(urls), len(urls), f"{name}: done")
        return C.merge(parts) if len(parts) > 1 else parts[0]


def _full_selection(meta: C.Cube, selection: Selection) -> dict[str, list[str]]:
    """Concrete codes per variable; unselected variables are eliminated when allowed, else all."""
    known = [d.code for d in meta.dims]
    for var in selection:
        if var not in known:
            raise UnknownCodeError(
                f"table {meta.table_id or '?'} has no variable {var!r}; valid: {', '.join(known)}"
            )
    out = {}
    for d in meta.dims:
        if d.code in selection:
            out[d.code] = resolve(d.codes, selection[d.code], is_time=d.role == "time", variable=d.code)
            if not out[d.code]:
                raise UnknownCodeError(f"selection for {d.code} matched no values")
        elif not d.elimination:
            out[d.code] = list(d.codes)
    return out


class PxWebV2(_Client):
    """PxWeb API v2: ``/config``, ``/tables``, ``/tables/{id}/metadata``, ``/tables/{id}/data``."""

    def __init__(
        self,
        http: Http | None = None,
        *,
        lang: str = "sv",
        base: str = V2_BASE,
        now: Callable[[], str] | None = None,
    ):
        super().__init__(http, lang, base, now)
        self._config: dict[str, Any] | None = None

    def config(self) -> dict[str, Any]:
        """Read the service limits once and apply them to the HTTP helper."""
        if self._config is None:
            cfg = json.loads(self.http.request("GET", f"{self.base}/config"))
            self._config = cfg
            self.http.max_calls = int(cfg.get("maxCallsPerTimeWindow", self.http.max_calls))
            self.http.window = float(cfg.get("timeWindow", self.http.window))
        return self._config

    @property
    def max_cells(self) -> int:
        return int(self.config().get("maxDataCells", 150_000))

    def tables(self, query: str = "", page_size: int = 100) -> list[dict[str, Any]]:
        qs = urllib.parse.urlencode({"lang": self.lang, "query": query, "pageSize": page_size})
        doc = json.loads(self.http.request("GET", f"{self.base}/tables?{qs}"))
        return list(doc.get("tables", []))

    def metadata(self, table_id: str) -> C.Cube:
        if table_id not in self._meta:
            url = f"{self.base}/tables/{table_id}/metadata?lang={self.lang}&outputFormat=json-stat2"
            self._meta[table_id] = parse_jsonstat(
                self.http.request("GET", url), lang=self.lang, name=f"{table_id} metadata", metadata_only=True
            )
        return self._meta[table_id]

    def data_url(self, table_id: str, sel: Mapping[str, Sequence[str]]) -> str:
        params = [("lang", self.lang), ("outputFormat", "json-stat2")]
        params += [(f"valueCodes[{var}]", ",".join(codes)) for var, codes in sel.items()]
        return f"{self.base}/tables/{table_id}/data?" + urllib.parse.urlencode(params, safe="[],*()")

    def fetch(self, table: str, selection: Selection | None = None) -> C.Cube:
        """Fetch a table (catalogue id or v2 id) as one cube, splitting as the limits require."""
        cat = _catalogue_entry(table)
        table_id = cat.v2_id if cat and cat.v2_id else table
        self.config()
        meta = self.metadata(table_id)
        meta.table_id = cat.id if cat else table_id
        full = _full_selection(meta, selection or {})
        calls = [
            ("GET", self.data_url(table_id, part), None) for part in split_selection(full, self.max_cells)
        ]
        out = self._fetch_parts(calls, meta.table_id)
        _stamp(out, meta, api="scb-pxweb-v2", table=table_id, selection=selection, full=full, now=self.now())
        return out


class PxWebV1(_Client):
    """PxWeb API v1: GET metadata and POST a query at ``…/{lang}/ssd/START/<path>``."""

    def __init__(
        self,
        http: Http | None = None,
        *,
        lang: str = "sv",
        base: str = V1_BASE,
        max_cells: int = 150_000,
        now: Callable[[], str] | None = None,
    ):
        super().__init__(http, lang, base, now)
        self.max_cells = max_cells
        self.http.max_calls, self.http.window = min(self.http.max_calls, 30), max(self.http.window, 10.0)

    def url(self, path: str) -> str:
        return f"{self.base}/{self.lang}/ssd/START/{path.strip('/')}"

    def metadata(self, path: str) -> C.Cube:
        if path not in self._meta:
            self._meta[path] = self._read_metadata(path)
        return self._meta[path]

    def _read_metadata(self, path: str) -> C.Cube:
        raw = self.http.request("GET", self.url(path))
        try:
            doc = json.loads(raw)
            variables = doc["variables"]
        except (ValueError, KeyError, TypeError):
            raise ParseError(
                f"{path} metadata", "variables", "expected PxWeb v1 metadata with 'variables'"
            ) from None
        dims = []
        for i, v in enumerate(variables):
            if "code" not in v or "values" not in v:
                raise ParseError(f"{path} metadata", f"variables[{i}]", "expected 'code' and 'values'")
            role = (
                "time"
                if v.get("time")
                else (
                    "metric"
                    if v["code"] == "ContentsCode"
                    else ("geo" if v["code"].lower() == "region" else None)
                )
            )
            dims.append(
                C.Dimension(
                    code=v["code"],
                    codes=list(v["values"]),
                    label={self.lang: v.get("text", "")},
                    labels={self.lang: list(v.get("valueTexts", v["values"]))},
                    role=role,
                    elimination=bool(v.get("elimination", False)),
                )
            )
        return C.empty(dims, table_id=path, title={self.lang: doc.get("title", "")})

    def query_body(self, sel: Mapping[str, Sequence[str]]) -> bytes:
        q = [
            {"code": var, "selection": {"filter": "item", "values": list(codes)}}
            for var, codes in sel.items()
        ]
        return json.dumps({"query": q, "response": {"format": "json-stat2"}}, ensure_ascii=False).encode()

    def fetch(self, table: str, selection: Selection | None = None) -> C.Cube:
        cat = _catalogue_entry(table)
        path = cat.path if cat else table
        meta = self.metadata(path)
        meta.table_id = cat.id if cat else path
        full = _full_selection(meta, selection or {})
        calls = [
            ("POST", self.url(path), self.query_body(part)) for part in split_selection(full, self.max_cells)
        ]
        out = self._fetch_parts(calls, meta.table_id)
        _stamp(out, meta, api="scb-pxweb-v1", table=path, selection=selection, full=full, now=self.now())
        return out


def _catalogue_entry(table: str) -> catalogue.Table | None:
    try:
        return catalogue.table(table)
    except UnknownCodeError:
        return None


def _stamp(
    out: C.Cube,
    meta: C.Cube,
    *,
    api: str,
    table: str,
    selection: Selection | None,
    full: Mapping[str, list[str]],
    now: str,
) -> None:
    """Provenance the store keeps: which API, table and query, and when we fetched it."""
    out.table_id = meta.table_id
    out.source = out.source or "SCB"
    if not any(out.title.values()):
        out.title = dict(meta.title)
    out.extra.update(
        {
            "api": api,
            "api_table": table,
            "fetched_at": now,
            "query": {k: (v if isinstance(v, str) else list(v)) for k, v in (selection or {}).items()},
            "cells_requested": math.prod(len(v) for v in full.values()),
        }
    )
