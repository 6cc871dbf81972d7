"""Load test: mixed traffic of five roles against gunicorn + PostgreSQL with 105,000 companies.

Run on demand (not in CI): `.venv/bin/python bench/bench_load.py [--minutes 10] [--connections 16]`.
Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth). It fills the database `spets_bench`
like bench_register.py but with 105,000 companies (COPY), adds one login per role and the synthetic
statistics, starts `spets serve` (gunicorn, 2 workers × 4 threads) on a free loopback port and sends
requests from N client threads for the given time. Each client is one role and walks that role's pages
in random order: advisor (start page, search, company page, referrals), programme manager (start page,
programme overview, search), analyst (atlas, atlas API, footprint), viewer (search, company page) and a
company user (start page). Prints p50/p95/p99 per page, throughput and every error (non-2xx or
exception); a run passes with 0 errors. Figures go into bench/README.md ("Load").
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

sys.path[:0] = [str(Path(__file__).resolve().parent)]
import bench_register as base  # noqa: E402 — the same database set-up, with more companies

base.COMPANIES = 105_000
ROOT = base.ROOT
ROLES = ("advisor", "programme_manager", "analyst", "viewer", "company")
WORDS = [quote(w.lower()) for w in base.WORDS]


def pages(role: str, rng: random.Random) -> tuple[str, str]:
    """(page name, path) of this role's next request."""
    company = rng.randint(1, base.COMPANIES)
    choices = {
        "advisor": [
            ("start", "/"),
            ("search", f"/companies/?q={rng.choice(WORDS)}"),
            ("company", f"/companies/{company}/"),
            ("referrals", "/companies/referrals/"),
        ],
        "programme_manager": [
            ("start", "/"),
            ("programme", "/programme/"),
            ("search", f"/companies/?q={rng.choice(WORDS)}"),
        ],
        "analyst": [
            ("atlas", "/atlas/"),
            ("atlas api", "/api/stats/atlas?level=municipality&area=20"),
            ("footprint", "/footprint/"),
        ],
        "viewer": [("search", f"/companies/?q={rng.choice(WORDS)}"), ("company", f"/companies/{company}/")],
        "company": [("start", "/")],
    }[role]
    return rng.choice(choices)


def users() -> dict[str, str]:
    """One logged-in session cookie per role."""
    from django.test import Client

    from spets.companies.models import Company
    from spets.core.models import Organisation, Role, User
    from spets.core.scoping import unscoped

    org = Organisation.objects.get(slug="iuc-gavleborg")
    with unscoped():
        own = Company.objects.order_by("pk").first()
    made = {"advisor": User.objects.get(username="bench")}
    for role, value in (
        ("programme_manager", Role.PROGRAMME_MANAGER),
        ("analyst", Role.ANALYST),
        ("viewer", Role.VIEWER),
        ("company", Role.COMPANY),
    ):
        extra = {"company_id_scope": own.pk} if role == "company" else {}
        made[role], _ = User.objects.get_or_create(
            username=f"bench-{role}", defaults={"role": value, "organisation": org, **extra}
        )
    cookies = {}
    for role, user in made.items():
        client = Client()
        client.force_login(user)
        cookies[role] = client.cookies["sessionid"].value
    return cookies


def load_statistics() -> None:
    from spets.stats import demo as stats_demo
    from spets.stats.services import close_store

    stats_demo.load(20250601)
    close_store()  # the servers open the store read-only: this process must not hold it open for writing


def serve(port: int) -> subprocess.Popen:
    env = {**base.ENV, "DJANGO_SETTINGS_MODULE": "spets.settings"}
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/spets"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        + ["--workers", "2", "--threads", "4", "--no-migrate"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(base.DATA_DIR / "server.log", "w"),  # noqa: SIM115 — the server's whole life
    )


def client(port, role, cookie, until, seed, timings, errors, lock) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        name, path = pages(role, rng)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={cookie}"}
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — loopback only
                response.read()
                ok = 200 <= response.status < 300
                status = response.status
        except urllib.error.HTTPError as exc:  # every page of the list is one the role may open
            ok, status = False, exc.code
        except OSError as exc:
            ok, status = False, repr(exc)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            timings[f"{role}: {name}"].append(elapsed)
            if not ok:
                errors.append((role, path, status))


def percentile(values: list[float], p: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if len(values) > 1 else values[0]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--reuse", action="store_true", help="keep the existing spets_bench database")
    args = parser.parse_args()
    started = time.perf_counter()
    if not args.reuse:
        base.create_database()
    base.setup_django()
    if not args.reuse:
        base.fill()
        load_statistics()
    cookies = users()
    print(f"database ready in {time.perf_counter() - started:.0f} s ({base.COMPANIES} companies)")
    port = base.free_port()
    server = serve(port)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).close()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit(f"the server did not start; see {base.DATA_DIR / 'server.log'}")
                time.sleep(0.5)
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list = []
        lock = threading.Lock()
        until = time.monotonic() + args.minutes * 60
        threads = [
            threading.Thread(
                target=client,
                args=(
                    port,
                    ROLES[i % len(ROLES)],
                    cookies[ROLES[i % len(ROLES)]],
                    until,
                    i,
                    timings,
                    errors,
                    lock,
                ),
            )
            for i in range(args.connections)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(len(v) for v in timings.values())
    print(
        f"{args.minutes:g} min, {args.connections} connections, {total} requests, "
        f"{total / (args.minutes * 60):.1f} requests/s, {len(errors)} errors"
    )
    for name in sorted(timings):
        v = timings[name]
        print(
            f"  {name:28s} n {len(v):6d}  p50 {percentile(v, 50):7.1f} ms  p95 {percentile(v, 95):7.1f} ms  "
            f"p99 {percentile(v, 99):7.1f} ms"
        )
    for role, path, status in errors[:20]:
        print(f"  error: {role} {path} -> {status}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
