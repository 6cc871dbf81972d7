"""CSV as SCB's statistical database exports it.

Shapes seen in the wild: an optional title line, then a header such as
``region;sni;2019;2020`` (semicolon, comma or tab), period columns possibly prefixed by the
content label (``Förvärvsarbetande 2019``), values as ``"0114 Upplands Väsby"`` (code +
label), decimal comma with the semicolon/tab variants, a UTF-8 BOM or latin-1 text.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from . import cube as C
from .errors import ParseError

_PERIOD = re.compile(r"^(?P<prefix>.*?)\s*(?P<period>\d{4}(?:[MKQ]\d{1,2}|-\d{2,4})?)$")
_CODE_LABEL = re.compile(r"^(?P<code>[0-9A-Z][0-9A-Z+\-.]*)\s+(?P<label>\S.*)$")
_SYMBOLS = {"..": C.NOT_AVAILABLE, ".": C.NOT_APPLICABLE, "-": C.ZERO, "...": C.CONFIDENTIAL}
_GEO = {"region", "kommun", "län", "county", "municipality"}


def read_scb_csv(path: str | Path, **kw) -> C.Cube:
    p = Path(path)
    return parse_scb_csv(p.read_bytes(), name=kw.pop("name", p.name), **kw)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict") if b"\x81" not in raw else raw.decode("latin-1")


def parse_scb_csv(
    raw: bytes,
    *,
    name: str = "<csv>",
    lang: str = "sv",
    table_id: str = "",
    dim_codes: Mapping[str, str] | None = None,
    time_code: str = "Tid",
) -> C.Cube:
    """Parse an SCB CSV export into a cube (dims = leading columns [+ ContentsCode] + time)."""
    text = _decode(raw, name)
    lines = text.splitlines()
    start = next((i for i in range(len(lines)) if _looks_like_header(lines, i)), None)
    if start is None:
        raise ParseError(name, 1, "expected a header line with at least one period column (e.g. 2019)")
    header_line = lines[start]
    delim = ";" if ";" in header_line else ("\t" if "\t" in header_line else ",")
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delim, quotechar='"')
    header = [h.strip() for h in next(reader)]
    rows = [r for r in reader if r and any(c.strip() for c in r)]
    first_row = next((r for r in rows if len(r) == len(header)), [])
    # Period columns: the trailing run of headers that look like periods *and* hold numbers
    # (a dimension header such as "näringsgren SNI 2007" also ends in a year).
    first_period = len(header)
    while (
        first_period > 0
        and _PERIOD.match(header[first_period - 1])
        and (not first_row or _is_value(first_row[first_period - 1]))
    ):
        first_period -= 1
    if first_period == len(header):
        raise ParseError(name, start + 1, "expected period columns (e.g. 2019) at the end of the header")
    if first_period == 0:
        raise ParseError(name, start + 1, "expected at least one dimension column before the period columns")
    periods, prefixes = [], []
    for i, h in enumerate(header[first_period:], start=first_period):
        m = _PERIOD.match(h)
        if not m:
            raise ParseError(
                name, start + 1, f"expected a period column header, found {h!r} (column {i + 1})"
            )
        periods.append(m["period"])
        prefixes.append(m["prefix"])
    decimal_comma = delim != ","
    dim_codes = dim_codes or {}
    key_cols = header[:first_period]
    seen: list[dict[str, int]] = [{} for _ in key_cols]
    raw_rows = []
    line_of = _row_lines(lines, start)
    for k, row in enumerate(rows):
        lineno = line_of[k] if k < len(line_of) else start + 2 + k
        if len(row) != len(header):
            if len(row) == 1:  # footer text such as "Källa: SCB"
                continue
            raise ParseError(name, lineno, f"expected {len(header)} fields, found {len(row)}")
        idx = [seen[k].setdefault(row[k].strip(), len(seen[k])) for k in range(len(key_cols))]
        raw_rows.append((lineno, idx, row[first_period:]))
    metrics = list(dict.fromkeys(prefixes))
    times = list(dict.fromkeys(periods))
    dims = []
    for col, values in zip(key_cols, seen, strict=True):
        vals = list(values)
        split = [_CODE_LABEL.match(v) for v in vals]
        if vals and all(split):
            codes, labels = [m["code"] for m in split], [m["label"] for m in split]  # type: ignore[index]
        else:
            codes, labels = vals, vals
        dims.append(
            C.Dimension(
                code=dim_codes.get(col, col),
                codes=codes,
                label={lang: col},
                labels={lang: labels},
                role="geo" if col.lower() in _GEO else None,
            )
        )
    has_metric = len(metrics) > 1 or (metrics and metrics[0])
    if has_metric:
        dims.append(
            C.Dimension(
                code="ContentsCode",
                codes=metrics,
                label={lang: "tabellinnehåll"},
                labels={lang: metrics},
                role="metric",
            )
        )
    dims.append(
        C.Dimension(code=time_code, codes=times, label={lang: "år"}, labels={lang: times}, role="time")
    )
    out = C.empty(
        dims, table_id=table_id, language=lang, title={lang: lines[0].strip().strip('"')} if start > 0 else {}
    )
    out.status[...] = C.NOT_AVAILABLE
    col_pos = [
        ((metrics.index(p),) if has_metric else ()) + (times.index(t),)
        for p, t in zip(prefixes, periods, strict=True)
    ]
    for lineno, idx, cells in raw_rows:
        for j, cell in enumerate(cells):
            s = cell.strip().replace("\u00a0", "").replace(" ", "")
            pos = (*idx, *col_pos[j])
            if s in _SYMBOLS or s == "":
                out.status[pos] = _SYMBOLS.get(s, C.NOT_AVAILABLE)
                continue
            if decimal_comma:
                s = s.replace(",", ".")
            try:
                out.values[pos] = float(s)
                out.status[pos] = C.OK
            except ValueError:
                raise ParseError(
                    name,
                    lineno,
                    f"expected a number or a symbol in column {header[first_period + j]!r}, found {cell!r}",
                ) from None
    if np.all(out.status == C.NOT_AVAILABLE) and out.size:
        raise ParseError(name, start + 2, "expected at least one data row")
    return out


def _is_value(cell: str) -> bool:
    s = cell.strip().replace("\u00a0", "").replace(" ", "")
    return s in _SYMBOLS or s == "" or re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?", s) is not None


def _row_lines(lines: list[str], start: int) -> list[int]:
    """1-based line numbers of the non-empty lines after the header (csv rows, one per line)."""
    return [i + 1 for i in range(start + 1, len(lines)) if lines[i].strip()]


def _fields(line: str) -> list[str]:
    delim = ";" if ";" in line else ("\t" if "\t" in line else ",")
    return [f.strip().strip('"') for f in next(csv.reader([line], delimiter=delim))]


def _looks_like_header(lines: list[str], i: int) -> bool:
    """Header = trailing period columns, and the next non-empty line has as many fields."""
    fields = _fields(lines[i]) if lines[i].strip() else []
    if len(fields) < 2 or _PERIOD.match(fields[0]) or not _PERIOD.match(fields[-1]):
        return False
    nxt = next((ln for ln in lines[i + 1 :] if ln.strip()), None)
    return nxt is not None and len(_fields(nxt)) == len(fields)
