"""The one in-memory cube every parser produces and every consumer reads.

A cube is a dense N-dimensional array of float64 values (NaN where the source gives no
number) plus a parallel uint8 *status* array. Status is how we keep SCB's symbols: a
suppressed figure (``..``) is not 0, and a zero marked ``-`` is kept as ``-``. Codes
0–15 are fixed (see ``STATUS_SYMBOLS``); codes from 16 upward are footnote markers or
source-specific flags, registered per cube in ``Cube.status_symbols``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np

OK = 0
NOT_AVAILABLE = 1  # ".."  figure exists but is unavailable / suppressed
NOT_APPLICABLE = 2  # "."  logically impossible
ZERO = 3  # "-"  nothing / rounded to zero
CONFIDENTIAL = 4  # "..." (PX DATASYMBOL3 by convention)
SYMBOL4 = 5  # "...."
SYMBOL5 = 6  # "....."
SYMBOL6 = 7  # "......"
PARTIAL = 8  # an aggregate where some parts were missing (set by the store, never by parsers)
FIRST_CUSTOM = 16

STATUS_SYMBOLS: dict[int, str] = {
    NOT_AVAILABLE: "..",
    NOT_APPLICABLE: ".",
    ZERO: "-",
    CONFIDENTIAL: "...",
    SYMBOL4: "....",
    SYMBOL5: ".....",
    SYMBOL6: "......",
    PARTIAL: "partial",
}
SYMBOL_CODES: dict[str, int] = {v: k for k, v in STATUS_SYMBOLS.items()}

ROLES = ("time", "geo", "metric")


@dataclass
class Dimension:
    """One axis of a cube: its value codes in order, with labels per language."""

    code: str
    codes: list[str]
    label: dict[str, str] = field(default_factory=dict)  # language -> dimension label
    labels: dict[str, list[str]] = field(default_factory=dict)  # language -> value labels
    role: str | None = None  # "time" | "geo" | "metric" | None
    elimination: bool | str = False  # True, or the code that represents "all"
    units: dict[str, str] = field(default_factory=dict)  # metric code -> unit
    decimals: dict[str, int] = field(default_factory=dict)  # metric code -> decimals

    def __post_init__(self) -> None:
        if self.role is not None and self.role not in ROLES:
            raise ValueError(f"dimension {self.code}: role {self.role!r} is not one of {ROLES}")
        self._pos: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.codes)

    def index(self, code: str) -> int:
        if self._pos is None:
            self._pos = {c: i for i, c in enumerate(self.codes)}
        try:
            return self._pos[code]
        except KeyError:
            shown = ", ".join(self.codes[:20]) + (" …" if len(self.codes) > 20 else "")
            raise KeyError(f"dimension {self.code} has no value {code!r}; valid: {shown}") from None

    def label_of(self, code: str, lang: str | None = None) -> str:
        i = self.index(code)
        langs = [lang] if lang in self.labels else list(self.labels)
        return self.labels[langs[0]][i] if langs else code

    def take(self, idx: Sequence[int]) -> Dimension:
        return replace(
            self,
            codes=[self.codes[i] for i in idx],
            labels={lg: [v[i] for i in idx] for lg, v in self.labels.items()},
        )


@dataclass
class Cube:
    """A statistics table: dims in order, values[shape], status[shape] and metadata."""

    dims: list[Dimension]
    values: np.ndarray
    status: np.ndarray
    table_id: str = ""
    title: dict[str, str] = field(default_factory=dict)
    source: str = ""
    updated: datetime | None = None
    unit: str = ""  # table-wide unit when there is no metric dimension
    decimals: int | None = None
    notes: list[str] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)  # marker/symbol -> text
    status_symbols: dict[int, str] = field(default_factory=dict)  # custom codes >= 16
    language: str = "sv"
    extra: dict = field(default_factory=dict)  # anything else worth keeping (json-safe)
    # Optional per-cell provenance: index into ``provenance_sources`` (stitched series).
    provenance: np.ndarray | None = None
    provenance_sources: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        shape = tuple(len(d) for d in self.dims)
        self.values = np.asarray(self.values, dtype=np.float64).reshape(shape)
        self.status = np.asarray(self.status, dtype=np.uint8).reshape(shape)
        if self.provenance is not None:
            self.provenance = np.asarray(self.provenance, dtype=np.uint8).reshape(shape)
        codes = [d.code for d in self.dims]
        if len(set(codes)) != len(codes):
            raise ValueError(f"duplicate dimension codes: {codes}")

    # -- shape and lookup -------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(d) for d in self.dims)

    @property
    def size(self) -> int:
        return int(self.values.size)

    def dim(self, code: str) -> Dimension:
        for d in self.dims:
            if d.code == code:
                return d
        raise KeyError(
            f"cube {self.table_id or '?'} has no dimension {code!r}; "
            f"valid: {', '.join(d.code for d in self.dims)}"
        )

    def axis(self, code: str) -> int:
        return self.dims.index(self.dim(code))

    def by_role(self, role: str) -> Dimension | None:
        return next((d for d in self.dims if d.role == role), None)

    def symbol(self, code: int) -> str:
        """The printable symbol for a status code ("" for a plain number)."""
        if code == OK:
            return ""
        return STATUS_SYMBOLS.get(code) or self.status_symbols.get(code, f"?{code}")

    def status_code_for(self, symbol: str) -> int:
        """Status code for a symbol, registering a custom code if new (footnote markers)."""
        if symbol in SYMBOL_CODES:
            return SYMBOL_CODES[symbol]
        for k, v in self.status_symbols.items():
            if v == symbol:
                return k
        k = max([FIRST_CUSTOM - 1, *self.status_symbols]) + 1
        if k > 255:
            raise ValueError("more than 240 distinct status markers in one cube")
        self.status_symbols[k] = symbol
        return k

    def get(self, **coords: str) -> tuple[float, str]:
        """One cell by code per dimension: (value, symbol)."""
        idx = tuple(d.index(coords[d.code]) for d in self.dims)
        return float(self.values[idx]), self.symbol(int(self.status[idx]))

    def unit_of(self, metric_code: str | None = None) -> str:
        m = self.by_role("metric")
        if m is not None and metric_code is not None:
            return m.units.get(metric_code, self.unit)
        return self.unit

    # -- transformation ---------------------------------------------------
    def select(self, **sel: Iterable[str]) -> Cube:
        """Sub-cube keeping only the given codes (in the given order) per dimension."""
        values, status, prov = self.values, self.status, self.provenance
        dims = list(self.dims)
        for code, wanted in sel.items():
            ax = self.axis(code)
            idx = [dims[ax].index(c) for c in wanted]
            values = np.take(values, idx, axis=ax)
            status = np.take(status, idx, axis=ax)
            if prov is not None:
                prov = np.take(prov, idx, axis=ax)
            dims[ax] = dims[ax].take(idx)
        return replace(
            self,
            dims=dims,
            values=values,
            status=status,
            provenance=prov,
            status_symbols=dict(self.status_symbols),
        )

    def records(self, lang: str | None = None) -> Iterator[dict]:
        """Long-format rows (slow path, for small cubes / exports)."""
        for flat in range(self.size):
            idx = np.unravel_index(flat, self.shape)
            row: dict[str, object] = {d.code: d.codes[i] for d, i in zip(self.dims, idx, strict=True)}
            row["value"] = None if np.isnan(self.values[idx]) else float(self.values[idx])
            row["status"] = self.symbol(int(self.status[idx]))
            yield row

    def content_hash(self) -> str:
        """Stable digest of everything that makes a release: codes, values, status, units."""
        h = hashlib.sha256()
        h.update(self.table_id.encode())
        for d in self.dims:
            h.update(b"\x00dim\x00" + d.code.encode())
            h.update("\x1f".join(d.codes).encode())
            h.update(repr(sorted(d.units.items())).encode())
        h.update(self.unit.encode())
        h.update(np.ascontiguousarray(self.values).tobytes())
        h.update(np.ascontiguousarray(self.status).tobytes())
        h.update(repr(sorted(self.status_symbols.items())).encode())
        if self.provenance is not None:
            h.update(np.ascontiguousarray(self.provenance).tobytes())
            h.update("\x1f".join(self.provenance_sources).encode())
        return h.hexdigest()


def empty(dims: list[Dimension], **meta) -> Cube:
    """A cube of the given dims with every cell 'not available' (used when merging parts)."""
    shape = tuple(len(d) for d in dims)
    return Cube(
        dims=dims, values=np.full(shape, np.nan), status=np.full(shape, NOT_AVAILABLE, np.uint8), **meta
    )


def merge(parts: Sequence[Cube]) -> Cube:
    """Union of cubes with the same dimension codes (e.g. the parts of a split API call).

    Value codes are unioned per dimension in first-seen order; cells not present in any
    part stay NaN with status ``..``. Later parts overwrite earlier ones where they overlap.
    """
    if not parts:
        raise ValueError("nothing to merge")
    first = parts[0]
    dim_codes = [d.code for d in first.dims]
    for p in parts[1:]:
        if [d.code for d in p.dims] != dim_codes:
            raise ValueError(f"cannot merge cubes with dims {dim_codes} and {[d.code for d in p.dims]}")
    dims: list[Dimension] = []
    for ax, d0 in enumerate(first.dims):
        seen: dict[str, int] = {}
        labels: dict[str, list[str]] = {lg: [] for lg in d0.labels}
        units, decimals = dict(d0.units), dict(d0.decimals)
        for p in parts:
            d = p.dims[ax]
            units.update(d.units)
            decimals.update(d.decimals)
            for i, c in enumerate(d.codes):
                if c not in seen:
                    seen[c] = len(seen)
                    for lg in labels:
                        labels[lg].append(d.labels.get(lg, d.codes)[i])
        dims.append(replace(d0, codes=list(seen), labels=labels, units=units, decimals=decimals))
    out = empty(
        dims,
        table_id=first.table_id,
        title=dict(first.title),
        source=first.source,
        updated=max((p.updated for p in parts if p.updated), default=None),
        unit=first.unit,
        decimals=first.decimals,
        notes=list(first.notes),
        footnotes=dict(first.footnotes),
        language=first.language,
        extra=dict(first.extra),
    )
    for p in parts:
        remap = {}  # part's custom status codes -> merged cube's codes
        for k, sym in p.status_symbols.items():
            remap[k] = out.status_code_for(sym)
        ix = np.ix_(*[[out.dims[a].index(c) for c in p.dims[a].codes] for a in range(len(dims))])
        out.values[ix] = p.values
        st = p.status
        if remap:
            lut = np.arange(256, dtype=np.uint8)
            for k, v in remap.items():
                lut[k] = v
            st = lut[st]
        out.status[ix] = st
        for n in p.notes:
            if n not in out.notes:
                out.notes.append(n)
        out.footnotes.update(p.footnotes)
    return out


def from_mapping(dims: list[Dimension], cells: Mapping[tuple[str, ...], float | str | None], **meta) -> Cube:
    """Build a cube from {(code, code, ...): value-or-symbol}; handy in tests and small imports."""
    out = empty(dims, **meta)
    for key, v in cells.items():
        idx = tuple(d.index(c) for d, c in zip(dims, key, strict=True))
        if isinstance(v, str):
            out.status[idx] = out.status_code_for(v)
        elif v is None:
            out.status[idx] = NOT_AVAILABLE
        else:
            out.values[idx] = float(v)
            out.status[idx] = OK
    return out
