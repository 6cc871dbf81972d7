"""JSON-stat 2.0 dataset reader (what PxWeb returns for ``json-stat2``).

``json.loads`` does the tokenising in C; values go straight into a float64 array
(``None`` becomes NaN) and status symbols are mapped per distinct symbol with vectorised
comparisons, so no per-cell Python work happens for dense responses.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from . import cube as C
from .errors import ParseError
from .px import scan_numbers


def read_jsonstat(path: str | Path, *, lang: str = "sv", name: str | None = None) -> C.Cube:
    p = Path(path)
    return parse_jsonstat(p.read_bytes(), lang=lang, name=name or p.name)


def parse_jsonstat(
    raw: bytes | str | dict, *, lang: str = "sv", name: str = "<json-stat>", metadata_only: bool = False
) -> C.Cube:
    """Parse a file holding one JSON-stat dataset (2.0, or 1.0 as SCB's PxWeb API v1 answers
    ``json-stat``). ``metadata_only`` accepts a dataset without values. A file of several datasets
    raises ParseError naming them: read it with `parse_jsonstat_datasets`."""
    found = parse_jsonstat_datasets(raw, lang=lang, name=name, metadata_only=metadata_only)
    if len(found) != 1:
        raise ParseError(
            name,
            "$",
            f"expected one dataset, found {len(found)} ({', '.join(k for k, _c in found)}); "
            "each is imported as its own cube",
        )
    return found[0][1]


def parse_jsonstat_datasets(
    raw: bytes | str | dict, *, lang: str = "sv", name: str = "<json-stat>", metadata_only: bool = False
) -> list[tuple[str, C.Cube]]:
    """Every dataset in a JSON-stat file, as (its name in the file, cube):

    * a JSON-stat 2.0 dataset (``class: dataset``, or ``id``/``size`` at the top);
    * a JSON-stat 2.0 ``collection`` whose ``link.item`` embed datasets;
    * a JSON-stat 1.0 response, one dataset (``{"dataset": {...}}``) or a bundle of several, with the
      dimension ids, sizes and roles under ``dimension`` (``id``/``size``/``role``);
    * a JSON-stat 2.0 ``bundle`` (named datasets at the top).
    """
    doc = _load(raw, name) if not isinstance(raw, dict) else raw
    if not isinstance(doc, dict):
        raise ParseError(name, "$", f"expected a JSON object, found {type(doc).__name__}")
    cls = doc.get("class")
    if cls == "collection":
        link = doc.get("link")
        items = link.get("item") if isinstance(link, dict) else None
        if not isinstance(items, list):
            raise ParseError(name, "link", "expected key 'item' (the collection's datasets)")
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, dict) or item.get("class", "dataset") != "dataset":
                continue  # collections may list other collections or links; only datasets hold cells
            if "id" not in item:
                href = item.get("href", "")
                raise ParseError(
                    name,
                    f"link.item[{i}]",
                    f"expected an embedded dataset, found only a link ({href}); download the dataset itself",
                )
            key = str(item.get("label") or item.get("href") or f"item{i + 1}")
            out.append(
                (
                    key,
                    from_document(
                        item, lang=lang, name=f"{name}, dataset {i + 1} ({key})", metadata_only=metadata_only
                    ),
                )
            )
        if not out:
            raise ParseError(name, "link.item", "expected at least one dataset in the collection")
        return out
    if cls == "dataset" or ("id" in doc and "size" in doc):
        return [
            (
                str(doc.get("label") or "dataset"),
                from_document(doc, lang=lang, name=name, metadata_only=metadata_only),
            )
        ]
    # JSON-stat 1.0 (and 2.0 bundles): every top-level object with a "dimension" is a dataset
    named = [(k, v) for k, v in doc.items() if isinstance(v, dict) and isinstance(v.get("dimension"), dict)]
    if not named:
        raise ParseError(
            name, "$", "expected key 'id' (a JSON-stat 2.0 dataset), a collection, or JSON-stat 1.0 datasets"
        )
    out = []
    for i, (k, v) in enumerate(named):
        # in a bundle, errors name the dataset: "bundle.json, dataset 2 (forvarvsarbetande), at value[3]: …"
        where = f"{name}, dataset {i + 1} ({k})" if len(named) > 1 else name
        out.append((k, from_document(_from_v1(v, where), lang=lang, name=where, metadata_only=metadata_only)))
    return out


def _from_v1(ds: dict, name: str) -> dict:
    """A JSON-stat 1.0 dataset in 2.0's shape: ``dimension.id``/``size``/``role`` move up a level.
    (A 2.0 dataset in a bundle already has them at its top level.)"""
    if "id" in ds and "size" in ds:
        return ds
    dims = ds["dimension"]
    ids = _req(dims, "id", list, name, "dimension")
    size = _req(dims, "size", list, name, "dimension")
    return {
        **ds,
        "class": "dataset",
        "id": ids,
        "size": size,
        "role": dims.get("role") or {},
        "dimension": {k: v for k, v in dims.items() if k not in ("id", "size", "role")},
    }


def _load(raw: bytes | str, name: str) -> Any:
    doc = _load_cells_apart(raw) if isinstance(raw, bytes) else None
    if doc is not None:
        return doc
    try:
        return json.loads(raw)
    except json.JSONDecodeError as e:
        raise ParseError(name, e.lineno, f"expected valid JSON ({e.msg}, column {e.colno})") from None
    except UnicodeDecodeError:
        raise ParseError(name, None, "expected UTF-8 encoded JSON") from None


# The cells: a "value" array of numbers and nulls only (no strings, no nesting)
_VALUE_ARRAY = re.compile(rb'"value"[ \t\r\n]*:[ \t\r\n]*\[')
_IN_NUMBERS = b"0123456789.eE+-,nul \t\r\n"
_COMMAS = bytes.maketrans(b",", b" ")
_JSON_NUMBER = re.compile(rb"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_CELLS = "\x00spets-cells-"  # stands in for a value array while the rest is parsed


def _load_cells_apart(raw: bytes) -> Any:
    """The document with each dataset's ``value`` array read straight into a float64 array (the PX
    reader's vectorised number scanner) and the rest by ``json.loads``: no Python object per cell,
    which is most of the time and memory json.loads spends on a large file. Other arrays under a
    "value" key (in an extension) become lists again. None when anything is unusual (an array holding
    a token that is no JSON number, a JSON error): the caller then parses the whole file the ordinary
    way, with its messages."""
    arrays: dict[str, np.ndarray] = {}
    spans: dict[str, tuple[int, int]] = {}
    parts: list[bytes] = []
    pos = 0
    for m in _VALUE_ARRAY.finditer(raw):
        end = raw.find(b"]", m.end())
        if end < 0:
            return None
        body = raw[m.end() : end]
        if body.translate(None, _IN_NUMBERS):
            continue  # strings or nested arrays: not a cell array, json.loads reads it
        cells = _cells(body)
        if cells is None:
            return None
        key = f"{_CELLS}{len(arrays)}"
        arrays[key], spans[key] = cells, (m.end(), end)
        parts += [raw[pos : m.start()], b'"value": "\\u0000spets-cells-%d"' % (len(arrays) - 1)]
        pos = end + 1
    if not arrays:
        return None
    parts.append(raw[pos:])
    try:
        doc = json.loads(b"".join(parts))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    left = dict(spans)
    if isinstance(doc, dict):
        link = doc.get("link")
        items = link.get("item") if isinstance(link, dict) else None
        for ds in [doc, *doc.values(), *(items if isinstance(items, list) else [])]:
            if isinstance(ds, dict) and isinstance(ds.get("dimension"), dict):  # a dataset
                placeholder = ds.get("value")
                if isinstance(placeholder, str) and left.pop(placeholder, None) is not None:
                    ds["value"] = arrays[placeholder]
    if left and _restore(doc, left, raw) != len(left):
        return None
    return doc


def _restore(node: Any, left: dict[str, tuple[int, int]], raw: bytes) -> int:
    """Put back, as lists, the arrays set apart that were no dataset's cells; how many were found."""
    found = 0
    pairs = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for k, v in list(pairs):
        if isinstance(v, str) and v in left:
            a, b = left[v]
            node[k] = json.loads(b"[" + raw[a:b] + b"]")
            found += 1
        elif isinstance(v, dict | list):
            found += _restore(v, left, raw)
    return found


