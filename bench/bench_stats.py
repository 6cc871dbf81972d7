"""Statistics benchmark (run on demand): `.venv/bin/python bench/bench_stats.py [--cells 5000000]`.

1. Writes a ~5-million-cell table as PC-Axis and as JSON-stat 2.0 into a temp dir.
2. Parses + stores each with spets.stats (PX -> DuckDB, JSON-stat -> DuckDB) and parses the same
   files with pyaxis / pyjstat (to a DataFrame). Each run is its own subprocess, so peak memory
   (ru_maxrss) belongs to that run alone.
3. Imports a ~10-million-cell cube and times >= 200 varied atlas queries (map, time series,
   county roll-up, ranked table), reporting p50 / p95 / max.

Needs the bench extras (pyaxis, pyjstat). Prints a Markdown block for bench/README.md.
"""

from __future__ import annotations

import argparse
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
    dims = [C.Dimension("Region", regions, {"sv": "region"}, {"sv": [f"Kommun {r}" for r in regions]}, role="geo"),
            C.Dimension("SNI2007", sni, {"sv": "näringsgren"}, {"sv": [f"Bransch {s}" for s in sni]}),
            C.Dimension("Kon", ["1", "2"], {"sv": "kön"}, {"sv": ["män", "kvinnor"]}),
            C.Dimension("ContentsCode", contents, {"sv": "tabellinnehåll"}, {"sv": contents}, role="metric"),
            C.Dimension("Tid", years, {"sv": "år"}, {"sv": years}, role="time")]
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


RUNS = {"ours_px": run_ours_px, "ours_json": run_ours_json, "pyaxis": run_pyaxis, "pyjstat": run_pyjstat}


def child(name: str, path: str, db: str) -> None:
    t = time.perf_counter()
    RUNS[name](path, db)
    elapsed = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"name": name, "seconds": elapsed, "peak_mb": peak_mb}))


def measure(name: str, path: Path, tmp: Path) -> dict:
    db = tmp / f"{name}.duckdb"
    if db.exists():
        db.unlink()
    out = subprocess.run([sys.executable, __file__, "--child", name, str(path), str(db)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- atlas queries -----------------------------------------------------------------

def atlas(tmp: Path, n_queries: int) -> dict:
    from spets.stats.store import Store

    cube = make_cube(n_sni=88, n_contents=10, n_years=20, seed=11)  # 290*88*2*10*20 = 10.2 M cells
    with Store(tmp / "atlas.duckdb") as s:
        t = time.perf_counter()
        s.import_cube(cube, series="atlas")
        import_s = time.perf_counter() - t
    rng = np.random.default_rng(3)
    regions = cube.dim("Region").codes
    sni, metrics, years = cube.dim("SNI2007").codes, cube.dim("ContentsCode").codes, cube.dim("Tid").codes
    county = {r: r[:2] for r in regions}
    area = [r for r in regions if r[:2] in ("17", "20", "21")]
    with Store(tmp / "atlas.duckdb", read_only=True) as s:
        s.slice("atlas", ContentsCode=metrics[0], Tid=years[0], SNI2007=sni[0])  # warm the dictionaries
        times, kinds = [], []
        for q in range(n_queries):
            kind = q % 4
            m, y, i = rng.choice(metrics), rng.choice(years), rng.choice(sni)
            t = time.perf_counter()
            if kind == 0:  # choropleth: one measure, year, industry, all municipalities, both sexes
                c = s.aggregate("atlas", dim="Kon", mapping={"1": "T", "2": "T"}, ContentsCode=m, Tid=y, SNI2007=i)
            elif kind == 1:  # time series for a few municipalities, all years
                c = s.slice("atlas", ContentsCode=m, SNI2007=i, Region=list(rng.choice(area, 5, replace=False)))
            elif kind == 2:  # county roll-up for all years
                c = s.aggregate("atlas", dim="Region", mapping=county, total_over=["Kon"], ContentsCode=m, SNI2007=i)
            else:  # ranked table: programme area municipalities x all industries, one year
                c = s.slice("atlas", ContentsCode=m, Tid=y, Region=area)
            times.append((time.perf_counter() - t) * 1000)
            kinds.append(kind)
            assert c.size > 0
    arr = np.array(times)
    by_kind = {k: float(np.percentile(arr[np.array(kinds) == i], 95)) for i, k in
               enumerate(["map", "time_series", "county_rollup", "ranked_table"])}
    return {"cells": cube.size, "import_s": import_s, "queries": n_queries, "p50_ms": float(np.percentile(arr, 50)),
            "p95_ms": float(np.percentile(arr, 95)), "max_ms": float(arr.max()), "p95_by_kind_ms": by_kind}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", nargs=3)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--skip-others", action="store_true", help="do not run pyaxis/pyjstat")
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    from spets.stats.jsonstat import to_jsonstat
    from spets.stats.px import dump_px

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        cube = make_cube(n_sni=88, n_contents=6, n_years=17)  # 290*88*2*6*17 = 5.2 M cells
        px_path, js_path = tmp / "bench.px", tmp / "bench.json"
        px_path.write_bytes(dump_px(cube, codepage="iso-8859-1"))
        js_path.write_text(json.dumps(to_jsonstat(cube), ensure_ascii=False), encoding="utf-8")
        print(f"cells: {cube.size:,}  PX {px_path.stat().st_size / 1e6:.0f} MB  "
              f"JSON-stat {js_path.stat().st_size / 1e6:.0f} MB", flush=True)
        results = {}
        for name, path in [("ours_px", px_path), ("ours_json", js_path), ("pyaxis", px_path), ("pyjstat", js_path)]:
            if args.skip_others and name in ("pyaxis", "pyjstat"):
                continue
            results[name] = measure(name, path, tmp)
            print(f"{name:10s} {results[name]['seconds']:8.2f} s  peak {results[name]['peak_mb']:7.0f} MB", flush=True)
        if "pyaxis" in results:
            print(f"PX ratio (pyaxis / ours, parse+store): {results['pyaxis']['seconds'] / results['ours_px']['seconds']:.1f}x")
        if "pyjstat" in results:
            print(f"JSON-stat ratio (pyjstat / ours, parse+store): "
                  f"{results['pyjstat']['seconds'] / results['ours_json']['seconds']:.1f}x")
        a = atlas(tmp, args.queries)
        print(f"atlas: {a['cells']:,} cells, import {a['import_s']:.1f} s, {a['queries']} queries: "
              f"p50 {a['p50_ms']:.1f} ms, p95 {a['p95_ms']:.1f} ms, max {a['max_ms']:.1f} ms")
        print("p95 by kind (ms):", {k: round(v, 1) for k, v in a["p95_by_kind_ms"].items()})


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
