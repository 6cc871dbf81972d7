"""The figures document of an open period, kept between requests while the register data it is computed
from is unchanged.

Computing the document reads the whole register (at 60,000 companies and 500,000 activities: 10–25 s on
PostgreSQL), and the report page, its PDF, the command and every drill-down page need it. So the counted
part (`indicators.register_figures`) is stored, compressed, per period with a fingerprint of its inputs;
a report reads the stored document while the fingerprint matches and computes it again otherwise. The
hours-and-cost section (`costs.outcome_vs_budget`, seconds at that size) is kept with it; the cheap, always
current parts (targets, organisations, de minimis aid) are added on every read.

It is stored as two compressed parts (`snapshot.split`): the summary a report page reads (indicators,
breakdowns, a few facts per company: 1.6 MB of 14 at 60,000 companies) and the rest, parsed only when a
drill-down asks about a company (`snapshot.Summary`). `refresh` computes a changed period's document ahead
of the next report (`spets programme refresh`).

The fingerprint is a handful of aggregates over every table the indicators read (row counts, id sums,
the latest change times and versions), one scan of each table. It changes with any insert, delete or edit
of activities, their companies, hours and focus areas, companies (edits bump their version; merges too),
yearly figures, outcomes, assessments, the project's mapping and dates, the indicator definitions and the
cost section's tables (budget lines, salaries, time entries, expenses, approvals, corrections, people), by
whatever path they are written (the register's services, the admin, imports, demo loading), so there is
no hook to forget. A closed period never comes here: it reads its frozen snapshot.
"""

from __future__ import annotations

import hashlib
import json
import time
import zlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from spets.assessment.models import Assessment
from spets.companies.models import Activity, ActivityAdvisor, Company
from spets.core.models import User
from spets.core.scoping import unscoped
from spets.programme.indicators import FORMAT
from spets.programme.models import (
    BudgetLine,
    CompanyOutcome,
    CompanyYearFigure,
    Correction,
    Expense,
    FiguresCache,
    MonthApproval,
    Participant,
    ReportingPeriod,
    Salary,
    SupportTypeMapping,
    TimeEntry,
)
from spets.programme.register_sums import no_cyclic_gc
from spets.programme.snapshot import Summary, split

VERSION = 3  # bump when the document's content changes for the same inputs (a new field, a fixed rule)


def _aggregates() -> list[Any]:
    """Counts, id sums and latest changes of the tables the indicators read (one scan of each)."""
    t = {
        "activity": Activity._meta.db_table,
        "links": Activity.companies.through._meta.db_table,
        "focus": Activity.focus_areas.through._meta.db_table,
        "advisors": ActivityAdvisor._meta.db_table,
        "company": Company._meta.db_table,
        "years": CompanyYearFigure._meta.db_table,
        "outcomes": CompanyOutcome._meta.db_table,
        "assessments": Assessment._meta.db_table,
    }
    # An activity's date, type and organisation weigh in per row, so an edit that bypasses `save()` (a bulk
    # update, which leaves updated_at alone) still changes the fingerprint.
    if connection.vendor == "postgresql":
        day, letter = "(date - DATE '2000-01-01')", "ASCII(type)"
    else:
        day, letter = "CAST(julianday(date) AS INTEGER)", "unicode(type)"
    parts = [
        f"SELECT COUNT(*), SUM(id), MAX(updated_at), SUM(id * organisation_id), SUM({day}), SUM(id * {day}), "
        f"SUM(id * ({letter} + 7 * LENGTH(type))) FROM {t['activity']}",
        f"SELECT COUNT(*), SUM(company_id), SUM(activity_id), 0 FROM {t['links']}",
        f"SELECT COUNT(*), SUM(focusarea_id), SUM(activity_id), 0 FROM {t['focus']}",
        f"SELECT COUNT(*), SUM(hours), SUM(advisor_id), SUM(activity_id) FROM {t['advisors']}",
        f"SELECT COUNT(*), SUM(version), MAX(updated_at), SUM(id) FROM {t['company']}",
        f"SELECT COUNT(*), SUM(id), SUM(employees), SUM(turnover_sek) FROM {t['years']}",
        f"SELECT COUNT(*), SUM(id), MAX(date), SUM(company_id) FROM {t['outcomes']}",
        f"SELECT COUNT(*), SUM(id), MAX(completed_at), SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) "
        f"FROM {t['assessments']}",
    ]
    out = []
    with connection.cursor() as cursor:
        for sql in parts:
            cursor.execute(sql)
            out.append(list(cursor.fetchone()))
    return out


