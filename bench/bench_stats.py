"""Statistics benchmark (run on demand): `.venv/bin/python bench/bench_stats.py [--repeat 3] [--skip-others]`.

1. Writes a ~5-million-cell table as PC-Axis and as JSON-stat 2.0 into a temp dir.
2. Parses + stores each with spets.stats (PX -> DuckDB, JSON-stat -> DuckDB) and parses the same
   files with pyaxis / pyjstat (to a DataFrame), ``--repeat`` times, interleaved. Each run is a
   fresh subprocess that only reads the prepared file. Memory per run: the process's own peak RSS
   (``VmHWM`` from /proc/self/status; not ``ru_maxrss``, which on Linux keeps the parent's peak
   across vfork+exec, so every small child reported the generator's 643 MB), its RSS after the
   imports, and in a second, untimed run the tracemalloc peak (Python and numpy allocations,
   not DuckDB's own C++ heap), measured after the imports.
3. Imports a ~10-million-cell cube and times >= 200 varied atlas queries (map, time series,
   county roll-up, ranked table), reporting p50 / p95 / max.

Needs the bench extras (pyaxis, pyjstat). Prints a Markdown block for bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def make_cube(n_sni: int, n_contents: int, n_years: int, seed: int = 7):
    from spets.stats import cube as C

    rng = np.random.default_rng(seed)
    regions = [f"{c:02d}{k:02d}" for c in range(1, 22) for k in range(14)][:290]
    sni = [f"{i:02d}" for i in range(1, n_sni + 1)]
    contents = [f"M{i}" for i in range(n_contents)]
    years = [str(2024 - n_years + 1 + i) for i in range(n_years)]
    dims = [
        C.Dimension(
            "Region", regions, {"sv": "region"}, {"sv": [f"Kommun {r}" for r in regions]}, role="geo"
        ),
        C.Dimension("SNI2007", sni, {"sv": "näringsgren"}, {"sv": [f"Bransch {s}" for s in sni]}),
        C.Dimension("Kon", ["1", "2"], {"sv": "kön"}, {"sv": ["män", "kvinnor"]}),
        C.Dimension("ContentsCode", contents, {"sv": "tabellinnehåll"}, {"sv": contents}, role="metric"),
        C.Dimension("Tid", years, {"sv": "år"}, {"sv": years}, role="time"),
    ]
    shape = tuple(len(d) for d in dims)
    values = rng.integers(0, 50_000, shape).astype(np.float64)
    status = np.zeros(shape, np.uint8)
    missing = rng.random(shape) < 0.01
    status[missing] = C.NOT_AVAILABLE
    values[missing] = np.nan
    return C.Cube(dims, values, status, table_id="BENCH/Synthetic", title={"sv": "Benchmark"}, unit="antal")


# -- the measured runs (each executed in a fresh subprocess) -------------------


def run_ours_px(path: str, db: str) -> None:
    from spets.stats.px import read_px
    from spets.stats.store import Store

    with Store(db) as s:
        s.import_cube(read_px(path))


def run_ours_json(path: str, db: str) -> None:
    from spets.stats.jsonstat import read_jsonstat
    from spets.stats.store import Store

    with Store(db) as s:
        s.import_cube(read_jsonstat(path))


def run_pyaxis(path: str, db: str) -> None:
    import pyaxis.pyaxis as px

    df = px.parse(path, encoding="ISO-8859-1")["DATA"]
    assert len(df) > 0


def run_pyjstat(path: str, db: str) -> None:
    from pyjstat import pyjstat

    df = pyjstat.Dataset.read(Path(path).read_text(encoding="utf-8")).write("dataframe")
    assert len(df) > 0


def run_ours_json1(path: str, db: str) -> None:
    """The same cube as JSON-stat 1.0 (``{"dataset": …}``, ids and sizes under ``dimension``), as SCB's
    PxWeb API v1 answers ``json-stat``."""
    from spets.stats.jsonstat import read_jsonstat
    from spets.stats.store import Store

    with Store(db) as s:
        s.import_cube(read_jsonstat(path))


def to_jsonstat1(doc: dict) -> dict:
    """A JSON-stat 2.0 dataset rewritten as a JSON-stat 1.0 response."""
    dims = {**doc["dimension"], "id": doc["id"], "size": doc["size"]}
    if "role" in doc:
        dims["role"] = doc["role"]
    rest = {k: v for k, v in doc.items() if k not in ("version", "class", "id", "size", "role", "dimension")}
    return {"dataset": {**rest, "dimension": dims}}


RUNS = {
    "ours_px": run_ours_px,
    "ours_json": run_ours_json,
    "ours_json1": run_ours_json1,
    "pyaxis": run_pyaxis,
    "pyjstat": run_pyjstat,
}
JSON1 = "ours_json1"


def _rss_mb() -> dict[str, float]:
    """This process's current and peak resident set (VmRSS, VmHWM) in MB."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, kb = line.split()[:2]
            out[key[:-1]] = int(kb) / 1024
    return out


