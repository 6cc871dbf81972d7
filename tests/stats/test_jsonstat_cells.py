"""JSON-stat cells are read apart from the rest of the document (a vectorised scanner, no Python object
per cell); whatever the layout, the cube is the one json.loads would give, and anything unusual falls
back to json.loads with its messages."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spets.stats import jsonstat
from spets.stats.errors import ParseError
from spets.stats.jsonstat import from_document, parse_jsonstat, parse_jsonstat_datasets

cell = st.one_of(
    st.none(),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)


def _doc(values: list, version: str = "2.0") -> dict:
    n = len(values)
    doc = {
        "version": "2.0",
        "class": "dataset",
        "label": 'a "value": [1, 2] in a label',
        "id": ["Tid"],
        "size": [n],
        "dimension": {"Tid": {"label": "år", "category": {"index": [str(2000 + i) for i in range(n)]}}},
        "value": values,
        "extension": {"px": {"tableid": "T/1"}, "value": [7, 8]},
    }
    if version == "1.0":
        return {
            "dataset": {
                "label": doc["label"],
                "value": values,
                "dimension": {**doc["dimension"], "id": ["Tid"], "size": [n]},
            }
        }
    return doc


def _reference(doc: dict) -> np.ndarray:
    """What the ordinary reader (json.loads, then np.array) makes of the same document."""
    return from_document(jsonstat._from_v1(doc.get("dataset", doc), "ref")).values


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(cell, min_size=1, max_size=300),
    version=st.sampled_from(["1.0", "2.0"]),
    indent=st.sampled_from([None, 0, 2]),
    sep=st.sampled_from([(",", ":"), (", ", ": "), (" ,\t", " :\r\n ")]),
)
def test_cells_read_apart_are_the_numbers_json_loads_gives(values, version, indent, sep):
    doc = _doc(values, version)
    raw = json.dumps(doc, indent=indent, separators=sep).encode()
    assert jsonstat._load_cells_apart(raw) is not None  # the fast way was taken
    cube = parse_jsonstat(raw)
    assert np.array_equal(cube.values, _reference(doc), equal_nan=True)
    assert np.array_equal(np.isnan(cube.values), np.array([v is None for v in values]))
    if version == "2.0":
        assert cube.extra["extension"]["value"] == [7, 8]  # not a dataset's cells: left as it was


def test_every_dataset_of_a_bundle_gets_its_own_cells():
    raw = json.dumps({"a": _doc([1, None, 3], "1.0")["dataset"], "b": _doc([2.5, 1e300], "1.0")["dataset"]})
    found = dict(parse_jsonstat_datasets(raw.encode()))
    assert found["a"].values.tolist()[::2] == [1.0, 3.0] and np.isnan(found["a"].values[1])
    assert found["b"].values.tolist() == [2.5, 1e300]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ('[1, "x", 3]', r"at value\[1\]: expected a number or null, found 'x'"),
        ("[1, 2]", r"at value: expected 3 values \(product of size\), found 2"),
        ("[1, , 3]", r"line 1: expected valid JSON"),
        ("[1, nul, 3]", r"line 1: expected valid JSON"),
        ("[1, 0x10, 3]", r"line 1: expected valid JSON"),
    ],
)
def test_a_bad_cell_is_named_as_the_ordinary_reader_names_it(cells, message):
    raw = json.dumps(_doc([0, 0, 0])).replace("[0, 0, 0]", cells).encode()
    with pytest.raises(ParseError, match=message):
        parse_jsonstat(raw, name="cells.json")


def test_cells_as_an_object_and_other_value_keys_are_left_to_json_loads():
    doc = _doc([1, 2, 3])
    doc["value"] = {"0": 1, "2": 3}
    cube = parse_jsonstat(json.dumps(doc).encode())
    assert cube.values[0] == 1 and np.isnan(cube.values[1]) and cube.values[2] == 3
    assert cube.extra["extension"]["value"] == [7, 8]  # a list still, not an array
