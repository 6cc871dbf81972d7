"""Economy benchmark: matrix-free multi-regional model vs pymrio's calc_all (run on demand, prints figures).

    .venv/bin/python bench/bench_economy.py                # sizes 10, 20, 40, 80 regions × 64 industries
    .venv/bin/python bench/bench_economy.py --sizes 290    # Spets only at full size
    .venv/bin/python bench/bench_economy.py --pymrio-sizes 10 20 40 80 120

Each measurement runs in a fresh subprocess; reported: wall time of the computation, tracemalloc peak of
the computation, and ru_maxrss of the process. Spets computes: building the model, a footprint (Type I and
Type II output for a shock) and the output and employment multipliers of all sectors (Type I and II).
pymrio computes calc_all on the same multi-regional system (dense Z built from the same coefficients).
Also the programme-area scenario (41 + 1 regions) latency on the demo table (pure), and through the
platform service on a fresh demo database (`--service-only` for just that).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc

import numpy as np

N_IND = 64


def synthetic_inputs(regions: int, seed: int = 0):
    """Synthetic but realistic: 64 industries, national A with column sums 0.3–0.65, lognormal regions."""
    rng = np.random.default_rng(seed)
    a = rng.gamma(0.3, 1.0, (N_IND, N_IND))
    a[rng.random((N_IND, N_IND)) < 0.5] = 0.0
    a += np.eye(N_IND) * rng.uniform(0.05, 0.2, N_IND)
    a *= rng.uniform(0.3, 0.65, N_IND) / a.sum(axis=0)
    size = rng.lognormal(0, 1.0, regions)
    emp = size[:, None] * rng.lognormal(0, 0.8, (regions, N_IND)) * rng.uniform(500, 5000, N_IND)[None, :]
    lon = rng.uniform(11.5, 23.5, regions)
    lat = rng.uniform(55.5, 68.5, regions)
    jobs_per_output = rng.uniform(0.1, 1.5, N_IND)
    return a, emp, lon, lat, jobs_per_output


def run_spets(regions: int) -> dict:
    from spets.economy.regional import Households, MultiRegionalModel, gravity_commuting_estimate

    a, emp, lon, lat, e = synthetic_inputs(regions)
    inds = [f"P{i:02d}" for i in range(N_IND)]
    codes = [f"K{r:04d}" for r in range(regions)]
    tracemalloc.start()
    t0 = time.perf_counter()
    commuting = gravity_commuting_estimate(lon, lat, emp.sum(axis=1))
    hh = Households(wage_row=e * 0.4, consumption=np.full(N_IND, 0.5 / N_IND), commuting=commuting)
    model = MultiRegionalModel(a, inds, codes, lon, lat, emp, households=hh)
    shock = np.zeros((regions, N_IND))
    shock[0, 10] = 100.0
    x1 = model.output(shock)
    x2 = model.output(shock, households_endogenous=True)
    mult = model.multipliers({"employment": e}, type_ii=True)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert x2.total() > x1.total() > 0 and mult.simple["employment"].shape == (regions, N_IND)
    return {
        "tool": "spets",
        "regions": regions,
        "sectors": regions * N_IND,
        "seconds": elapsed,
        "tracemalloc_peak_mb": peak / 2**20,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def dense_mrio(regions: int):
    """The same system as a dense A (for pymrio), built from the model's own operator blocks."""
    from spets.economy.regional import MultiRegionalModel

    a, emp, lon, lat, e = synthetic_inputs(regions)
    m = MultiRegionalModel(
        a, [f"P{i:02d}" for i in range(N_IND)], [f"K{r:04d}" for r in range(regions)], lon, lat, emp
    )
    n, r = N_IND, regions
    inv_norm = m._inv_norm  # (R, n): 1 / N[s, i]
    big = np.empty((r, n, r, n))
    for s in range(r):
        imported = a[None, :, :] - m.qa[s][None, :, :]  # (1, i, j)
        g = emp * m.decay[:, s][:, None] * inv_norm[s][None, :]  # g^i_rs, (r, i)
        big[:, :, s, :] = g[:, :, None] * imported
        big[s, :, s, :] += m.qa[s]
    return big.reshape(r * n, r * n), e


