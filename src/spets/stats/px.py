"""PC-Axis (.px) reader.

A PX file is a header of ``KEYWORD[lang]("sub","keys")=value;`` statements followed by
``DATA=`` and the numbers in row-major order (stub variables first, heading variables
last, the last heading variable varying fastest). Only the header is tokenised in Python;
the DATA section is read by numpy in chunks (see ``_scan``), because a 5-million-cell
table would otherwise cost millions of Python objects per pass. Only tokens that are not
plain numbers (symbols, footnote markers, exponents) are looked at one distinct spelling
at a time.
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
    b"..": C.NOT_AVAILABLE,
    b".": C.NOT_APPLICABLE,
    b"-": C.ZERO,
    b"...": C.CONFIDENTIAL,
    b"....": C.SYMBOL4,
    b".....": C.SYMBOL5,
    b"......": C.SYMBOL6,
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
            expect(
                i + 2 < n and toks[i + 1][0] == "w" and toks[i + 2][1] == "]",
                f"a language code and ']' after {kw}[",
                i + 1,
            )
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
    if len(strs) == 2 and any(t == "-" for _, t in inner):
        periods = _period_range(unit, strs[0], strs[1])
    return unit, periods


_PER_YEAR = {"A": (1, 0), "H": (2, 1), "Q": (4, 1), "M": (12, 2)}  # periods a year, digits of the period


def _period_range(unit: str, first: str, last: str) -> list[str]:
    """TLIST(A1, "2019"-"2022"), (H1, "20191"-"20202"), (Q1, "20191"-"20204"), (M1, "201901"-"202012"):
    every period from ``first`` to ``last`` in the PX spelling (year, then half/quarter/month)."""
    per_year, width = _PER_YEAR.get(unit[:1].upper(), (0, 0))
    if not per_year or not (first.isdigit() and last.isdigit()) or len(first) != 4 + width:
        return [first, last]

    def index(p: str) -> int:
        return int(p[:4]) * per_year + (int(p[4:]) - 1 if width else 0)

    out = []
    for k in range(index(first), index(last) + 1):
        year, part = divmod(k, per_year)
        out.append(f"{year}{part + 1:0{width}d}" if width else str(year))
    return out


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
            raise ParseError(
                name,
                cst.line if cst else vst.line,
                f'expected {len(vals)} CODES for "{var}", found {len(codes)}',
            )
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
            el = (
                True
                if ev.upper() == "YES"
                else (False if ev.upper() == "NO" else codes[vals.index(ev)] if ev in vals else ev)
            )
        code = varcodes[var].scalar() if var in varcodes else var
        dims.append(
            C.Dimension(code=code, codes=codes, label=dim_label, labels=labels, role=role, elimination=el)
        )
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
        extra={
            "languages": langs,
            "encoding": enc,
            "matrix": matrix.scalar() if matrix else "",
            # the time variables' periods as TIMEVAL spells them (TLIST ranges expanded)
            "timeval": {
                var: dict(zip(("unit", "periods"), _timeval(st), strict=True)) for var, st in timevals.items()
            },
        },
    )
    keys = keyed("KEYS", main_lang)
    end = raw.rfind(b";")
    end = end if end >= head_end else len(raw)
    if keys:
        _fill_keys(cube, raw[head_end:end], keys, stub, enc, name, data_line)
    else:
        if raw.find(b";", head_end, end) != -1:
            # some agencies end every DATA row with ";": a separator like the line break after it
            raw = raw[:head_end] + raw[head_end:end].replace(b";", b" ") + raw[end:]
        _fill_dense(cube, raw, head_end, end, name, data_line)
    _apply_datanotecell(cube, by.get(("DATANOTECELL", main_lang), []), main_lang)
    return cube


def _number(tok: bytes) -> float | None:
    try:
        return float(tok)
    except ValueError:
        return None


def _fill_dense(cube: C.Cube, raw: bytes, lo: int, hi: int, name: str, data_line: int) -> None:
    """Read the DATA section ``raw[lo:hi]`` in chunks of about ``_CHUNK`` bytes (cut at
    whitespace), so the scanner's temporaries stay small and are reused instead of costing
    hundreds of MB of fresh pages for a large file."""
    n = cube.size
    values, declined, k = scan_numbers(raw, lo, hi, n)
    status = np.zeros(n, np.uint8)
    if k != n:
        raise ParseError(
            name, data_line, f"expected {n} DATA values (product of the variables' value counts), found {k}"
        )
    # Symbols, footnote markers ("B"), exponents, very long numbers: one decision per distinct
    # token, in order of first appearance (custom status codes are numbered in that order).
    for _, off, tok, rows in declined:
        code = _SYMBOLS.get(tok.strip(b'"'))
        quoted = tok[:1] == b'"' and tok[-1:] == b'"' and len(tok) > 1
        if code is None and quoted:
            number = _number(tok[1:-1])  # some files quote every figure: "123"
            if number is not None:
                values[rows] = number
                continue
            code = cube.status_code_for(tok[1:-1].decode("latin-1"))
        if code is not None:
            status[rows] = code
            values[rows] = np.nan
            continue
        try:
            values[rows] = float(tok)
        except ValueError:
            line = raw[:off].count(b"\n") + 1
            # the token as text in the file's encoding (a bytes repr like b'4x' means nothing to a user)
            shown = tok[:40].decode(cube.extra.get("encoding") or "latin-1", "replace")
            raise ParseError(
                name, line, f'expected a number or a symbol like "..", found {shown!r}'
            ) from None
    cube.values = values.reshape(cube.shape)
    cube.status = status.reshape(cube.shape)


def scan_numbers(
    raw: bytes, lo: int, hi: int, n: int
) -> tuple[np.ndarray, list[tuple[int, int, bytes, np.ndarray]], int]:
    """The whitespace-separated tokens of ``raw[lo:hi]`` as numbers, read in chunks of about ``_CHUNK``
    bytes (cut at whitespace): (values, the tokens read as no number grouped by spelling as (first
    index, offset in raw, token, indices), how many tokens there were). Values and groups are complete
    only when the count is ``n``."""
    values = np.empty(n)
    declined: list[tuple[int, int, bytes, np.ndarray]] = []  # (first cell, its offset, token, cells)
    k = 0
    pos = lo
    while pos < hi:
        cut = hi
        if hi - pos > _CHUNK:
            m = _WS_RE.search(raw, pos + _CHUNK, hi)
            cut = m.start() if m else hi
        t = _scan(raw, pos, cut)
        count = len(t.values)
        if k + count <= n:
            values[k : k + count] = t.values
            declined += [(k + first, off, tok, rows + k) for first, off, tok, rows in t.declined(raw)]
        k += count
        pos = cut
    return values, declined, k


_CHUNK = 1 << 18  # bytes of DATA scanned at a time (fastest of 32 KB – 1 MB tried)
_WS_RE = re.compile(rb"[\x00- ]")
_MAX_TOKEN = 17  # longer tokens are left to float(); 15 digits, a sign and a point fit
_PAD = _MAX_TOKEN  # spaces around a chunk: any token's first 17 bytes and any 8-byte window are in bounds
_LE64 = np.dtype("<u8")
_ZEROS = np.uint64(0x3030303030303030)  # "00000000"
_LOW7 = np.uint64(0x7F7F7F7F7F7F7F7F)
_DOTS8 = np.uint64(0x2E2E2E2E2E2E2E2E)  # "........"
_HIGH_NIBBLES = np.uint64(0xF0F0F0F0F0F0F0F0)
_SIXES = np.uint64(0x0606060606060606)
_THREES = np.uint64(0x3333333333333333)
_MASK = np.uint64(0x000000FF000000FF)
_MUL1 = np.uint64(100 + (1000000 << 32))
_MUL2 = np.uint64(1 + (10000 << 32))
# by token length 0..8: the bits of the token in its word, and "0"s for the bytes before it
_KEEP = np.array([(1 << 64) - (1 << 8 * (8 - n)) for n in range(9)], np.uint64)
_FILL = _ZEROS & ~_KEEP
# XOR that turns the token's first byte, a "+" (column 0) or a "-" (column 1), into "0"
_SIGN_TO_ZERO = np.array(
    [[(c ^ 0x30) << 8 * (8 - n) if n else 0 for c in (0x2B, 0x2D)] for n in range(9)], np.uint64
)


class _Scanned:
    """The tokens of one chunk: values, a declined mask, token starts/ends relative to the
    chunk, and for tokens of up to 8 bytes the token itself as a little-endian integer."""

    def __init__(
        self,
        lo: int,
        values: np.ndarray,
        bad: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        key: np.ndarray,
    ):
        self.lo, self.values, self.bad, self.starts, self.ends, self.key = lo, values, bad, starts, ends, key

    def declined(self, raw: bytes) -> list[tuple[int, int, bytes, np.ndarray]]:
        """Declined tokens grouped by spelling: (first index, its offset in raw, token, indices)."""
        rows = np.flatnonzero(self.bad)
        if rows.size == 0:
            return []
        short = (self.ends[rows] - self.starts[rows]) < 8
        out: list[tuple[int, int, bytes, np.ndarray]] = []
        srows = rows[short]
        if srows.size:
            uniq, first, inv = np.unique(self.key[srows], return_index=True, return_inverse=True)
            by_tok = np.argsort(inv, kind="stable")
            groups = np.split(srows[by_tok], np.cumsum(np.bincount(inv, minlength=len(uniq)))[:-1])
            for u, f in enumerate(first.tolist()):
                tok = int(uniq[u]).to_bytes(8, "little").lstrip(b"\0")  # no token holds a NUL byte
                i = int(srows[f])
                out.append((i, self.lo + int(self.starts[i]), tok, groups[u]))
        for i in rows[~short].tolist():
            a, b = self.lo + int(self.starts[i]), self.lo + int(self.ends[i]) + 1
            out.append((i, a, raw[a:b], np.array([i])))
        out.sort(key=lambda t: t[0])
        return out


def parse_numbers(body: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Whitespace-separated decimal numbers -> (values, declined mask, token starts, ends).

    Vectorised (see ``_scan``): value = digits as an integer / 10**(digits after the point),
    exact for up to 15 digits and the same double ``float()`` gives. Tokens it cannot read
    this way (symbols, exponents, longer numbers) are flagged for the caller to handle.
    """
    t = _scan(body, 0, len(body))
    return t.values, t.bad, t.starts, t.ends