def _cost_inputs(project) -> str:
    """The hours-and-cost section's inputs besides the register's activity hours: the project's rates,
    budget lines, salaries, time entries, expenses, approvals and corrections, and the people's roles and
    organisations (small tables: hashed whole)."""
    participants = Participant.objects.filter(project=project)
    tables = [
        participants,
        BudgetLine.objects.filter(participant__project=project),
        Salary.objects.all(),
        TimeEntry.objects.filter(participant__project=project),
        Expense.objects.filter(participant__project=project),
        MonthApproval.objects.filter(participant__project=project),
        Correction.objects.filter(participant__project=project),
        User.objects.all(),
    ]
    digest = hashlib.sha256(
        json.dumps([project.indirect_rate_percent, project.inkind_rate_sek], default=str).encode()
    )
    with unscoped():
        for qs in tables:
            names = [
                f.attname
                for f in qs.model._meta.concrete_fields
                if f.attname not in ("password", "last_login")
            ]
            for row in qs.order_by("pk").values_list(*names):
                digest.update(json.dumps(row, default=str).encode())
            digest.update(b"|")
    return digest.hexdigest()


def inputs_key(period: ReportingPeriod, definitions: tuple = ()) -> str:
    """The fingerprint of everything `register_figures` of `period` reads (`definitions`: what identifies
    the indicator definitions in use)."""
    project = period.project
    mapping = sorted(
        SupportTypeMapping.objects.filter(project=project).values_list(
            "activity_type", "support_type", "financial"
        )
    )
    facts = [
        VERSION,
        FORMAT,
        list(definitions),
        str(project.starts_on),
        str(project.ends_on),
        str(period.starts_on),
        str(period.ends_on),
        mapping,
        _aggregates(),
        _cost_inputs(project),
    ]
    return hashlib.sha256(json.dumps(facts, default=str).encode()).hexdigest()


def _pack(doc: dict[str, Any]) -> bytes:
    """The document as two compressed parts, the summary first (see `snapshot.split`): a report page
    decompresses and parses only the summary, a tenth of the whole at 60,000 companies."""
    summary, rest = split(doc)
    head = zlib.compress(json.dumps(summary, separators=(",", ":")).encode(), 1)
    tail = zlib.compress(json.dumps(rest, separators=(",", ":")).encode(), 1)
    return len(head).to_bytes(8, "big") + head + tail


def _parse(data: bytes) -> dict[str, Any]:
    # Millions of small containers: without the cyclic collector running over them as they are made,
    # parsing takes a third of the time (they hold no cycles).
    text = zlib.decompress(data)
    with no_cyclic_gc():
        return json.loads(text)


def _unpack(data: bytes | memoryview) -> Summary:
    data = bytes(data)
    size = int.from_bytes(data[:8], "big")
    return Summary(_parse(data[8 : 8 + size]), lambda: _parse(data[8 + size :]))


def cached(
    period: ReportingPeriod, compute: Callable[[ReportingPeriod], dict[str, Any]], definitions: tuple = ()
) -> Summary:
    """The stored document of `period` if its inputs are unchanged, else `compute(period)` (stored); as a
    `Summary` either way, so a report reads the same whether it was just computed or kept."""
    key = inputs_key(period, definitions)
    found = FiguresCache.objects.filter(period=period, inputs_key=key).values_list("document", flat=True)
    for data in found:
        return _unpack(data)
    summary, rest = split(_store(period, compute, key))
    return Summary(summary, lambda: rest)


def refresh(
    period: ReportingPeriod, compute: Callable[[ReportingPeriod], dict[str, Any]], definitions: tuple = ()
) -> bool:
    """Compute and store the document of `period` again if its inputs changed (True), so that the next
    report reads a kept one; else nothing (False)."""
    key = inputs_key(period, definitions)
    if FiguresCache.objects.filter(period=period, inputs_key=key).exists():
        return False
    _store(period, compute, key)
    return True


def _store(period: ReportingPeriod, compute: Callable[[ReportingPeriod], dict[str, Any]], key: str) -> dict:
    started = time.perf_counter()
    doc = compute(period)
    fields = {
        "inputs_key": key,
        "document": _pack(doc),
        "computed_at": timezone.now(),
        "seconds": time.perf_counter() - started,
    }
    try:
        with transaction.atomic():
            FiguresCache.objects.update_or_create(period=period, defaults=fields)
    except IntegrityError:  # another request stored it at the same moment: theirs is as good
        pass
    return doc


def forget(period_id: int | None = None) -> int:
    """Drop the stored documents (of one period, or all): the next report computes them again."""
    qs = FiguresCache.objects.all() if period_id is None else FiguresCache.objects.filter(period_id=period_id)
    return qs.delete()[0]
