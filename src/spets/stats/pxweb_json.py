"""PxWeb's plain JSON response (``response.format = json``): ``columns``, ``data``, ``comments``.

Rows carry codes only (no labels); pass ``labels`` from the table's metadata to keep them.
Content columns (type ``c``) become a metric dimension called ``ContentsCode``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from . import cube as C
from .errors import ParseError
from .jsonstat import parse_time

_SYMBOLS = {"..": C.NOT_AVAILABLE, ".": C.NOT_APPLICABLE, "-": C.ZERO, "...": C.CONFIDENTIAL}


def read_pxweb_json(path: str | Path, **kw: Any) -> C.Cube:
    p = Path(path)
    return parse_pxweb_json(p.read_bytes(), name=kw.pop("name", p.name), **kw)


def parse_pxweb_json(
    raw: bytes | str,
    *,
    name: str = "<pxweb-json>",
    lang: str = "sv",
    labels: Mapping[str, Mapping[str, str]] | None = None,
    table_id: str = "",
) -> C.Cube:
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ParseError(name, e.lineno, f"expected valid JSON ({e.msg}, column {e.colno})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("columns"), list):
        raise ParseError(name, "columns", "expected an object with a 'columns' array")
    if not isinstance(doc.get("data"), list):
        raise ParseError(name, "data", "expected a 'data' array")
    labels = labels or {}
    key_cols: list[dict] = []
    content_cols: list[dict] = []
    for i, col in enumerate(doc["columns"]):
        if not isinstance(col, dict) or "code" not in col:
            raise ParseError(name, f"columns[{i}]", "expected an object with 'code'")
        (content_cols if col.get("type") == "c" else key_cols).append(col)
    if not content_cols:
        raise ParseError(name, "columns", "expected at least one content column (type 'c')")
    seen: list[dict[str, int]] = [{} for _ in key_cols]
    rows = []
    for r, row in enumerate(doc["data"]):
        key, vals = (row.get("key"), row.get("values")) if isinstance(row, dict) else (None, None)
        if not isinstance(key, list) or len(key) != len(key_cols):
            raise ParseError(name, f"data[{r}].key", f"expected {len(key_cols)} key codes")
        if not isinstance(vals, list) or len(vals) != len(content_cols):
            raise ParseError(name, f"data[{r}].values", f"expected {len(content_cols)} values")
        idx = []
        for k, code in enumerate(key):
            idx.append(seen[k].setdefault(str(code), len(seen[k])))
        rows.append((idx, vals, r))
    dims = []
    for col, codes in zip(key_cols, seen, strict=True):
        code = str(col["code"])
        lab = labels.get(code, {})
        dims.append(
            C.Dimension(
                code=code,
                codes=list(codes),
                label={lang: str(col.get("text", code))},
                labels={lang: [lab.get(c, c) for c in codes]},
                role="time" if col.get("type") == "t" else ("geo" if code.lower() == "region" else None),
            )
        )
    cc = [str(c["code"]) for c in content_cols]
    dims.append(
        C.Dimension(
            code="ContentsCode",
            codes=cc,
            label={lang: "tabellinnehåll"},
            labels={lang: [str(c.get("text", c["code"])) for c in content_cols]},
            role="metric",
            units={str(c["code"]): str(c["unit"]) for c in content_cols if c.get("unit")},
        )
    )
    meta = (doc.get("metadata") or [{}])[0] if isinstance(doc.get("metadata"), list) else {}
    out = C.empty(
        dims,
        table_id=table_id,
        title={lang: str(meta.get("label", ""))},
        source=str(meta.get("source", "")),
        updated=parse_time(meta.get("updated")),
        language=lang,
    )
    for idx, vals, r in rows:
        for j, v in enumerate(vals):
            cell = (*idx, j)
            s = str(v).strip() if v is not None else ".."
            if s in _SYMBOLS:
                out.status[cell] = _SYMBOLS[s]
                continue
            try:
                out.values[cell] = float(s)
                out.status[cell] = C.OK
            except ValueError:
                raise ParseError(
                    name, f"data[{r}].values[{j}]", f"expected a number or a symbol, found {s!r}"
                ) from None
    for c in doc.get("comments") or []:
        if isinstance(c, dict) and c.get("comment"):
            out.footnotes[f"{c.get('variable')}={c.get('value')}"] = str(c["comment"])
    for c in content_cols:
        if c.get("comment"):
            out.footnotes[f"ContentsCode={c['code']}"] = str(c["comment"])
    if out.size and np.all(out.status == C.NOT_AVAILABLE):
        out.notes.append("response contained no values")
    return out