def _scan(raw: bytes, lo: int, hi: int) -> _Scanned:
    """Read the whitespace-separated numbers in ``raw[lo:hi]``, without a Python object per token.

    Tokens of up to 8 bytes (nearly all): each is loaded as one little-endian 64-bit word
    ending at its last byte; the bytes before the token become "0", a leading sign becomes
    "0", a decimal point is cut out (the bytes before it move up by one), and if all 8 bytes
    are then digits the word is converted with three multiply-and-shift steps (SWAR, as in
    simdjson / fast_float). Longer tokens go through ``_read_long``. value = digits as an
    integer / 10**(digits after the point): exact, the same double ``float()`` gives.
    """
    n = hi - lo
    b = np.empty(n + 2 * _PAD, np.uint8)
    b[:_PAD] = 32
    b[_PAD : _PAD + n] = np.frombuffer(raw, np.uint8, count=n, offset=lo)
    b[_PAD + n :] = 32
    ws = b <= 32  # space, tab, CR, LF (and other control characters)
    flips = np.flatnonzero(ws[1:] != ws[:-1])  # b starts and ends with spaces: flips alternate in, out
    del ws
    starts, ends = flips[0::2] + 1, flips[1::2]
    del flips
    lens = ends - starts + 1
    words = np.ndarray((b.size - 7,), _LE64, buffer=b, strides=(1,))  # unaligned 8-byte windows
    x = words[ends - 7]  # the token in the high bytes
    len8 = np.minimum(lens, 8)
    key = x & _KEEP[len8]  # the bytes before the token zeroed: the token as a number
    x = key | _FILL[len8]  # ... or as "0"s
    first = b[starts]
    neg = first == 45  # '-'
    lead = neg | (first == 43)  # '+'
    if lead.any():  # the sign becomes a leading zero
        x[lead] ^= _SIGN_TO_ZERO[len8[lead], neg[lead].view(np.uint8)]
    y = x ^ _DOTS8
    dots = ~(((y & _LOW7) + _LOW7) | y | _LOW7)  # 0x80 in each byte that is '.'
    ndig = len8 - lead
    frac = None
    has_dot = np.flatnonzero(dots)
    if has_dot.size:
        d = dots[has_dot]
        single = (d & (d - np.uint64(1))) == 0
        bit = np.frexp(d.astype(np.float64))[1] - 1  # exact: a single set bit
        at = ((bit - 7) // 8).astype(np.uint64)  # byte index of the point
        low = np.left_shift(np.uint64(1), at * np.uint64(8)) - np.uint64(1)
        xd = x[has_dot]
        x[has_dot] = (
            (xd & ~(low | np.left_shift(low, np.uint64(8)) | (low + np.uint64(1)) * np.uint64(0xFF)))
            | ((xd & low) << np.uint64(8))
            | np.uint64(0x30)
        )
        ndig[has_dot] -= 1
        frac = np.zeros(len(x), np.int8)
        frac[has_dot] = 7 - at.astype(np.int8)
        ndig[has_dot[~single]] = 0  # two points: declined
    digits = ((x & _HIGH_NIBBLES) | (((x + _SIXES) & _HIGH_NIBBLES) >> np.uint64(4))) == _THREES
    bad = ~digits | (ndig <= 0) | (lens > 8)
    x -= _ZEROS
    x = x * np.uint64(10) + (x >> np.uint64(8))
    x = (((x & _MASK) * _MUL1) + (((x >> np.uint64(16)) & _MASK) * _MUL2)) >> np.uint64(32)
    values = (x & np.uint64(0xFFFFFFFF)).astype(np.float64)
    if frac is not None:
        has_frac = frac > 0
        values[has_frac] /= np.power(10.0, frac[has_frac])  # one correctly rounded division
    values[neg] *= -1
    longer = np.flatnonzero((lens > 8) & (lens <= _MAX_TOKEN))
    if longer.size:
        width = int(lens[longer].max())
        m = np.lib.stride_tricks.sliding_window_view(b, width)[starts[longer]]
        values[longer], bad[longer] = _read_long(m, lens[longer])
    return _Scanned(lo, values, bad, starts - _PAD, ends - _PAD, key)


def _read_long(m: np.ndarray, lens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tokens of 9–17 bytes as a (tokens x width) byte matrix -> (values, declined), by
    Horner's rule on int64, one column at a time."""
    width = m.shape[1]
    active = np.arange(width) < lens[:, None]
    d = m - np.uint8(48)  # wraps for non-digits, so "d < 10" is the digit test
    isdig = (d < 10) & active
    isdot = (m == 46) & active
    neg = m[:, 0] == 45
    lead = neg | (m[:, 0] == 43)
    ndig = isdig.sum(axis=1)
    ndot = isdot.sum(axis=1)
    bad = (ndig + ndot + lead != lens) | (ndot > 1) | (ndig == 0) | (ndig > 15)
    acc = np.zeros(len(m), np.int64)
    for col in range(width):
        acc = np.where(isdig[:, col], acc * 10 + d[:, col], acc)
    frac = np.where(ndot > 0, lens - 1 - isdot.argmax(axis=1), 0)
    value = acc.astype(np.float64)
    has_frac = frac > 0
    value[has_frac] /= np.power(10.0, frac[has_frac])
    value[neg] *= -1
    return value, bad


def _fill_keys(
    cube: C.Cube, body: bytes, keys: dict[str, _Stmt], stub: list[str], enc: str, name: str, data_line: int
) -> None:
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
        toks = re.findall(r'"[^"]*"|[^\s;,]+', row)  # a row may end with ";"
        if not toks:
            continue
        line = data_line + lno
        if len(toks) != nkeys + row_len:
            raise ParseError(
                name,
                line,
                f"expected {nkeys} keys and {row_len} values in this KEYS row, found {len(toks)} items",
            )
        base = 0
        for k in range(nkeys):
            key = toks[k].strip('"')
            try:
                base += lookups[k][key] * int(strides[k])
            except KeyError:
                raise ParseError(
                    name, line, f"expected a {keys[stub[k]].scalar()} value of {stub[k]!r}, found {key!r}"
                ) from None
        for j, t in enumerate(toks[nkeys:]):
            sym = t.strip('"')
            if sym in ("..", ".", "-", "...", "....", ".....", "......"):
                status[base + j] = _SYMBOLS[sym.encode()]
                continue
            try:
                values[base + j] = float(
                    sym if t.startswith('"') and _number(sym.encode()) is not None else t
                )
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


_SYMBOL_OUT = {
    C.NOT_AVAILABLE: '".."',
    C.NOT_APPLICABLE: '"."',
    C.ZERO: '"-"',
    C.CONFIDENTIAL: '"..."',
    C.SYMBOL4: '"...."',
    C.SYMBOL5: '"....."',
    C.SYMBOL6: '"......"',
    C.PARTIAL: '".."',
}


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
    lines = [
        'CHARSET="ANSI";',
        f'CODEPAGE="{codepage}";',
        f'LANGUAGE="{lang}";',
        "LANGUAGES=" + ",".join(map(_q, langs)) + ";",
        f'MATRIX="{cube.table_id.split("/")[-1] or "X"}";',
    ]
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
    body = "\n".join(" ".join(text[i : i + per_line]) for i in range(0, n, per_line))
    return (head + body + ";\n").encode(codepage)
