"""Programme follow-up benchmark: every indicator of the programme over 60,000 companies and 500,000
activities, and the participant list XLSX for 10,000 companies, on PostgreSQL.

Run on demand (not in CI): `.venv/bin/python bench/bench_programme.py`. Needs PostgreSQL on 127.0.0.1:5432
(user postgres, trust auth). It (re)creates the database `spets_bench_programme`, migrates, fills the
register with COPY — 60,000 companies with yearly figures 2023–2026, 500,000 activities 2024–2026 (one or
two companies each, one or two advisors, focus areas), 2,000 recorded outcomes — sets up the demo project's
mapping and periods, and times:

- indicators: reading the register (`services.indicator_inputs.gather`) and counting every indicator with
  all breakdowns (`indicators.compute`, `snapshot.breakdown_tables`) for the final report (the whole
  project), best of 3;
- the figures document of the final report (`services.indicators.document`: indicators plus the snapshot,
  names, targets and the other parts' de minimis and cost sections), computed and kept, then read again
  with the register unchanged (`services.figures_cache`: the fingerprint of the inputs and the kept
  document), the report page's data and a drill-down page from it;
- the participant list XLSX of 2026H2 for IUC Dalarna, which supported exactly 10,000 companies then
  (`services.participants.export`, including computing the period), best of 3.

Prints the figures; write them into bench/README.md ("Programme follow-up").
"""

from __future__ import annotations

import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "spets_bench_programme"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
COMPANIES, ACTIVITIES, LIST_COMPANIES, OUTCOMES = 60_000, 500_000, 10_000, 2_000
DATA_DIR = Path(tempfile.gettempdir()) / "spets-bench-programme"
ENV = {
    **os.environ,
    "SPETS_DATABASE_URL": DB_URL,
    "SPETS_DEMO": "1",
    "SPETS_DATA_DIR": str(DATA_DIR),
    "DJANGO_SETTINGS_MODULE": "spets.settings",
}
START, END = datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)
H2_2026 = datetime.date(2026, 7, 1)