def run_pymrio(regions: int) -> dict:
    import pandas as pd
    import pymrio

    a_dense, e = dense_mrio(regions)
    size = a_dense.shape[0]
    rng = np.random.default_rng(1)
    y = rng.uniform(10, 100, (size, regions))
    x = np.linalg.solve(np.eye(size) - a_dense, y.sum(axis=1))
    z = a_dense * x[None, :]
    del a_dense
    idx = pd.MultiIndex.from_product(
        [[f"K{r:04d}" for r in range(regions)], [f"P{i:02d}" for i in range(N_IND)]],
        names=["region", "sector"],
    )
    ycols = pd.MultiIndex.from_product(
        [[f"K{r:04d}" for r in range(regions)], ["final demand"]], names=["region", "category"]
    )
    io = pymrio.IOSystem(
        Z=pd.DataFrame(z, index=idx, columns=idx), Y=pd.DataFrame(y, index=idx, columns=ycols)
    )
    del z
    jobs = np.tile(e, regions) * x
    io.employment = pymrio.Extension(
        name="employment",
        F=pd.DataFrame(jobs[None, :], index=["jobs"], columns=idx),
        unit=pd.DataFrame({"unit": ["persons"]}, index=["jobs"]),
    )
    tracemalloc.start()
    t0 = time.perf_counter()
    io.calc_all()
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "tool": "pymrio",
        "regions": regions,
        "sectors": size,
        "seconds": elapsed,
        "tracemalloc_peak_mb": peak / 2**20,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_scenario_latency() -> dict:
    from spets.economy.demo import programme_geography
    from spets.economy.footprint import EconomyModel
    from spets.economy.scenario import Change, Scenario, run_scenario
    from spets.economy.tables import load_demo_table

    table = load_demo_table()
    geo = programme_geography(table)
    scen = Scenario("+300 jobs SNI 24 Borlänge", (Change("2081", "C24", jobs=300),), area=geo.codes[:-1])
    run_scenario(EconomyModel(geo, table), scen)
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        run_scenario(EconomyModel(geo, table), scen).to_dict()
        times.append(time.perf_counter() - t0)
    return {
        "tool": "scenario",
        "regions": 42,
        "median_ms": 1000 * float(np.median(times)),
        "max_ms": 1000 * float(np.max(times)),
    }


def timed_scenario(changes: list[str], repeat: int = 20, regions: str = "programme") -> dict[str, float]:
    """Latency of `spets.economy.services.scenario` on the warm model (ms): median and max over ``repeat``
    runs (the first call builds the model and the baseline)."""
    from spets.economy import services

    services.scenario(changes, regions=regions)  # warm-up (build + baseline)
    times = []
    for _run in range(repeat):
        start = time.perf_counter()
        services.scenario(changes, regions=regions)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": times[len(times) // 2], "max_ms": times[-1], "runs": repeat}


