"""Register benchmark: search and company page p95 under HTTP load on PostgreSQL, and a 50,000-row import.

Run on demand (not in CI): `.venv/bin/python bench/bench_register.py`. Needs PostgreSQL on 127.0.0.1:5432
(user postgres, trust auth) and `wrk` (Debian package). It (re)creates the database `spets_bench`, fills it
with 60,000 companies, 150,000 contacts and 500,000 activities (COPY), starts gunicorn on a free port of
127.0.0.1 with bench_register_site (the real pages plus a bare Django view), runs wrk for a fixed time
against each URL with a logged-in session cookie, then times a 50,000-row CSV import in a child process
and reports its peak memory. Prints the figures; write them into bench/README.md ("Register").
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "spets_bench"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
COMPANIES, CONTACTS, ACTIVITIES, IMPORT_ROWS = 60_000, 150_000, 500_000, 50_000
DATA_DIR = Path(tempfile.gettempdir()) / "spets-bench-register"
ENV = {
    **os.environ,
    "SPETS_DATABASE_URL": DB_URL,
    "SPETS_DEMO": "1",
    "SPETS_DATA_DIR": str(DATA_DIR),
    "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT / 'src'}",
    "DJANGO_SETTINGS_MODULE": "bench_register_site",
}
WRK_SECONDS, WRK_CONNECTIONS = 15, 2  # one connection per gunicorn worker: latency, not queueing
WORDS = ["Berg", "Dal", "Sjö", "Lind", "Ek", "Gran", "Fors", "Näs", "Vik", "Björk", "Älv", "Holm", "Ström"]


def setup_django() -> None:
    os.environ.update({k: v for k, v in ENV.items() if k != "PYTHONPATH"})
    sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src")]
    import django

    django.setup()


def create_database() -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    DATA_DIR.mkdir(parents=True)
    subprocess.run(
        [str(ROOT / ".venv/bin/spets"), "migrate"],
        env={**ENV, "DJANGO_SETTINGS_MODULE": "spets.settings"},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def copy(cursor, model, columns: list[str], rows) -> None:
    table = model._meta.db_table
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
        for row in rows:
            out.write_row(row)


def fill() -> dict:
    """60k companies, 150k contacts, 500k activities (one advisor each) in a few COPY statements."""
    from django.db import connection

    from spets.companies.models import Activity, ActivityAdvisor, Company, Contact
    from spets.companies.orgnr import make
    from spets.core.models import Organisation, Role, User
    from spets.geo.models import Municipality

    rng = random.Random(7)
    municipalities = list(Municipality.objects.filter(in_programme=True).values_list("code", flat=True))
    divisions = ["10", "16", "17", "22", "24", "25", "27", "28", "29", "31", "33"]
    orgs = list(Organisation.objects.filter(in_programme=True).values_list("id", flat=True))
    org = Organisation.objects.get(slug="iuc-dalarna")
    user = User.objects.create_user("bench", password="bench-pass-123", role=Role.ADVISOR, organisation=org)
    now = datetime.datetime.now(datetime.UTC)
    today = datetime.date.today()
    with connection.cursor() as cur:
        raw = cur.connection.cursor()
        copy(
            raw,
            Company,
            [
                "id",
                "orgnr",
                "name",
                "legal_form",
                "personal_data",
                "sni_id",
                "sni_codes",
                "municipality_id",
                "employees",
                "size_class",
                "website",
                "status",
                "synthetic",
                "version",
                "updated_at",
            ],
            (
                (
                    i,
                    make("55", 6_000_000 + i),
                    f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {i} AB",
                    "Aktiebolag",
                    False,
                    d,
                    d,
                    rng.choice(municipalities),
                    e,
                    "micro" if e < 10 else "small",
                    "",
                    "active",
                    True,
                    1,
                    now,
                )
                for i in range(1, COMPANIES + 1)
                for d, e in [(rng.choice(divisions), rng.randint(1, 49))]
            ),
        )
        copy(
            raw,
            Contact,
            [
                "company_id",
                "name",
                "title",
                "email",
                "phone",
                "lawful_basis",
                "interest_assessment",
                "consent_source",
                "consent_scope",
                "retention_start",
                "retention_months",
                "legal_hold_reason",
                "anonymised",
                "synthetic",
                "version",
                "created_at",
                "updated_at",
            ],
            (
                (
                    rng.randint(1, COMPANIES),
                    f"Person {i}",
                    "VD",
                    f"p{i}@example.invalid",
                    "",
                    "legitimate_interest",
                    "",
                    "",
                    "",
                    today,
                    36,
                    "",
                    False,
                    True,
                    1,
                    now,
                    now,
                )
                for i in range(CONTACTS)
            ),
        )
        copy(
            raw,
            Activity,
            [
                "id",
                "type",
                "title",
                "date",
                "organisation_id",
                "outcome",
                "visibility",
                "synthetic",
                "created_at",
                "updated_at",
            ],
            (
                (
                    i,
                    "advisory_meeting",
                    f"Möte {i}",
                    today - datetime.timedelta(days=rng.randint(0, 900)),
                    rng.choice(orgs),
                    "",
                    "organisation" if i % 4 == 0 else "programme",
                    True,
                    now,
                    now,
                )
                for i in range(1, ACTIVITIES + 1)
            ),
        )
        copy(
            raw,
            Activity.companies.through,
            ["activity_id", "company_id"],
            ((i, rng.randint(1, COMPANIES)) for i in range(1, ACTIVITIES + 1)),
        )
        copy(
            raw,
            ActivityAdvisor,
            ["activity_id", "advisor_id", "hours"],
            ((i, user.pk, rng.choice([1, 2, 3.5, 8])) for i in range(1, ACTIVITIES + 1)),
        )
        for model in (Company, Activity):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
                f"(SELECT max(id) FROM {model._meta.db_table}))"
            )
        cur.execute("ANALYZE")
    return {"user": user}


def session_cookie(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def queries_per_page(user) -> dict:
    """SQL queries per request (Django test client in this process, same database and settings)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    rng = random.Random(5)
    counts = {}
    for kind, paths in {
        "search": [f"/companies/?q={w.lower()}" for w in WORDS] + ["/companies/?q=5560001"],
        "company": [f"/companies/{rng.randint(1, COMPANIES)}/" for _ in range(20)],
    }.items():
        seen = []
        client.get(paths[0])  # warm: the search form's filter lists are cached after the first request
        for path in paths:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path).status_code == 200, path
            seen.append(len(ctx.captured_queries))
        counts[kind] = (min(seen), max(seen))
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WRK_SCRIPT = """
local paths = {%s}
local kind = "%s"
math.randomseed(11)
request = function()
  local path
  if kind == "company" then path = "/companies/" .. math.random(1, %d) .. "/"
  elseif kind == "search" then path = "/companies/?q=" .. paths[math.random(1, #paths)]
  else path = "/bench/bare" end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT p50=%%.2f p95=%%.2f p99=%%.2f requests=%%d errors=%%d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
"""


