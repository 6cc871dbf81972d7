"""One BLAS thread while the multi-regional model solves (pure; no Django).

The model's products are small (regions × regions by regions × industries, 290 × 290 × 64 at most), so
OpenBLAS's worker threads cost more than they bring, and on a busy machine they cost a lot: a 290 × 290
product takes 17 ms with the threads against 0.5 ms without (bench/bench_footprint_page.py). OpenBLAS's
thread-local setter (``openblas_set_num_threads_local``, the libraries numpy and scipy ship) limits only
the calling thread and restores the previous value afterwards; without such a library this is a no-op.
"""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache


@cache
def _setters() -> tuple[Callable[[int], int], ...]:
    found = []
    for package in ("numpy", "scipy"):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        folder = os.path.join(os.path.dirname(next(iter(spec.submodule_search_locations))), f"{package}.libs")
        for path in sorted(glob.glob(os.path.join(folder, "*openblas*.so*"))):
            try:
                setter = ctypes.CDLL(path).openblas_set_num_threads_local
            except (OSError, AttributeError):
                continue
            setter.restype = ctypes.c_int
            setter.argtypes = [ctypes.c_int]
            found.append(setter)
    return tuple(found)


@contextmanager
def single_threaded() -> Iterator[None]:
    """Run the block with one BLAS thread in this thread, then restore the previous count."""
    setters = _setters()
    previous = [s(1) for s in setters]
    try:
        yield
    finally:
        for s, p in zip(setters, previous, strict=True):
            s(p)
