"""Scenario page latency through Django (HTMX partial) and the programme scenario service, warm.

    .venv/bin/python bench/bench_footprint_page.py            # figures
    .venv/bin/python bench/bench_footprint_page.py --profile  # + where the time goes (cProfile, top 25)
    .venv/bin/python bench/bench_footprint_page.py --profile --sort cumulative

Builds a fresh demo database in a temporary directory, logs in a demo user and posts the scenario form
(+300 jobs SNI 24 in Borlänge, no Monte Carlo) with the 41 + 1 programme regions and with all 290
municipalities as model regions. Targets (issue #12): page with 290 municipalities < 300 ms warm, programme
scenario service < 20 ms warm.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time


def setup() -> None:
    data_dir = tempfile.mkdtemp(prefix="spets-bench-footprint-")
    os.environ.update(SPETS_DEMO="1", SPETS_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="spets.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from spets.core.demo import load_demo

    load_demo()
    from spets.economy import inputs
    from spets.geo.models import Municipality
    from spets.stats.store import Store
    from spets.stats.synthetic import demo_cube

    with Store(settings.STATS_STORE_PATH) as store:
        if not store.cubes(inputs.SERIES):
            munis = [(m.code, m.name, m.county_id) for m in Municipality.objects.order_by("code")]
            store.import_cube(demo_cube(munis), series=inputs.SERIES)


def timed(fn, repeat: int) -> tuple[float, float, float]:
    """Best, median and worst of ``repeat`` warm calls in ms (best is the figure least moved by a busy
    machine; print `uptime` beside it)."""
    fn()  # warm: builds the model and the baseline once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[0], times[len(times) // 2], times[-1]


def profile(label: str, fn, calls: int, sort: str) -> None:
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(calls):
        fn()
    prof.disable()
    print(f"\n--- {label}, {calls} calls, sorted by {sort} ---")
    pstats.Stats(prof).sort_stats(sort).print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="print where the page's time goes")
    parser.add_argument("--sort", default="tottime", help="cProfile sort key (tottime, cumulative)")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from spets.economy import services

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.filter(is_active=True).order_by("id").first())
    form = {"municipality": "2081", "sni": "C24", "jobs": "300", "draws": "0", "area": "programme"}

    def page(regions: str):
        def post():
            r = client.post("/footprint/scenario/", {**form, "regions": regions}, HTTP_HX_REQUEST="true")
            assert r.status_code == 200, r.status_code
            return r

        return post

    change = ["kommun:2081,sni:24,jobs:+300"]
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    best, med, worst = timed(lambda: services.scenario(change), 50)
    print(
        f"programme scenario service, warm: best {best:.1f} ms, median {med:.1f} ms, max {worst:.1f} ms"
        " (target < 20)"
    )
    for regions in ("programme", "sweden"):
        best, med, worst = timed(page(regions), args.repeat)
        print(
            f"scenario page, regions={regions}, warm: best {best:.0f} ms, median {med:.0f} ms, max {worst:.0f} ms",
            end="",
        )
        print(" (target < 300)" if regions == "sweden" else "")
    footprint = lambda: client.get("/footprint/", {"regions": "sweden"})  # noqa: E731
    best, med, worst = timed(footprint, args.repeat)
    print(
        f"footprint page, regions=sweden, warm: best {best:.0f} ms, median {med:.0f} ms, max {worst:.0f} ms"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.profile:
        profile("scenario page, regions=sweden", page("sweden"), 5, args.sort)
        profile("programme scenario service", lambda: services.scenario(change), 50, args.sort)


if __name__ == "__main__":
    main()