def run_service_latency(region_set: str = "programme") -> dict:
    """The platform path: `spets.economy.services.scenario` on a fresh demo database (41 + 1 regions, or all
    290 municipalities with ``region_set='sweden'``; real municipality geometry, the statistics store's
    synthetic employment series, register shares)."""
    import os
    import tempfile

    data_dir = tempfile.mkdtemp(prefix="spets-bench-economy-")
    os.environ.update(SPETS_DEMO="1", SPETS_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="spets.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from spets.core.demo import load_demo

    load_demo()
    from spets.economy import inputs, services
    from spets.geo.models import Municipality
    from spets.stats.store import Store
    from spets.stats.synthetic import demo_cube

    with Store(settings.STATS_STORE_PATH) as store:  # the stats demo may already have stored it: no-op then
        if not store.cubes(inputs.SERIES):
            munis = [(m.code, m.name, m.county_id) for m in Municipality.objects.order_by("code")]
            store.import_cube(demo_cube(munis), series=inputs.SERIES)
    t0 = time.perf_counter()
    built = services.model_for(None, region_set)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    services.scenario(["kommun:2081,sni:24,jobs:+300"], regions=region_set)  # + the programme baseline, once
    first = time.perf_counter() - t0
    warm = timed_scenario(
        ["kommun:2081,sni:24,jobs:+300"], repeat=50 if region_set == "programme" else 10, regions=region_set
    )
    out = {
        "tool": "service",
        "regions": len(built.inputs.geography.codes),
        "region_set": region_set,
        "cold_build_ms": 1000 * cold,
        "first_scenario_ms": 1000 * first,
        "median_ms": warm["median_ms"],
        "max_ms": warm["max_ms"],
    }
    if region_set == "programme":
        t0 = time.perf_counter()
        services.scenario(["kommun:2081,sni:24,jobs:+300"], draws=40)
        out["monte_carlo_40_ms"] = 1000 * (time.perf_counter() - t0)
    return out


def in_subprocess(kind: str, regions: int, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, str(regions)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"tool": kind, "regions": regions, "error": f"timeout after {timeout:.0f} s"}
    if out.returncode != 0:
        return {"tool": kind, "regions": regions, "error": (out.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", type=int, nargs="*", default=[10, 20, 40, 80, 160, 290])
    p.add_argument("--pymrio-sizes", type=int, nargs="*", default=[10, 20, 40, 80])
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--child", nargs=2)
    p.add_argument("--service-only", action="store_true", help="only the platform scenario latency")
    p.add_argument(
        "--service-regions",
        choices=("programme", "sweden"),
        default="programme",
        help="region set of the service benchmark (sweden: all 290 municipalities, no Monte Carlo)",
    )
    args = p.parse_args()
    if args.service_only:
        print(json.dumps(in_subprocess("service-" + args.service_regions, 42, args.timeout)))
        return
    if args.child:
        kind, regions = args.child[0], int(args.child[1])
        fn = {
            "spets": run_spets,
            "pymrio": run_pymrio,
            "scenario": lambda _r: run_scenario_latency(),
            "service": lambda _r: run_service_latency(),
            "service-programme": lambda _r: run_service_latency("programme"),
            "service-sweden": lambda _r: run_service_latency("sweden"),
        }[kind]
        print(json.dumps(fn(regions)))
        return
    rows = []
    for r in sorted(set(args.sizes) | set(args.pymrio_sizes)):
        if r in args.sizes or r in args.pymrio_sizes:
            rows.append(in_subprocess("spets", r, args.timeout))
        if r in args.pymrio_sizes:
            rows.append(in_subprocess("pymrio", r, args.timeout))
        print(json.dumps(rows[-1]), flush=True)
    rows.append(in_subprocess("scenario", 42, args.timeout))
    print(json.dumps(rows[-1]))
    rows.append(in_subprocess("service", 42, args.timeout))
    print(json.dumps(rows[-1]))
    print("\nregions sectors | spets s  MB(peak) | pymrio s  MB(peak) | time ratio  memory ratio")
    by = {(r["tool"], r["regions"]): r for r in rows}
    for r in sorted({row["regions"] for row in rows if row["tool"] == "spets"}):
        s, m = by.get(("spets", r)), by.get(("pymrio", r))
        line = f"{r:7d} {r * N_IND:7d} | {s['seconds']:7.3f} {s['tracemalloc_peak_mb']:8.1f} |"
        if m and "seconds" in m:
            line += (
                f" {m['seconds']:8.2f} {m['tracemalloc_peak_mb']:8.1f} | {m['seconds'] / s['seconds']:9.0f}x "
                f"{100 * s['tracemalloc_peak_mb'] / m['tracemalloc_peak_mb']:9.2f} %"
            )
        print(line)


if __name__ == "__main__":
    main()