_IMPORTS = {
    "ours_px": ["spets.stats.px", "spets.stats.store"],
    "ours_json": ["spets.stats.jsonstat", "spets.stats.store"],
    "ours_json1": ["spets.stats.jsonstat", "spets.stats.store"],
    "pyaxis": ["pyaxis.pyaxis"],
    "pyjstat": ["pyjstat.pyjstat"],
}


def child(name: str, path: str, db: str, trace: bool = False) -> None:
    if trace:  # untimed: the peak of what the parser allocates, imports excluded
        import importlib
        import tracemalloc

        for mod in _IMPORTS[name]:
            importlib.import_module(mod)
        tracemalloc.start()
        RUNS[name](path, db)
        print(json.dumps({"name": name, "tracemalloc_peak_mb": tracemalloc.get_traced_memory()[1] / 2**20}))
        return
    t = time.perf_counter()
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    RUNS[name](path, db)
    elapsed = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "name": name,
                "seconds": elapsed,
                "cpu_s": r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime,
                "peak_mb": _rss_mb()["VmHWM"],
            }
        )
    )


def baseline(name: str) -> None:
    """RSS after only the run's imports (the floor under its peak)."""
    import importlib

    for mod in _IMPORTS[name]:
        importlib.import_module(mod)
    print(json.dumps({"name": name, "imports_rss_mb": _rss_mb()["VmRSS"]}))