def run_wrk(port: int, cookie: str, kind: str) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    terms = ", ".join(f'"{quote(w.lower())}"' for w in WORDS) + ', "5560001", "AB"'
    script.write_text(WRK_SCRIPT % (terms, kind, COMPANIES))
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{WRK_CONNECTIONS}",
            f"-d{WRK_SECONDS}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            "-H",
            f"Cookie: sessionid={cookie}",
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=WRK_SECONDS + 30,
        check=True,
    ).stdout
    script.unlink()
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    figures = dict(part.split("=") for part in line.split()[1:])
    return {k: float(v) for k, v in figures.items()}


def http_benchmark(user) -> dict:
    cookie = session_cookie(user)
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            "2",
            "--threads",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "spets.wsgi:application",
        ],
        env=ENV,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        import urllib.request

        for path in ("/bench/bare", "/companies/?q=berg", "/companies/1/"):  # warm up, check logged in
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={cookie}"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200 and "/login/" not in response.url, path
        return {kind: run_wrk(port, cookie, kind) for kind in ("bare", "search", "company")}
    finally:
        server.terminate()
        server.wait(timeout=20)


def make_import_file(path: Path) -> None:
    from spets.companies.orgnr import make
    from spets.geo.models import Municipality

    rng = random.Random(3)
    names = list(Municipality.objects.filter(in_programme=True).values_list("name", flat=True))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Organisationsnummer", "Företagsnamn", "Kommun", "SNI", "Anställda", "Omsättning"])
        for i in range(IMPORT_ROWS):
            # a fifth update companies already in the register, the rest are new
            number = make("55", 6_000_001 + i // 5) if i % 5 == 0 else make("55", 7_000_000 + i)
            writer.writerow(
                [
                    number,
                    f"Importbolag {i} AB",
                    rng.choice(names),
                    "25110",
                    rng.randint(1, 200),
                    rng.randint(1, 50) * 1_000_000,
                ]
            )


def import_child() -> None:
    """Runs in a child process so its peak RSS is the import's own."""
    setup_django()
    from spets.companies.services import import_columns, import_files, imports
    from spets.core.models import User

    path = DATA_DIR / "import-50k.csv"
    make_import_file(path)
    user = User.objects.get(username="bench")
    mapping = import_columns.suggest_mapping(import_files.open_table(path).headers)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    summary = imports.preview(path, mapping)
    previewed = time.perf_counter()
    totals = imports.write(path, mapping, user, valid_rows_only=False, import_id="bench", file_name=path.name)
    finished = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"IMPORT preview_s={previewed - started:.1f} write_s={finished - previewed:.1f} "
        f"baseline_mb={baseline / 1024:.0f} peak_mb={peak / 1024:.0f} created={totals['create']} "
        f"updated={totals['update']} rejected={summary.counts['reject']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--import-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", action="store_true", help="keep the existing spets_bench database")
    parser.add_argument("--skip-import", action="store_true", help="only the HTTP part")
    args = parser.parse_args()
    if args.import_child:
        import_child()
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    started = time.perf_counter()
    if not args.reuse:
        create_database()
    setup_django()
    if args.reuse:
        from spets.core.models import User

        user = User.objects.get(username="bench")
    else:
        user = fill()["user"]
    print(
        f"database ready in {time.perf_counter() - started:.0f} s "
        f"({COMPANIES} companies, {CONTACTS} contacts, {ACTIVITIES} activities)"
    )
    for kind, (low, high) in queries_per_page(user).items():
        print(f"{kind} queries per request: {low}–{high}")
    figures = http_benchmark(user)
    for kind, f in figures.items():
        print(
            f"{kind:8s} p50 {f['p50']:7.2f} ms  p95 {f['p95']:7.2f} ms  p99 {f['p99']:7.2f} ms  "
            f"requests {f['requests']:.0f}  errors {f['errors']:.0f}"
        )
    for kind in ("search", "company"):
        print(f"{kind} p95 / bare p95 = {figures[kind]['p95'] / figures['bare']['p95']:.1f}")
    if args.skip_import:
        return
    child = subprocess.run(
        [sys.executable, __file__, "--import-child"], env=ENV, capture_output=True, text=True, timeout=600
    )
    print(next((x for x in child.stdout.splitlines() if x.startswith("IMPORT")), child.stderr[-2000:]))
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
