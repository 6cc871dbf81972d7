"""Round trips: a cube written as PX or JSON-stat reads back identical (values, status, labels)."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from spets.stats import cube as C
from spets.stats.jsonstat import parse_jsonstat, to_jsonstat
from spets.stats.px import dump_px, parse_px


def _cube(values, statuses, n_regions, n_years):
    dims = [
        C.Dimension(
            "Region",
            [f"{i:04d}" for i in range(n_regions)],
            {"sv": "region", "en": "region"},
            {"sv": [f"Kommun {i} å" for i in range(n_regions)], "en": [f"M {i}" for i in range(n_regions)]},
            role="geo",
        ),
        C.Dimension(
            "Tid",
            [str(2000 + i) for i in range(n_years)],
            {"sv": "år", "en": "year"},
            {"sv": [str(2000 + i) for i in range(n_years)], "en": [str(2000 + i) for i in range(n_years)]},
            role="time",
        ),
    ]
    v = np.array(values, dtype=float).reshape(n_regions, n_years)
    s = np.array(statuses, dtype=np.uint8).reshape(n_regions, n_years)
    v[s != 0] = np.nan
    return C.Cube(dims, v, s, table_id="T/X", title={"sv": "Test", "en": "Test"}, unit="antal")


@st.composite
def cubes(draw):
    r, y = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    vals = draw(st.lists(st.floats(-1e12, 1e12, allow_nan=False), min_size=r * y, max_size=r * y))
    stat = draw(
        st.lists(
            st.sampled_from([0, 0, 0, C.NOT_AVAILABLE, C.NOT_APPLICABLE, C.ZERO, C.CONFIDENTIAL]),
            min_size=r * y,
            max_size=r * y,
        )
    )
    return _cube(vals, stat, r, y)


@settings(max_examples=60, deadline=None)
@given(cubes(), st.sampled_from(["utf-8", "iso-8859-1"]), st.integers(1, 7))
def test_px_round_trip_keeps_values_symbols_and_labels(cube, codepage, per_line):
    back = parse_px(dump_px(cube, codepage=codepage, per_line=per_line), name="rt.px")
    assert np.array_equal(back.values, cube.values, equal_nan=True)
    assert np.array_equal(back.status, cube.status)
    assert back.dim("Region").labels == cube.dim("Region").labels
    assert back.dim("Tid").role == "time"


@settings(max_examples=60, deadline=None)
@given(cubes())
def test_jsonstat_round_trip(cube):
    back = parse_jsonstat(json.dumps(to_jsonstat(cube)))
    assert np.array_equal(back.values, cube.values, equal_nan=True)
    assert np.array_equal(back.status, cube.status)
    assert back.dim("Region").codes == cube.dim("Region").codes


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-(10**15) + 1, 10**15 - 1).map(str),
            st.decimals(-(10**9), 10**9, places=4, allow_nan=False, allow_infinity=False).map(str),
            st.floats(-1e6, 1e6, allow_nan=False).map(repr),
            st.sampled_from(['".."', '"-"', "..", ".", "-", "1e5", "-0", ".5", "7.", "+3", '"B"']),
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([" ", "\n", "\t", "  \r\n "]),
)
def test_the_vectorised_number_reader_agrees_with_float(tokens, sep):
    from spets.stats.px import parse_numbers

    values, declined, starts, ends = parse_numbers(sep.join(tokens).encode())
    assert len(values) == len(tokens)
    for tok, v, no in zip(tokens, values, declined, strict=True):
        if not no:
            assert v == float(tok)  # bit-identical, not approximately
        else:
            assert tok.startswith('"') or tok in ("..", ".", "-") or "e" in tok.lower() or len(tok) > 15
