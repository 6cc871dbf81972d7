"""Status-aware cube arithmetic: sums over a dimension and roll-ups to parent regions.

Rule for every sum: ``-`` counts as 0; a part that is missing (``..``, ``.``, NaN) makes
the result ``partial`` (the sum of what is known) and a sum of nothing known stays ``..``.
A suppressed figure never silently becomes a smaller total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from . import cube as C


def _known(values: np.ndarray, status: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(numbers to add, mask of cells that are known). '-' adds 0 and counts as known."""
    zero = status == C.ZERO
    known = ~np.isnan(values) | zero
    return np.where(zero, 0.0, np.nan_to_num(values, nan=0.0)), known


def _combine(
    vals: np.ndarray, known: np.ndarray, partial_in: np.ndarray, axis: int
) -> tuple[np.ndarray, np.ndarray]:
    total = vals.sum(axis=axis)
    n_known = known.sum(axis=axis)
    n = known.shape[axis]
    status = np.full(total.shape, C.OK, np.uint8)
    status[(n_known < n) | partial_in.any(axis=axis)] = C.PARTIAL
    none = n_known == 0
    status[none] = C.NOT_AVAILABLE
    total = np.where(none, np.nan, total)
    return total, status


def sum_over(cube: C.Cube, dim: str) -> C.Cube:
    """Remove ``dim`` by summing over it (e.g. men + women)."""
    ax = cube.axis(dim)
    vals, known = _known(cube.values, cube.status)
    total, status = _combine(vals, known, cube.status == C.PARTIAL, ax)
    dims = [d for i, d in enumerate(cube.dims) if i != ax]
    prov = None
    if cube.provenance is not None:
        prov = cube.provenance.max(axis=ax)  # parts of one cell come from one source table
    return replace(
        cube,
        dims=dims,
        values=total,
        status=status,
        provenance=prov,
        status_symbols=dict(cube.status_symbols),
    )


def aggregate(
    cube: C.Cube, dim: str, mapping: Mapping[str, str], labels: Mapping[str, str] | None = None
) -> C.Cube:
    """Roll ``dim`` up to parents: ``mapping`` child code -> parent code (e.g. kommun -> län).

    Children absent from ``mapping`` are left out; parents appear in first-seen order.
    """
    ax = cube.axis(dim)
    d = cube.dims[ax]
    parents = list(dict.fromkeys(mapping[c] for c in d.codes if c in mapping))
    if not parents:
        raise KeyError(f"none of the {d.code} codes in the cube is in the mapping")
    vals, known = _known(cube.values, cube.status)
    partial = cube.status == C.PARTIAL
    out_v, out_s = [], []
    child_of: dict[str, list[int]] = {p: [] for p in parents}  # one pass, not one per parent
    for i, c in enumerate(d.codes):
        if c in mapping:
            child_of[mapping[c]].append(i)
    for p in parents:
        idx = child_of[p]
        tv, ts = _combine(
            np.take(vals, idx, axis=ax), np.take(known, idx, axis=ax), np.take(partial, idx, axis=ax), ax
        )
        out_v.append(tv)
        out_s.append(ts)
    labels = labels or {}
    lang = cube.language
    new_dim = replace(d, codes=parents, labels={lang: [labels.get(p, p) for p in parents]})
    dims = list(cube.dims)
    dims[ax] = new_dim
    prov = None
    if cube.provenance is not None:
        prov = np.stack(
            [np.take(cube.provenance, child_of[p], axis=ax).max(axis=ax) for p in parents], axis=ax
        )
    return replace(
        cube,
        dims=dims,
        values=np.stack(out_v, axis=ax),
        status=np.stack(out_s, axis=ax),
        provenance=prov,
        status_symbols=dict(cube.status_symbols),
    )
