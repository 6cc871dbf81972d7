"""The PX DATA section reader: any whitespace layout, any chunking, symbols kept as status.

The reader scans DATA in chunks with 8-byte word tricks; these tests hold it to a plain
one-token-at-a-time reading (``float()`` for numbers, the symbol table for the rest).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spets.stats import cube as C
from spets.stats import px
from spets.stats.errors import ParseError

_SYMBOL = {
    "..": C.NOT_AVAILABLE,
    ".": C.NOT_APPLICABLE,
    "-": C.ZERO,
    "...": C.CONFIDENTIAL,
    "....": C.SYMBOL4,
    ".....": C.SYMBOL5,
    "......": C.SYMBOL6,
}


def _px(tokens: list[str], seps: list[str]) -> bytes:
    codes = ",".join(f'"{i}"' for i in range(len(tokens)))
    body = "".join(t + s for t, s in zip(tokens, seps, strict=True))
    return (f'STUB="cell";\nVALUES("cell")={codes};\nDATA=\n{body};\n').encode("latin-1")


def _one_at_a_time(tokens: list[str]) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    """What a reader that looks at every token on its own must produce."""
    values, status, markers = [], [], {}
    for t in tokens:
        inner = t[1:-1] if len(t) > 1 and t[0] == t[-1] == '"' else None
        code = _SYMBOL.get(t.strip('"'))
        if code is None and inner is not None:
            code = C.SYMBOL_CODES.get(inner) or next((k for k, v in markers.items() if v == inner), None)
            if code is None:
                code = C.FIRST_CUSTOM + len(markers)
                markers[code] = inner
        values.append(np.nan if code is not None else float(t))
        status.append(code or C.OK)
    return np.array(values), np.array(status, np.uint8), markers


def _readable(t: str) -> bool:
    if t.strip('"') in _SYMBOL or (len(t) > 1 and t[0] == t[-1] == '"'):
        return True
    try:
        float(t)
    except ValueError:
        return False
    return True


tokens = st.one_of(
    st.from_regex(r"\A[+-]?[0-9]{0,8}\.?[0-9]{0,8}\Z"),  # around the 8-byte word edge
    st.integers(-(10**15) + 1, 10**15 - 1).map(str),
    st.decimals(-(10**6), 10**6, places=6, allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(
        [
            '".."',
            '"."',
            '"-"',
            '"..."',
            '"...."',
            '"....."',
            '"......"',
            "..",
            ".",
            "-",
            "...",
            "......",
            '"B"',
            '"A"',
            '"partial"',
            '"provisional"',
            "1e5",
            "-2.5E-3",
            "123456789012.34567",
            "00000000000000001",
            "-0",
            "+7.",
        ]
    ),
).filter(_readable)
separators = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", " \n\t ", "\n\n"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(tokens, separators), min_size=1, max_size=60),
    st.sampled_from([1, 3, 8, 9, 17, 64, px._CHUNK]),
)
def test_any_layout_and_chunking_reads_like_one_token_at_a_time(cells, chunk):
    toks, seps = [t for t, _ in cells], [s for _, s in cells]
    want_v, want_s, want_markers = _one_at_a_time(toks)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(px, "_CHUNK", chunk)
        got = px.parse_px(_px(toks, seps))
    assert np.array_equal(got.values, want_v, equal_nan=True)  # == on doubles: bit-identical numbers
    assert np.array_equal(got.status, want_s)
    assert got.status_symbols == want_markers
    assert not np.any(got.values[got.status != C.OK] == 0)  # a symbol never becomes 0


@pytest.mark.parametrize(
    "tok",
    [
        "12345678",
        "123456789",
        "1234567.",
        ".1234567",
        "-1234567",
        "+.5",
        "0.000001",
        "99999999",
        "-99999999.",
        "1.2345678",
        "12345678.9",
        "123456789012345",
        "-12345678901234.5",
        "1234567890123456",
        "1e5",
        "007",
        "-0.0",
    ],
)
def test_edge_numbers_are_the_double_float_gives(tok):
    got = px.parse_px(_px([tok, "1"], [" ", "\n"]))
    assert got.values[0] == float(tok) and got.status[0] == C.OK


@pytest.mark.parametrize("tok", ["1.2.3", "--1", "-.", "+", "1-", "12345678x", "x", "1,5"])
def test_a_token_that_is_neither_number_nor_symbol_is_an_error(tok):
    with pytest.raises(ParseError, match=r"line 4: expected a number or a symbol"):
        px.parse_px(_px(["1", tok], [" ", "\n"]), name="x.px")


@pytest.mark.parametrize("chunk", [4, px._CHUNK])
def test_footnote_markers_are_numbered_in_order_of_first_appearance(monkeypatch, chunk):
    monkeypatch.setattr(px, "_CHUNK", chunk)
    toks = ["1", '"provisional"', "2", '"B"', "3", '"A"', '"B"', "..", '"A"', "4"]  # long and short markers
    got = px.parse_px(_px(toks, [" "] * len(toks)))
    assert got.status_symbols == {16: "provisional", 17: "B", 18: "A"}
    assert got.status.tolist() == [0, 16, 0, 17, 0, 18, 17, C.NOT_AVAILABLE, 18, 0]


def test_a_bad_token_in_a_later_chunk_names_its_own_line(monkeypatch):
    monkeypatch.setattr(px, "_CHUNK", 5)
    toks = ["1"] * 30 + ["4x"]
    with pytest.raises(ParseError, match=r"^x\.px, line 7: expected a number .* found '4x'"):
        px.parse_px(_px(toks, ([" "] * 9 + ["\n"]) * 3 + [" "]), name="x.px")


def test_a_wrong_count_is_reported_before_a_bad_token(monkeypatch):
    monkeypatch.setattr(px, "_CHUNK", 2)
    raw = b'STUB="cell";\nVALUES("cell")="a","b";\nDATA=\n1 4x 3;\n'
    with pytest.raises(ParseError, match=r"line 3: expected 2 DATA values .* found 3"):
        px.parse_px(raw, name="x.px")
