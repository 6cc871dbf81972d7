"""PC-Axis (.px) reader.

A PX file is a header of ``KEYWORD[lang]("sub","keys")=value;`` statements followed by
``DATA=`` and the numbers in row-major order (stub variables first, heading variables
last, the last heading variable varying fastest). Only the header is tokenised in Python;
the DATA section is split with ``bytes.split`` and converted by numpy, because a
5-million-cell table would otherwise cost millions of Python objects per pass.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from . import cube as C
from .errors import ParseError

_DATA_RE = re.compile(rb"(?:\A|;)\s*DATA\s*=")
_CODEPAGE_RE = re.compile(rb'CODEPAGE\s*=\s*"([^"]+)"')
_CHARSET_RE = re.compile(rb'CHARSET\s*=\s*"([^"]+)"')
_TOKEN_RE = re.compile(r'"(?P<s>[^"]*)"|(?P<w>[^\s"=;,()\[\]]+)|(?P<p>[=;,()\[\]])|(?P<ws>\s+)|(?P<bad>")')
_SYMBOLS = {
    b"..": C.NOT_AVAILABLE, b".": C.NOT_APPLICABLE, b"-": C.ZERO, b"...": C.CONFIDENTIAL,
    b"....": C.SYMBOL4, b".....": C.SYMBOL5, b"......": C.SYMBOL6,
}
_TIME_NAMES = {"tid", "time", "år", "year", "period"}
_GEO_NAMES = {"region", "kommun", "län", "lan", "county", "municipality", "geo"}


@dataclass
class _Stmt:
    keyword: str
    lang: str | None
    subkeys: tuple[str, ...]
    items: list[tuple[str, str]]  # ("s", text) | ("w", word) | ("p", punct)
    line: int

    def strings(self) -> list[str]:
        """The value as a list: adjacent strings concatenate (line continuation), commas split."""
        out: list[str] = []
        cur: str | None = None
        for kind, text in self.items:
            if kind == "p" and text == ",":
                if cur is not None:
                    out.append(cur)
                cur = None
            elif kind in ("s", "w"):
                cur = text if cur is None else cur + text
        if cur is not None:
            out.append(cur)
        return out

    def scalar(self) -> str:
        vals = self.strings()
        return vals[0] if vals else ""


def read_px(path: str | Path, *, name: str | None = None) -> C.Cube:
    """Parse a PX file from disk into a Cube."""
    p = Path(path)
    return parse_px(p.read_bytes(), name=name or p.name)


def parse_px(raw: bytes, *, name: str = "<px>") -> C.Cube:
    """Parse PX bytes. Raises ParseError naming ``name``, the line and what was expected."""
    m = _DATA_RE.search(raw)
    if m is None:
        raise ParseError(name, raw.count(b"\n") + 1, "expected a DATA= keyword; none found")
    head_end = m.end()
    encoding = _encoding(raw[: m.start() + 1])
    try:
        head = raw[: m.start() + 1].decode(encoding)
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ParseError(name, line, f"expected text in {encoding} (from CODEPAGE/CHARSET)") from None
    if head.startswith("\ufeff"):
        head = head[1:]
    stmts = _statements(head, name)
    data_line = raw[:head_end].count(b"\n") + 1
    return _build(stmts, raw, head_end, data_line, encoding, name)


def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    m = _CODEPAGE_RE.search(head)
    if m:
        cp = m.group(1).decode("ascii", "replace").strip().lower()
        try:
            return codecs.lookup(cp).name
        except LookupError:
            pass
    m = _CHARSET_RE.search(head)
    if m and m.group(1).strip().upper() == b"ANSI":
        return "cp1252"
    return "iso-8859-1"  # the format's documented default


def _statements(text: str, name: str) -> list[_Stmt]:
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(line_starts, pos)

    toks: list[tuple[str, str, int]] = []
    for mt in _TOKEN_RE.finditer(text):
        kind = mt.lastgroup or ""
        if kind == "ws":
            continue
        if kind == "bad":
            raise ParseError(name, line_of(mt.start()), "expected a closing '\"' for this string")
        toks.append((kind, mt.group(kind), mt.start()))
    stmts: list[_Stmt] = []
    i, n = 0, len(toks)

    def expect(cond: bool, what: str, at: int) -> None:
        if not cond:
            found = repr(toks[at][1]) if at < n else "end of header"
            pos = toks[at][2] if at < n else len(text)
            raise ParseError(name, line_of(pos), f"expected {what}, found {found}")

    while i < n:
        expect(toks[i][0] == "w", "a keyword", i)
        kw, start = toks[i][1].upper(), toks[i][2]
        i += 1
        lang = None
        if i < n and toks[i][1] == "[" and toks[i][0] == "p":
            expect(i + 2 < n and toks[i + 1][0] == "w" and toks[i + 2][1] == "]",
                   f"a language code and ']' after {kw}[", i + 1)
            lang = toks[i + 1][1]
            i += 3
        subkeys: list[str] = []
        if i < n and toks[i][1] == "(" and toks[i][0] == "p":
            i += 1
            while i < n and toks[i][1] != ")":
                if toks[i][0] == "s":
                    subkeys.append(toks[i][1])
                else:
                    expect(toks[i][1] == ",", f"quoted names inside {kw}(...)", i)
                i += 1
            expect(i < n, f"')' closing {kw}(", i)
            i += 1
        expect(i < n and toks[i][1] == "=" and toks[i][0] == "p", f"'=' after keyword {kw}", i)
        i += 1
        items: list[tuple[str, str]] = []
        while i < n and not (toks[i][0] == "p" and toks[i][1] == ";"):
            items.append((toks[i][0], toks[i][1]))
            i += 1
        expect(i < n, f"';' ending the value of {kw}", i)
        i += 1
        stmts.append(_Stmt(kw, lang, tuple(subkeys), items, line_of(start)))
    return stmts


def _timeval(st: _Stmt) -> tuple[str, list[str]]:
    """TIMEVAL("Tid")=TLIST(A1),"2019","2020"  or  TLIST(A1, "2019"-"2022")."""
    items = st.items
    if not items or items[0][1].upper() != "TLIST":
        return "", st.strings()
    depth = 0
    inner: list[tuple[str, str]] = []
    rest: list[tuple[str, str]] = []
    for kind, text in items[1:]:
        if kind == "p" and text == "(":
            depth += 1
            continue
        if kind == "p" and text == ")":
            depth -= 1
            continue
        (inner if depth > 0 else rest).append((kind, text))
    unit = inner[0][1] if inner else ""
    periods = [t for k, t in rest if k == "s"]
    strs = [t for k, t in inner if k == "s"]
    if len(strs) == 2 and any(t == "-" for _, t in inner) and unit.startswith("A"):
        periods = [str(y) for y in range(int(strs[0]), int(strs[1]) + 1)]
    return unit, periods


def _parse_updated(s: str) -> datetime | None:
    for fmt in ("%Y%m%d %H:%M", "%Y%m%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y%m%d"):
        try:
            return datetime.strptime(s.strip(), fmt)
        except ValueError:
            continue
    return None


def _build(stmts: list[_Stmt], raw: bytes, head_end: int, data_line: int, enc: str, name: str) -> C.Cube:
    main_lang = next((s.scalar() for s in stmts if s.keyword == "LANGUAGE" and s.lang is None), "sv")
    langs = next((s.strings() for s in stmts if s.keyword == "LANGUAGES"), [main_lang])
    by: dict[tuple[str, str], list[_Stmt]] = {}
    for s in stmts:
        by.setdefault((s.keyword, s.lang or main_lang), []).append(s)

    def one(kw: str, lang: str = main_lang) -> _Stmt | None:
        got = by.get((kw, lang))
        return got[0] if got else None

    stub_st, head_st = one("STUB"), one("HEADING")
    stub = stub_st.strings() if stub_st else []
    heading = head_st.strings() if head_st else []
    if not stub and not heading:
        raise ParseError(name, stmts[0].line if stmts else 1, "expected STUB or HEADING naming the variables")
    varnames = stub + heading
    # Variable names differ per language; position in STUB+HEADING links them.
    names_in: dict[str, list[str]] = {main_lang: varnames}
    for lg in langs:
        if lg == main_lang:
            continue
        s_, h_ = one("STUB", lg), one("HEADING", lg)
        alt = (s_.strings() if s_ else []) + (h_.strings() if h_ else [])
        if len(alt) == len(varnames):
            names_in[lg] = alt

    def keyed(kw: str, lang: str) -> dict[str, _Stmt]:
        return {s.subkeys[0]: s for s in by.get((kw, lang), []) if s.subkeys}

    contvar = one("CONTVARIABLE")
    contvar_name = contvar.scalar() if contvar else None
    timevals = keyed("TIMEVAL", main_lang)
    maps = keyed("MAP", main_lang)
    varcodes = keyed("VARIABLECODE", main_lang)
    values_kw = {lg: keyed("VALUES", lg) for lg in names_in}
    codes_kw = keyed("CODES", main_lang)
    elim = keyed("ELIMINATION", main_lang)
    dims: list[C.Dimension] = []
    for pos, var in enumerate(varnames):
        vst = values_kw[main_lang].get(var)
        if vst is None:
            where = (stub_st or head_st).line  # type: ignore[union-attr]
            raise ParseError(name, where, f'expected VALUES("{var}") for variable {var!r}')
        vals = vst.strings()
        cst = codes_kw.get(var)
        codes = cst.strings() if cst else list(vals)
        if len(codes) != len(vals):
            raise ParseError(name, cst.line if cst else vst.line,
                             f'expected {len(vals)} CODES for "{var}", found {len(codes)}')
        labels = {main_lang: vals}
        dim_label = {main_lang: var}
        for lg, names in names_in.items():
            if lg == main_lang:
                continue
            alt_st = values_kw[lg].get(names[pos])
            if alt_st is not None and len(alt_st.strings()) == len(vals):
                labels[lg] = alt_st.strings()
                dim_label[lg] = names[pos]
        role = None
        if var in timevals or var.lower() in _TIME_NAMES:
            role = "time"
        elif var == contvar_name:
            role = "metric"
        elif var in maps or var.lower() in _GEO_NAMES:
            role = "geo"
        el: bool | str = False
        if var in elim:
            ev = elim[var].scalar()
            el = True if ev.upper() == "YES" else (False if ev.upper() == "NO" else
                                                   codes[vals.index(ev)] if ev in vals else ev)
        code = varcodes[var].scalar() if var in varcodes else var
        dims.append(C.Dimension(code=code, codes=codes, label=dim_label, labels=labels, role=role,
                                elimination=el))
    metric = next((d for d in dims if d.role == "metric"), None)
    if metric is not None:
        # UNITS("value text")=... and DECIMALS/PRECISION per content value
        vals = metric.labels[main_lang]
        for s in by.get(("UNITS", main_lang), []):
            if s.subkeys and s.subkeys[0] in vals:
                metric.units[metric.codes[vals.index(s.subkeys[0])]] = s.scalar()
    units_st = next((s for s in by.get(("UNITS", main_lang), []) if not s.subkeys), None)
    dec_st = one("DECIMALS") or one("SHOWDECIMALS")
    upd = [s for s in by.get(("LAST-UPDATED", main_lang), [])]
    updated = max((d for d in (_parse_updated(s.scalar()) for s in upd) if d), default=None)
    title = {lg: t.scalar() for lg in names_in if (t := one("TITLE", lg))}
    contents = one("CONTENTS")
    if not title and contents:
        title[main_lang] = contents.scalar()
    matrix = one("MATRIX")
    tableid = one("TABLEID")
    src = one("SOURCE")
    notes = [s.scalar() for kw in ("NOTE", "NOTEX") for s in by.get((kw, main_lang), []) if not s.subkeys]
    footnotes = {}
    for kw in ("NOTE", "NOTEX", "VALUENOTE", "VALUENOTEX", "CELLNOTE", "CELLNOTEX"):
        for s in by.get((kw, main_lang), []):
            if s.subkeys:
                footnotes[f"{kw}({','.join(s.subkeys)})"] = s.scalar()
    cube = C.Cube(
        dims=dims,
        values=np.empty([len(d) for d in dims]),
        status=np.zeros([len(d) for d in dims], np.uint8),
        table_id=(tableid.scalar() if tableid else "") or (matrix.scalar() if matrix else ""),
        title=title,
        source=src.scalar() if src else "",
        updated=updated,
        unit=units_st.scalar() if units_st else "",
        decimals=int(dec_st.scalar()) if dec_st and dec_st.scalar().isdigit() else None,
        notes=notes,
        footnotes=footnotes,
        language=main_lang,
        extra={"languages": langs, "encoding": enc, "matrix": matrix.scalar() if matrix else ""},
    )
    keys = keyed("KEYS", main_lang)
    end = raw.rfind(b";")
    body = raw[head_end:end if end >= head_end else len(raw)]
    if keys:
        _fill_keys(cube, body, keys, stub, enc, name, data_line)
    else:
        _fill_dense(cube, body, name, data_line, raw, head_end)
    _apply_datanotecell(cube, by.get(("DATANOTECELL", main_lang), []), main_lang)
    return cube


def _fill_dense(cube: C.Cube, body: bytes, name: str, data_line: int, raw: bytes, head_end: int) -> None:
    values, bad, starts, ends = parse_numbers(body)
    if len(values) != cube.size:
        raise ParseError(name, data_line, f"expected {cube.size} DATA values "
                         f"(product of the variables' value counts), found {len(values)}")
    status = np.zeros(len(values), np.uint8)
    # The few tokens the vector parser declined: symbols, exponents, very long numbers.
    for i in np.flatnonzero(bad).tolist():
        tok = body[starts[i]:ends[i] + 1]
        code = _SYMBOLS.get(tok.strip(b'"'))
        if code is None and tok[:1] == b'"' and tok[-1:] == b'"' and len(tok) > 1:
            code = cube.status_code_for(tok[1:-1].decode("latin-1"))
        if code is not None:
            status[i] = code
            values[i] = np.nan
            continue
        try:
            values[i] = float(tok)
        except ValueError:
            line = raw[: head_end + int(starts[i])].count(b"\n") + 1
            raise ParseError(name, line, f"expected a number or a symbol like \"..\", found {tok[:40]!r}") from None
    cube.values = values.reshape(cube.shape)
    cube.status = status.reshape(cube.shape)


def parse_numbers(body: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Whitespace-separated decimal numbers -> (values, declined mask, token starts, ends).

    Vectorised over tokens, one pass per character column (Horner's rule on int64): value =
    digits as an integer / 10**(digits after the point), exact for up to 15 digits and the
    same double ``float()`` gives. Tokens it cannot read this way (symbols, exponents, longer
    numbers) are flagged for the caller to handle one by one.
    """
    b = np.frombuffer(body + b" ", np.uint8)  # trailing space: every token has an end
    ws = b <= 32  # space, tab, CR, LF (and other control characters)
    edge = np.empty(b.size + 1, bool)  # token edges: where "is whitespace" flips
    edge[0] = not ws[0]
    edge[-1] = False
    np.not_equal(ws[1:], ws[:-1], out=edge[1:-1])
    flips = np.flatnonzero(edge)
    del edge, ws
    starts, ends = flips[0::2], flips[1::2] - 1
    n = len(starts)
    if n == 0:
        return np.zeros(0), np.zeros(0, bool), starts, ends
    lens = (ends - starts + 1).astype(np.int32)
    acc = np.zeros(n, np.int64)
    frac = np.zeros(n, np.int8)
    ndig = np.zeros(n, np.int8)
    dots = np.zeros(n, np.int8)
    bad = lens > 17
    neg = b[starts] == 45  # '-'
    lead = neg | (b[starts] == 43)  # '+' or '-'
    pos = starts.copy()
    for col in range(int(min(lens.max(), 17))):
        active = lens > col
        d = b[pos] - np.uint8(48)  # wraps for non-digits, so "d < 10" is the digit test
        isdig = (d < 10) & active
        np.multiply(acc, 10, out=acc, where=isdig)  # in place: no temporaries per column
        np.add(acc, d, out=acc, where=isdig, casting="unsafe")
        np.add(ndig, 1, out=ndig, where=isdig)
        if col:
            np.add(frac, 1, out=frac, where=isdig & (dots > 0))
        isdot = (d == np.uint8(254)) & active  # "." is 46, i.e. 46 - 48 wrapped
        dots += isdot
        other = active & ~isdig & ~isdot
        if col == 0:
            other &= ~lead
        bad |= other
        pos += 1
        np.minimum(pos, b.size - 1, out=pos)
    bad |= (ndig == 0) | (ndig > 15) | (dots > 1)
    value = acc.astype(np.float64)
    has_frac = frac > 0
    value[has_frac] /= np.power(10.0, frac[has_frac])  # one correctly rounded division
    value[neg] *= -1
    return value, bad, starts, ends