def setup_django() -> None:
    os.environ.update(ENV)
    sys.path[:0] = [str(ROOT / "src")]
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
        [str(ROOT / ".venv/bin/spets"), "migrate", "--skip-checks"],
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def copy(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
        for row in rows:
            out.write_row(row)


def fill() -> dict:
    from django.db import connection

    from spets.companies.models import Activity, ActivityAdvisor, Company
    from spets.companies.orgnr import make
    from spets.core.models import FocusArea, Organisation, Role, User
    from spets.geo.models import Municipality
    from spets.programme.models import CompanyOutcome, CompanyYearFigure

    rng = random.Random(11)
    municipalities = list(Municipality.objects.filter(in_programme=True).values_list("code", flat=True))
    orgs = dict(Organisation.objects.filter(in_programme=True).values_list("slug", "id"))
    dalarna = orgs["iuc-dalarna"]
    others = [pk for slug, pk in orgs.items() if slug != "iuc-dalarna"]
    areas = list(FocusArea.objects.values_list("id", flat=True))
    advisors = {
        pk: [
            User.objects.create_user(f"radgivare-{pk}-{n}", role=Role.ADVISOR, organisation_id=pk).pk
            for n in range(3)
        ]
        for pk in orgs.values()
    }
    manager = User.objects.create_user(
        "petra", role=Role.PROGRAMME_MANAGER, organisation_id=orgs["iuc-gavleborg"]
    )
    now = datetime.datetime.now(datetime.UTC)
    span = (END - START).days
    types = ["advisory_meeting", "company_visit", "workshop", "training", "analysis", "event"]

    # Activities 1..LIST_COMPANIES: IUC Dalarna with company i in 2026H2 (the participant list). The rest:
    # any date, other organisations whenever the date is in 2026H2 (so IUC Dalarna's list stays 10,000).
    activities, links, hours, focus = [], [], [], []
    for i in range(1, ACTIVITIES + 1):
        if i <= LIST_COMPANIES:
            day, org, companies = H2_2026 + datetime.timedelta(days=rng.randint(0, 180)), dalarna, [i]
        else:
            day = START + datetime.timedelta(days=rng.randint(0, span))
            org = rng.choice(others) if day >= H2_2026 else rng.choice(list(orgs.values()))
            first = rng.randint(1, COMPANIES)
            companies = [first] if rng.random() < 0.85 else [first, rng.randint(1, COMPANIES)]
        activities.append((i, rng.choice(types), f"Aktivitet {i}", day, org, "", "programme", True, now, now))
        links.extend((i, c) for c in dict.fromkeys(companies))
        for advisor in rng.sample(advisors[org], k=1 if rng.random() < 0.7 else 2):
            hours.append((i, advisor, rng.choice([1, 1.5, 2, 3, 4, 6, 8])))
        if rng.random() < 0.8:
            focus.append((i, rng.choice(areas)))
    with connection.cursor() as cur:
        raw = cur.connection.cursor()
        copy(
            raw,
            Company._meta.db_table,
            ["id", "orgnr", "name", "legal_form", "personal_data", "sni_id", "sni_codes", "municipality_id",
             "employees", "size_class", "website", "status", "synthetic", "version", "updated_at"],
            (
                (i, make("55", 6_000_000 + i), f"Företag {i} AB", "Aktiebolag", False, "25", "25620",
                 rng.choice(municipalities), e, "micro" if e < 10 else "small", "", "active", True, 1, now)
                for i in range(1, COMPANIES + 1)
                for e in [rng.randint(1, 49)]
            ),
        )  # fmt: skip
        copy(
            raw,
            Activity._meta.db_table,
            ["id", "type", "title", "date", "organisation_id", "outcome", "visibility", "synthetic",
             "created_at", "updated_at"],
            activities,
        )  # fmt: skip
        copy(raw, Activity.companies.through._meta.db_table, ["activity_id", "company_id"], links)
        copy(raw, ActivityAdvisor._meta.db_table, ["activity_id", "advisor_id", "hours"], hours)
        copy(raw, Activity.focus_areas.through._meta.db_table, ["activity_id", "focusarea_id"], focus)
        copy(
            raw,
            CompanyYearFigure._meta.db_table,
            ["company_id", "year", "employees", "turnover_sek", "source", "synthetic"],
            (
                (c, year, rng.randint(1, 60), rng.randint(1, 80) * 1_000_000, "bench", True)
                for c in range(1, COMPANIES + 1)
                for year in (2023, 2024, 2025, 2026)
            ),
        )
        kinds = ["new_to_market", "new_to_firm", "process_innovation", "high_digital_intensity"]
        copy(
            raw,
            CompanyOutcome._meta.db_table,
            ["company_id", "kind", "date", "organisation_id", "evidence", "created_at", "synthetic"],
            (
                (rng.randint(1, COMPANIES), rng.choice(kinds), datetime.date(2026, 6, 1), dalarna, "bench", now, True)
                for _ in range(OUTCOMES)
            ),
        )  # fmt: skip
        for model in (Company, Activity):
            table = model._meta.db_table
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        cur.execute("ANALYZE")
    return {"manager": manager, "links": len(links), "advisor_hours": len(hours)}


def set_up_project(manager):
    from decimal import Decimal

    from spets.core.models import Organisation
    from spets.programme.demo import MAPPING
    from spets.programme.models import Participant, Project, SupportTypeMapping
    from spets.programme.services.setup import create_periods

    project = Project.objects.create(
        code="bench",
        name="Bench",
        starts_on=START,
        ends_on=END,
        indirect_rate_percent=Decimal(15),
        inkind_rate_sek=Decimal(700),
    )
    for org in Organisation.objects.filter(in_programme=True):
        Participant.objects.create(project=project, organisation=org)
    for kind, (support, financial) in MAPPING.items():
        SupportTypeMapping.objects.create(
            project=project, activity_type=kind, support_type=support, financial=financial
        )
    create_periods(manager, project.pk)
    return project


def read_parts(project, period, defs) -> dict[str, float]:
    """Where the reading goes: the register's plain columns (PostgreSQL, packed), the companies' facts and
    the yearly figures — read at once on their own connections, so their times add up to more than the
    wall time — and the sums in numpy with the companies' records (`array_sums`, together)."""
    from spets.core.scoping import unscoped
    from spets.programme import indicators as engine
    from spets.programme import register_sums
    from spets.programme.services import indicator_inputs as ii

    mapping = ii.mapping_of(project)
    parts = {
        "register columns (PostgreSQL, each)": ii._columns,
        "companies' facts": ii._company_facts_of,
        "yearly figures": ii._year_columns,
    }
    spent = dict.fromkeys(parts, 0.0)
    summing = register_sums.company_sums

    def timed(name, fn):
        def run(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t

        return run

    out = {}
    with unscoped():
        try:
            for name, fn in parts.items():
                setattr(ii, fn.__name__, timed(name, fn))
            register_sums.company_sums = timed("sums (numpy) + records", summing)
            t = time.perf_counter()
            ii.array_sums(project, period.starts_on, period.ends_on, engine.channels(defs), mapping)
            out["register read and summed (array_sums, wall)"] = time.perf_counter() - t
            out.update(spent)
        finally:
            for fn in parts.values():
                setattr(ii, fn.__name__, fn)
            register_sums.company_sums = summing
    return out


def best_of(n: int, fn) -> tuple[float, list[float], object]:
    times, result = [], None
    for _ in range(n):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), times, result


def main() -> None:
    reuse = "--reuse" in sys.argv  # keep the database of an earlier run (faster when tuning)
    if not reuse:
        create_database()
    else:  # new migrations since that run
        subprocess.run(
            [str(ROOT / ".venv/bin/spets"), "migrate", "--skip-checks"],
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    setup_django()
    from django.contrib.auth import get_user_model

    from spets.core.scoping import unscoped
    from spets.programme import indicators as engine
    from spets.programme.models import Project, ReportingPeriod
    from spets.programme.services import indicator_inputs, participants
    from spets.programme.services import indicators as svc
    from spets.programme.snapshot import breakdown_tables

    t = time.perf_counter()
    if reuse:
        filled = {"manager": get_user_model().objects.get(username="petra"), "links": 0, "advisor_hours": 0}
        project = Project.objects.get(code="bench")
    else:
        with unscoped():
            filled = fill()
        project = set_up_project(filled["manager"])
    fill_seconds = time.perf_counter() - t
    manager = filled["manager"]
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        final = ReportingPeriod.objects.get(project=project, code="final")
        cProfile.runctx("svc.compute(final)", globals(), locals(), "/tmp/bench_programme.prof")
        pstats.Stats("/tmp/bench_programme.prof").sort_stats("tottime").print_stats(25)
        return
    final = ReportingPeriod.objects.get(project=project, code="final")
    h2 = ReportingPeriod.objects.get(project=project, code="2026H2")
    version, defs = svc.definitions()

    from spets.programme.services.figures_cache import no_cyclic_gc

    def indicators():
        with no_cyclic_gc():  # as `services.indicators.compute` runs it
            return _indicators()

    def _indicators():
        t0 = time.perf_counter()
        with unscoped():
            inputs = indicator_inputs.gather(project, final.starts_on, final.ends_on, defs)
        t1 = time.perf_counter()
        results = engine.compute(
            defs,
            inputs.companies,
            project_start=project.starts_on,
            period_start=final.starts_on,
            end=final.ends_on,
            outcomes=inputs.outcomes,
            assessments=inputs.assessments,
            support_types_in_use=inputs.support_types_in_use,
        )
        breakdowns = breakdown_tables(results)
        t2 = time.perf_counter()
        return results, t1 - t0, t2 - t1, len(breakdowns)

    best, runs, (results, read_s, count_s, _n) = best_of(3, indicators)
    parts = read_parts(project, final, defs)
    co01 = results.indicators["CO01"].value
    from spets.programme import presenters
    from spets.programme.models import FiguresCache
    from spets.programme.services import figures_cache
    from spets.programme.services.report import report

    figures_cache.forget()
    cold, _runs, doc = best_of(1, lambda: svc.document(final))  # computes and keeps the document
    warm, warm_runs, _doc = best_of(3, lambda: svc.document(final))  # unchanged register: the kept summary
    whole, whole_runs, _whole = best_of(3, lambda: svc.document(final).whole())  # + the companies' facts
    kept = bytes(FiguresCache.objects.get(period=final).document)
    summary_bytes = int.from_bytes(kept[:8], "big")
    version, defs = svc.definitions()
    key, key_runs, _key = best_of(3, lambda: figures_cache.inputs_key(final, (version, [d.id for d in defs])))
    page, page_runs, _ctx = best_of(3, lambda: presenters.report_context(report(manager, final.pk)))
    drill, drill_runs, _dd = best_of(3, lambda: svc.drill_down(manager, final.pk, "CO01", "county", "20", 2))
    list_best, list_runs, (name, _type, content) = best_of(
        3, lambda: participants.export(manager, h2.pk, "xlsx", "iuc-dalarna")
    )
    rows = participants.participants(manager, h2.pk, "iuc-dalarna").rows

    print(f"data: {COMPANIES:,} companies, {ACTIVITIES:,} activities ({filled['links']:,} company links, "
          f"{filled['advisor_hours']:,} advisor rows), filled in {fill_seconds:.0f} s")  # fmt: skip
    print(f"all indicators, final report (whole project): best {best:.2f} s of {[round(r, 2) for r in runs]} "
          f"(read {read_s:.2f} s + count with breakdowns {count_s:.2f} s); CO01 = {co01:,.0f}, {len(results.companies):,} "
          f"supported companies, {len(defs)} indicators × 4 breakdowns")  # fmt: skip
    print("  reading, by part: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in parts.items()))
    print(f"figures document (indicators + snapshot + de minimis + costs), computed and kept: {cold:.2f} s, "
          f"its summary {len(str(doc)) / 1e6:.1f} MB as text")  # fmt: skip
    print(f"  read again, register unchanged (summary: indicators, breakdowns, what the report page reads): "
          f"best {warm:.2f} s of {[round(r, 2) for r in warm_runs]} "
          f"(fingerprint of the inputs best {key:.2f} s of {[round(r, 2) for r in key_runs]})")  # fmt: skip
    print(f"  read again with the companies' full facts (drill-down): best {whole:.2f} s of "
          f"{[round(r, 2) for r in whole_runs]}; kept compressed: summary {summary_bytes / 1e6:.1f} MB, "
          f"whole {len(kept) / 1e6:.1f} MB")  # fmt: skip
    print(f"  report page data (report + report_context): best {page:.2f} s of {[round(r, 2) for r in page_runs]}; "
          f"drill-down page (CO01, Dalarna, page 2): best {drill:.2f} s of {[round(r, 2) for r in drill_runs]}")  # fmt: skip
    print(f"participant list XLSX, 2026H2 IUC Dalarna: {len(rows):,} companies, best {list_best:.2f} s of "
          f"{[round(r, 2) for r in list_runs]}, {len(content) / 1e6:.2f} MB ({name})")  # fmt: skip
    print(
        f"median indicators {statistics.median(runs):.2f} s; median list {statistics.median(list_runs):.2f} s"
    )


if __name__ == "__main__":
    main()
