"""Demo data benchmark: how long loading the synthetic demo takes on a fresh SQLite database.

Run on demand (not in the test suite): `.venv/bin/python bench/bench_demo.py [--repeat 3]`. Each run is a
fresh subprocess with a new data directory (SQLite file, statistics store); migrating the database (which
also loads the reference data) is not timed. Two figures, each the wall time of one call:

* whole demo: `spets.core.demo.load_demo()`, every app's demo as `spets load-demo` loads it (the budget
  that tests/companies/test_demo.py used to assert: under 10 s);
* assessment demo: `spets.assessment.demo.load(7)` after the demo users and the companies demo (seed 1),
  as tests/assessment/test_demo.py builds it (its former budget: under 15 s).

The tests check what the demo contains and that it is deterministic; timing belongs here, where the
machine's load can be read beside the figure. Prints the figures; write them into bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

KINDS = {"whole": "whole demo (load_demo)", "assessment": "assessment demo (assessment.demo.load)"}


def child(kind: str) -> None:
    """One timed load in this process (started by main with a fresh SPETS_DATA_DIR)."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from spets.core.scoping import unscoped

    if kind == "whole":
        from spets.core.demo import load_demo

        started = time.perf_counter()
        load_demo()
        seconds = time.perf_counter() - started
    else:
        from spets.assessment import demo
        from spets.companies.demo import load as load_companies
        from spets.core.demo import demo_users

        with unscoped():
            demo_users()
            load_companies(1)
            started = time.perf_counter()
            demo.load(7)
            seconds = time.perf_counter() - started
    print(json.dumps({"kind": kind, "seconds": seconds}))


def run(kind: str) -> float:
    data_dir = tempfile.mkdtemp(prefix="spets-bench-demo-")
    env = {k: v for k, v in os.environ.items() if k != "SPETS_DATABASE_URL"}  # SQLite in data_dir
    env.update(SPETS_DEMO="1", SPETS_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="spets.settings")
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    if done.returncode != 0:
        sys.exit(f"{kind} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--only", choices=sorted(KINDS), help="measure one figure")
    parser.add_argument("--child", choices=sorted(KINDS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for kind in [args.only] if args.only else list(KINDS):
        times = [run(kind) for _ in range(args.repeat)]
        print(
            f"{KINDS[kind]}: best {min(times):.2f} s, median {statistics.median(times):.2f} s, "
            f"worst {max(times):.2f} s ({args.repeat} runs)"
        )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