def _fill_keys(cube: C.Cube, body: bytes, keys: dict[str, _Stmt], stub: list[str], enc: str, name: str,
               data_line: int) -> None:
    """KEYS layout: each row starts with the stub variables' keys, then the heading values.

    Rows left out are, per the PX specification, rows without data: we mark them "-"
    (zero/none) rather than writing a 0 into the value array.
    """
    text = body.decode(enc)
    nkeys = len(stub)
    if any(v not in keys for v in stub):
        missing = [v for v in stub if v not in keys]
        raise ParseError(name, data_line, f"expected KEYS for every stub variable, missing {missing}")
    lookups = []
    for d, var in zip(cube.dims, stub, strict=False):
        use_codes = keys[var].scalar().upper() == "CODES"
        seq = d.codes if use_codes else d.labels[cube.language]
        lookups.append({v: i for i, v in enumerate(seq)})
    row_len = int(np.prod(cube.shape[nkeys:], dtype=np.int64)) if nkeys < len(cube.dims) else 1
    values = np.full(cube.size, np.nan)
    status = np.full(cube.size, C.ZERO, np.uint8)
    strides = np.cumprod([1, *cube.shape[::-1]])[::-1][1:]
    line = data_line
    for lno, row in enumerate(text.splitlines()):
        toks = re.findall(r'"[^"]*"|\S+', row)
        if not toks:
            continue
        line = data_line + lno
        if len(toks) != nkeys + row_len:
            raise ParseError(name, line, f"expected {nkeys} keys and {row_len} values in this KEYS row, "
                             f"found {len(toks)} items")
        base = 0
        for k in range(nkeys):
            key = toks[k].strip('"')
            try:
                base += lookups[k][key] * int(strides[k])
            except KeyError:
                raise ParseError(name, line, f"expected a {keys[stub[k]].scalar()} value of {stub[k]!r}, "
                                 f"found {key!r}") from None
        for j, t in enumerate(toks[nkeys:]):
            sym = t.strip('"')
            if sym in ("..", ".", "-", "...", "....", ".....", "......"):
                status[base + j] = _SYMBOLS[sym.encode()]
                continue
            try:
                values[base + j] = float(t)
                status[base + j] = C.OK
            except ValueError:
                if t.startswith('"'):
                    status[base + j] = cube.status_code_for(sym)
                else:
                    raise ParseError(name, line, f"expected a number or a symbol, found {t[:40]!r}") from None
    cube.values = values.reshape(cube.shape)
    cube.status = status.reshape(cube.shape)