def _cells(body: bytes) -> np.ndarray | None:
    """Comma-separated JSON numbers and nulls as float64 (null: NaN); None if any token is neither."""
    if not body.strip():
        return np.empty(0)
    n = body.count(b",") + 1
    values, declined, count = scan_numbers(body.translate(_COMMAS), 0, len(body), n)
    if count != n:  # an empty element ("1,,2") or a missing comma
        return None
    for _first, _off, tok, rows in declined:  # null, exponents, long numbers: once per spelling
        if tok == b"null":
            values[rows] = np.nan
        elif _JSON_NUMBER.fullmatch(tok):
            values[rows] = float(tok)
        else:
            return None
    return values


def _req(obj: Any, key: str, typ: type | tuple[type, ...], name: str, path: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise ParseError(name, path or "$", f"expected key {key!r}")
    v = obj[key]
    if not isinstance(v, typ):
        want = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
        raise ParseError(name, f"{path}.{key}" if path else key, f"expected {want}, found {type(v).__name__}")
    return v


def parse_time(s: Any) -> datetime | None:
    """An ISO 8601 time stamp ('2024-05-21T08:00:00Z') as a naive UTC datetime; None when absent or
    unreadable (PxWeb JSON uses the same field)."""
    if not isinstance(s, str) or not s:
        return None
    try:
        d = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    # one convention across formats (PX times carry no zone): naive, in UTC
    return d.astimezone(UTC).replace(tzinfo=None) if d.tzinfo else d


def from_document(
    doc: Any, *, lang: str = "sv", name: str = "<json-stat>", metadata_only: bool = False
) -> C.Cube:
    if isinstance(doc, dict) and doc.get("class") not in (None, "dataset"):
        raise ParseError(name, "class", f"expected class 'dataset', found {doc.get('class')!r}")
    ids = _req(doc, "id", list, name, "")
    size = _req(doc, "size", list, name, "")
    if len(ids) != len(size):
        raise ParseError(name, "size", f"expected {len(ids)} sizes (one per id), found {len(size)}")
    dims_doc = _req(doc, "dimension", dict, name, "")
    roles: dict[str, str] = {}
    for role, members in (doc.get("role") or {}).items():
        for m in members or []:
            roles[m] = role
    dims: list[C.Dimension] = []
    for d_id, n in zip(ids, size, strict=True):
        path = f"dimension.{d_id}"
        d = _req(dims_doc, d_id, dict, name, "dimension")
        cat = _req(d, "category", dict, name, path)
        index = cat.get("index")
        labels = cat.get("label") or {}
        if index is None:
            if len(labels) != 1 and n != len(labels):
                raise ParseError(name, f"{path}.category", "expected 'index' (or a single 'label')")
            codes = list(labels)
        elif isinstance(index, list):
            codes = [str(c) for c in index]
        elif isinstance(index, dict):
            codes = [""] * len(index)
            for code, pos in index.items():
                if not isinstance(pos, int) or not 0 <= pos < len(index):
                    raise ParseError(name, f"{path}.category.index.{code}", "expected a position 0..n-1")
                codes[pos] = str(code)
        else:
            raise ParseError(name, f"{path}.category.index", "expected an array or an object")
        if len(codes) != n:
            raise ParseError(
                name, f"{path}.category.index", f"expected {n} categories (size), found {len(codes)}"
            )
        role = roles.get(d_id)
        units: dict[str, str] = {}
        decimals: dict[str, int] = {}
        for code, u in (cat.get("unit") or {}).items():
            if isinstance(u, dict):
                units[code] = str(u.get("label") or u.get("base") or u.get("symbol") or "")
                if isinstance(u.get("decimals"), int):
                    decimals[code] = u["decimals"]
        ext = d.get("extension") or {}
        elim = ext.get("elimination", False) if isinstance(ext, dict) else False
        dims.append(
            C.Dimension(
                code=str(d_id),
                codes=codes,
                label={lang: str(d.get("label", d_id))},
                labels={lang: [str(labels.get(c, c)) for c in codes]},
                role=role if role in C.ROLES else None,
                elimination=bool(elim),
                units=units,
                decimals=decimals,
            )
        )
    shape = tuple(len(d) for d in dims)
    total = int(np.prod(shape, dtype=np.int64))
    notes = [str(x) for x in doc.get("note") or []]
    ext = doc.get("extension") or {}
    px = ext.get("px", {}) if isinstance(ext, dict) else {}
    cube = C.Cube(
        dims=dims,
        # placeholders until the cells are read: a broadcast NaN and calloc'ed zeros cost nothing,
        # where np.full would write every cell once for nothing (0.03–0.3 s for 5 million cells)
        values=np.broadcast_to(np.float64(np.nan), shape),
        status=np.zeros(shape, np.uint8),
        table_id=str(px.get("tableid") or doc.get("href", "") or ""),
        title={lang: str(doc.get("label", ""))},
        source=str(doc.get("source", "")),
        updated=parse_time(doc.get("updated")),
        notes=notes,
        language=lang,
        decimals=px.get("decimals") if isinstance(px.get("decimals"), int) else None,
        extra={"extension": ext} if ext else {},
    )
    metric = cube.by_role("metric")
    if metric is None and len({*(u for d in dims for u in d.units.values())}) == 1:
        cube.unit = next(u for d in dims for u in d.units.values())
    # notes at every level become footnotes; PxWeb API v2 flags the ones a user must see
    # (extension.noteMandatory: {"0": true}, per dimension and per category): kept in "mandatory_notes"
    mandatory = [
        notes[int(k)]
        for k in _flags(ext.get("noteMandatory") if isinstance(ext, dict) else None)
        if int(k) < len(notes)
    ]
    for d in dims:
        d_doc = dims_doc[d.code]
        d_ext = d_doc.get("extension") if isinstance(d_doc.get("extension"), dict) else {}
        by_cat_raw = d_ext.get("categoryNoteMandatory")
        by_cat: dict = by_cat_raw if isinstance(by_cat_raw, dict) else {}
        for code, nts in (d_doc.get("category", {}).get("note") or {}).items():
            texts = [str(x) for x in (nts if isinstance(nts, list) else [nts])]
            cube.footnotes[f"{d.code}={code}"] = " ".join(texts)
            mandatory += [texts[int(k)] for k in _flags(by_cat.get(code)) if int(k) < len(texts)]
        d_notes = [str(x) for x in (d_doc.get("note") or [])]
        if d_notes:
            cube.footnotes[d.code] = " ".join(d_notes)
            mandatory += [
                d_notes[int(k)] for k in _flags(d_ext.get("noteMandatory")) if int(k) < len(d_notes)
            ]
    if mandatory:
        cube.extra["mandatory_notes"] = mandatory
    if "value" not in doc:
        if metadata_only:
            cube.values = np.full(shape, np.nan)
            cube.status[...] = C.NOT_AVAILABLE
            return cube
        raise ParseError(name, "$", "expected key 'value'")
    cube.values = _values(doc["value"], total, name).reshape(shape)
    flat_status = _status(doc.get("status"), total, cube, name)
    flat_status[np.isnan(cube.values.ravel()) & (flat_status == C.OK)] = C.NOT_AVAILABLE
    cube.status = flat_status.reshape(shape)
    return cube


def _flags(flags: Any) -> list[str]:
    """The note indices flagged true in ``{"0": true, "2": false}`` (PxWeb's noteMandatory)."""
    if not isinstance(flags, dict):
        return []
    return [k for k, v in flags.items() if v is True and str(k).isdigit()]


def _values(v: Any, total: int, name: str) -> np.ndarray:
    if isinstance(v, np.ndarray):  # read by _load_cells_apart
        if v.size != total:
            raise ParseError(name, "value", f"expected {total} values (product of size), found {v.size}")
        return v
    if isinstance(v, list):
        if len(v) != total:
            raise ParseError(name, "value", f"expected {total} values (product of size), found {len(v)}")
        try:
            return np.array(v, dtype=np.float64)  # None -> NaN
        except (TypeError, ValueError):
            for i, x in enumerate(v):
                if x is not None and not isinstance(x, int | float):
                    raise ParseError(name, f"value[{i}]", f"expected a number or null, found {x!r}") from None
            raise
    if isinstance(v, dict):
        out = np.full(total, np.nan)
        for k, x in v.items():
            if not k.isdigit() or int(k) >= total:
                raise ParseError(name, f"value.{k}", f"expected a cell index 0..{total - 1}")
            if x is not None:
                if not isinstance(x, int | float):
                    raise ParseError(name, f"value.{k}", f"expected a number or null, found {x!r}")
                out[int(k)] = x
        return out
    raise ParseError(name, "value", f"expected an array or an object, found {type(v).__name__}")


def _status(s: Any, total: int, cube: C.Cube, name: str) -> np.ndarray:
    out = np.zeros(total, np.uint8)
    if s is None:
        return out
    if isinstance(s, str):
        out[:] = cube.status_code_for(s) if s else C.OK
        return out
    if isinstance(s, dict) and isinstance(s.get("value"), list) and not any(str(k).isdigit() for k in s):
        # Eurostat's former JSON web service (wsVersion V1_1, retired in 2023) wrapped the statuses like a
        # dimension: {"value": [":", null, …], "category": {"label": {":": "not available"}}}
        return _status(s["value"], total, cube, name)
    if isinstance(s, dict):
        keys = list(s)
        if all(map(str.isdigit, keys)):
            idx = np.fromiter(map(int, keys), np.int64, len(keys))
            if not idx.size or idx.max() < total:
                # one vectorised assignment per distinct symbol, in order of first appearance (custom
                # status codes are numbered in that order), instead of a Python step per cell
                syms = [str(x) if x else "" for x in s.values()]
                arr = np.array(syms)
                for sym in dict.fromkeys(syms):
                    if sym:
                        out[idx[arr == sym]] = cube.status_code_for(sym)
                return out
        for k, sym in s.items():  # a bad key: the loop names it
            if not k.isdigit() or int(k) >= total:
                raise ParseError(name, f"status.{k}", f"expected a cell index 0..{total - 1}")
            if sym:
                out[int(k)] = cube.status_code_for(str(sym))
        return out
    if isinstance(s, list):
        if len(s) == 1:
            return _status(s[0], total, cube, name)
        if len(s) != total:
            raise ParseError(name, "status", f"expected 1 or {total} statuses, found {len(s)}")
        arr = np.array(s, dtype=object)
        for sym in set(s):  # few distinct symbols: one vectorised compare each
            if sym:
                out[arr == sym] = cube.status_code_for(str(sym))
        return out
    raise ParseError(name, "status", f"expected a string, array or object, found {type(s).__name__}")


def to_jsonstat(cube: C.Cube, *, lang: str | None = None) -> dict:
    """A JSON-stat 2.0 dataset for ``cube`` (status as a sparse object, NaN as null)."""
    lang = lang or cube.language
    roles: dict[str, list[str]] = {}
    dims = {}
    for d in cube.dims:
        if d.role:
            roles.setdefault(d.role, []).append(d.code)
        labels = d.labels.get(lang) or d.codes
        cat: dict[str, Any] = {
            "index": {c: i for i, c in enumerate(d.codes)},
            "label": dict(zip(d.codes, labels, strict=True)),
        }
        if d.units:
            cat["unit"] = {
                c: {"label": u, **({"decimals": d.decimals[c]} if c in d.decimals else {})}
                for c, u in d.units.items()
            }
        dims[d.code] = {"label": d.label.get(lang, d.code), "category": cat}
    flat_v, flat_s = cube.values.ravel(), cube.status.ravel()
    values = [
        None if v != v else (int(v) if float(v).is_integer() and abs(v) < 2**53 else float(v))
        for v in flat_v.tolist()
    ]
    status = {str(i): cube.symbol(int(flat_s[i])) for i in np.flatnonzero(flat_s).tolist()}
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": cube.title.get(lang, ""),
        "source": cube.source,
        "id": [d.code for d in cube.dims],
        "size": list(cube.shape),
        "dimension": dims,
        "value": values,
    }
    if cube.updated:
        doc["updated"] = cube.updated.isoformat()
    if roles:
        doc["role"] = roles
    if status:
        doc["status"] = status
    if cube.notes:
        doc["note"] = list(cube.notes)
    if cube.table_id:
        doc["extension"] = {"px": {"tableid": cube.table_id}}
    return doc