def _child_run(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(name: str, path: Path, tmp: Path, trace: bool = False) -> dict:
    db = tmp / f"{name}.duckdb"
    for f in (db, db.with_suffix(".duckdb.wal")):
        if f.exists():
            f.unlink()
    return _child_run(["--child", name, str(path), str(db)] + (["--trace"] if trace else []))


# -- atlas queries -----------------------------------------------------------------


def atlas(tmp: Path, n_queries: int, per_request: bool = False) -> dict:
    """Atlas queries; ``per_request``: open a read-only Store for each query and close it after, as the
    web layer does (one open per request, metadata shared through a MetaCache)."""
    from spets.stats.store import MetaCache, Store

    cube = make_cube(n_sni=88, n_contents=10, n_years=20, seed=11)  # 290*88*2*10*20 = 10.2 M cells
    import_s = 0.0
    if not (tmp / "atlas.duckdb").exists():
        with Store(tmp / "atlas.duckdb") as s:
            t = time.perf_counter()
            s.import_cube(cube, series="atlas")
            import_s = time.perf_counter() - t
    cache = MetaCache()
    rng = np.random.default_rng(3)
    regions = cube.dim("Region").codes
    sni, metrics, years = cube.dim("SNI2007").codes, cube.dim("ContentsCode").codes, cube.dim("Tid").codes
    county = {r: r[:2] for r in regions}
    area = [r for r in regions if r[:2] in ("17", "20", "21")]
    with Store(tmp / "atlas.duckdb", read_only=True, cache=cache) as warm:
        warm.slice("atlas", ContentsCode=metrics[0], Tid=years[0], SNI2007=sni[0])  # warm the dictionaries
    # per request: nothing else holds the file, so every query really opens and closes it (a store held
    # by another thread would hand out a cursor of its connection instead)
    with (
        contextlib.nullcontext()
        if per_request
        else Store(tmp / "atlas.duckdb", read_only=True, cache=cache) as held
    ):
        times, kinds, cpu = [], [], []
        for q in range(n_queries):
            kind = q % 4
            m, y, i = rng.choice(metrics), rng.choice(years), rng.choice(sni)
            t, c0 = time.perf_counter(), time.thread_time()
            s = Store(tmp / "atlas.duckdb", read_only=True, cache=cache) if per_request else held
            if kind == 0:  # choropleth: one measure, year, industry, all municipalities, both sexes
                c = s.aggregate(
                    "atlas", dim="Kon", mapping={"1": "T", "2": "T"}, ContentsCode=m, Tid=y, SNI2007=i
                )
            elif kind == 1:  # time series for a few municipalities, all years
                c = s.slice(
                    "atlas", ContentsCode=m, SNI2007=i, Region=list(rng.choice(area, 5, replace=False))
                )
            elif kind == 2:  # county roll-up for all years
                c = s.aggregate(
                    "atlas", dim="Region", mapping=county, total_over=["Kon"], ContentsCode=m, SNI2007=i
                )
            else:  # ranked table: programme area municipalities x all industries, one year
                c = s.slice("atlas", ContentsCode=m, Tid=y, Region=area)
            if per_request:
                s.close()
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)  # this thread's CPU: what load on the machine hides
            kinds.append(kind)
            assert c.size > 0
    arr = np.array(times)
    by_kind = {
        k: float(np.percentile(arr[np.array(kinds) == i], 95))
        for i, k in enumerate(["map", "time_series", "county_rollup", "ranked_table"])
    }
    return {
        "cells": cube.size,
        "import_s": import_s,
        "queries": n_queries,
        "p50_ms": float(np.percentile(arr, 50)),
        "p95_ms": float(np.percentile(arr, 95)),
        "max_ms": float(arr.max()),
        "cpu_p50_ms": float(np.percentile(cpu, 50)),
        "cpu_p95_ms": float(np.percentile(cpu, 95)),
        "load": os.getloadavg()[0],
        "p95_by_kind_ms": by_kind,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", nargs=3)
    ap.add_argument("--trace", action="store_true", help="with --child: tracemalloc peak, untimed")
    ap.add_argument("--baseline")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--skip-others", action="store_true", help="do not run pyaxis/pyjstat")
    ap.add_argument("--atlas-only", action="store_true", help="only the atlas queries (held and per request)")
    ap.add_argument("--json-only", action="store_true", help="only JSON-stat 2.0 against 1.0 (ours)")
    args = ap.parse_args()
    if args.child:
        child(*args.child, trace=args.trace)
        return
    if args.baseline:
        baseline(args.baseline)
        return
    from spets.stats.jsonstat import to_jsonstat
    from spets.stats.px import dump_px

    if args.atlas_only:
        with tempfile.TemporaryDirectory() as d:
            for per_request in (False, True):
                r = atlas(Path(d), args.queries, per_request=per_request)
                print(
                    f"atlas {'per request' if per_request else 'held store'}: {r['cells']:,} cells, "
                    f"{r['queries']} queries: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
                    f"max {r['max_ms']:.1f} ms; CPU p50 {r['cpu_p50_ms']:.1f} ms, p95 {r['cpu_p95_ms']:.1f} ms; "
                    f"load {r['load']:.1f}; p95 by kind "
                    f"{ ({k: round(v, 1) for k, v in r['p95_by_kind_ms'].items()}) }",
                    flush=True,
                )
        return
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        cube = make_cube(n_sni=88, n_contents=6, n_years=17)  # 290*88*2*6*17 = 5.2 M cells
        px_path, js_path, js1_path = tmp / "bench.px", tmp / "bench.json", tmp / "bench1.json"
        px_path.write_bytes(dump_px(cube, codepage="iso-8859-1"))
        doc = to_jsonstat(cube)
        js_path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        js1_path.write_text(json.dumps(to_jsonstat1(doc), ensure_ascii=False), encoding="utf-8")
        del doc
        paths = {
            "ours_px": px_path,
            "pyaxis": px_path,
            "ours_json": js_path,
            "pyjstat": js_path,
            JSON1: js1_path,
        }
        print(
            f"cells: {cube.size:,}  PX {px_path.stat().st_size / 1e6:.0f} MB  "
            f"JSON-stat {js_path.stat().st_size / 1e6:.0f} MB",
            flush=True,
        )
        names = [
            n
            for n in ("ours_px", "pyaxis", "ours_json", JSON1, "pyjstat")
            if not (args.skip_others and n in ("pyaxis", "pyjstat"))
        ]
        if args.json_only:
            names = ["ours_json", JSON1]
        print(f"load average before: {os.getloadavg()}", flush=True)
        runs: dict[str, list[dict]] = {n: [] for n in names}
        for rep in range(args.repeat):  # interleaved, so a busy spell on the shared machine hits all
            # and in alternating order: a run right after another pays for the writeback of the DuckDB
            # file that one left behind, which always-the-same order charges to the same tool
            for name in names if rep % 2 == 0 else names[::-1]:
                r = measure(name, paths[name], tmp)
                runs[name].append(r)
                print(
                    f"run {rep + 1} {name:10s} {r['seconds']:8.2f} s  cpu {r['cpu_s']:6.2f} s  "
                    f"peak RSS {r['peak_mb']:7.0f} MB",
                    flush=True,
                )
        results = {}
        for name in names:
            secs = sorted(r["seconds"] for r in runs[name])
            cpus = sorted(r["cpu_s"] for r in runs[name])
            results[name] = {
                "cpu_best": cpus[0],
                "cpu_median": float(np.median(cpus)),
                "best": secs[0],
                "median": float(np.median(secs)),
                "worst": secs[-1],
                "peak_mb": max(r["peak_mb"] for r in runs[name]),
                **_child_run(["--baseline", name]),
                **measure(name, paths[name], tmp, trace=True),
            }
        print(f"load average after: {os.getloadavg()}")
        print(
            "| run | best s | median s | worst s | peak RSS MB | RSS after imports MB | tracemalloc peak MB |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name in names:
            r = results[name]
            print(
                f"| {name} | {r['best']:.2f} | {r['median']:.2f} | {r['worst']:.2f} | {r['peak_mb']:,.0f} | "
                f"{r['imports_rss_mb']:,.0f} | {r['tracemalloc_peak_mb']:,.0f} |"
            )
        if JSON1 in results and "ours_json" in results:
            o, t = results["ours_json"], results[JSON1]
            print(
                f"JSON-stat 1.0 / 2.0 (ours): best {t['best'] / o['best']:.2f}, median {t['median'] / o['median']:.2f}; "
                f"CPU best {t['cpu_best'] / o['cpu_best']:.2f}, median {t['cpu_median'] / o['cpu_median']:.2f} "
                f"(CPU s 2.0 {o['cpu_best']:.2f}/{o['cpu_median']:.2f}, 1.0 {t['cpu_best']:.2f}/{t['cpu_median']:.2f})"
            )
        if args.json_only:
            return
        for ours, other in (("ours_px", "pyaxis"), ("ours_json", "pyjstat")):
            if other in results:
                o, t = results[ours], results[other]
                print(
                    f"{other} / {ours}: best {t['best'] / o['best']:.1f}x, "
                    f"median {t['median'] / o['median']:.1f}x, "
                    f"their best / our worst {t['best'] / o['worst']:.1f}x"
                )
        a = atlas(tmp, args.queries)
        print(
            f"atlas: {a['cells']:,} cells, import {a['import_s']:.1f} s, {a['queries']} queries: "
            f"p50 {a['p50_ms']:.1f} ms, p95 {a['p95_ms']:.1f} ms, max {a['max_ms']:.1f} ms"
        )
        print("p95 by kind (ms):", {k: round(v, 1) for k, v in a["p95_by_kind_ms"].items()})
        r = atlas(tmp, args.queries, per_request=True)
        print(
            f"atlas, store opened and closed per query (as per web request): p50 {r['p50_ms']:.1f} ms, "
            f"p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms"
        )
        print("p95 by kind (ms):", {k: round(v, 1) for k, v in r["p95_by_kind_ms"].items()})


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