def _apply_datanotecell(cube: C.Cube, stmts: list[_Stmt], lang: str) -> None:
    """DATANOTECELL("*","2019",...)="B": a footnote marker on plain numbers ("*" = any value)."""
    for s in stmts:
        if len(s.subkeys) != len(cube.dims):
            continue
        idx: list[int | slice] = []
        for d, key in zip(cube.dims, s.subkeys, strict=True):
            if key == "*":
                idx.append(slice(None))
            else:
                seq = d.labels.get(lang, d.codes)
                idx.append(seq.index(key) if key in seq else d.index(key))
        marker = s.scalar()
        code = cube.status_code_for(marker)
        sub = cube.status[tuple(idx)]
        # a symbol already says more than a footnote marker; mark only plain numbers
        cube.status[tuple(idx)] = np.where(sub == C.OK, code, sub)


_SYMBOL_OUT = {C.NOT_AVAILABLE: '".."', C.NOT_APPLICABLE: '"."', C.ZERO: '"-"', C.CONFIDENTIAL: '"..."',
               C.SYMBOL4: '"...."', C.SYMBOL5: '"....."', C.SYMBOL6: '"......"', C.PARTIAL: '".."'}


def _q(s: str) -> str:
    return '"' + s.replace('"', "'") + '"'


def dump_px(cube: C.Cube, *, codepage: str = "utf-8", per_line: int = 12) -> bytes:
    """Write a dense PX file (all dims in STUB except the last, which is the HEADING).

    Footnote markers on numbers are not written (PX keeps them in DATANOTECELL; we keep the
    number). Used for exports and by the benchmark to make large test files.
    """
    lang = cube.language
    langs = sorted({lg for d in cube.dims for lg in d.labels} | {lang}, key=lambda x: x != lang)
    names = {lg: [d.label.get(lg, d.code) for d in cube.dims] for lg in langs}
    lines = ['CHARSET="ANSI";', f'CODEPAGE="{codepage}";', f'LANGUAGE="{lang}";',
             "LANGUAGES=" + ",".join(map(_q, langs)) + ";", f'MATRIX="{cube.table_id.split("/")[-1] or "X"}";']
    if cube.table_id:
        lines.append(f"TABLEID={_q(cube.table_id)};")
    for lg in langs:
        sfx = "" if lg == lang else f"[{lg}]"
        lines.append(f"TITLE{sfx}={_q(cube.title.get(lg, cube.title.get(lang, cube.table_id)))};")
        lines.append(f"STUB{sfx}=" + ",".join(map(_q, names[lg][:-1])) + ";")
        lines.append(f"HEADING{sfx}={_q(names[lg][-1])};")
    lines.append(f"UNITS={_q(cube.unit or '-')};")
    if cube.decimals is not None:
        lines.append(f"DECIMALS={cube.decimals};")
    for k, d in enumerate(cube.dims):
        for lg in langs:
            sfx = "" if lg == lang else f"[{lg}]"
            vals = d.labels.get(lg) or d.codes
            lines.append(f"VALUES{sfx}({_q(names[lg][k])})=" + ",\n".join(map(_q, vals)) + ";")
        lines.append(f"CODES({_q(names[lang][k])})=" + ",\n".join(map(_q, d.codes)) + ";")
        lines.append(f"VARIABLECODE({_q(names[lang][k])})={_q(d.code)};")
        if d.role == "time":
            lines.append(f"TIMEVAL({_q(names[lang][k])})=TLIST(A1)," + ",".join(map(_q, d.codes)) + ";")
        if d.role == "metric":
            lines.append(f"CONTVARIABLE={_q(names[lang][k])};")
    if cube.updated:
        lines.append(f'LAST-UPDATED="{cube.updated:%Y%m%d %H:%M}";')
    if cube.source:
        lines.append(f"SOURCE={_q(cube.source)};")
    head = "\n".join(lines) + "\nDATA=\n"
    flat_v = cube.values.ravel()
    flat_s = cube.status.ravel()
    # repr-exact numbers; symbols in quotes
    text = np.char.mod("%.17g", flat_v).astype(object)
    sym = np.isin(flat_s, list(_SYMBOL_OUT)) | np.isnan(flat_v)
    for i in np.flatnonzero(sym).tolist():
        text[i] = _SYMBOL_OUT.get(int(flat_s[i]), '".."')
    n = len(text)
    body = "\n".join(" ".join(text[i:i + per_line]) for i in range(0, n, per_line))
    return (head + body + ";\n").encode(codepage)
