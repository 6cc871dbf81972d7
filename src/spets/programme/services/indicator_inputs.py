"""Read the register for the indicators: per supported company, sums per channel (`indicators.Channel`) in
one grouped SQL query, so that half a million activities never pass through Python one by one.

The queries are plain SQL that SQLite and PostgreSQL both run (a CTE, CASE sums and a distinct-list
aggregate: `group_concat` / `string_agg`); `indicators.aggregate` does the same from plain rows and the
tests compare the two. A company's hours on an activity are the activity's advisor hours divided by the
number of companies on it (the CTE `share`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from spets.assessment.models import Assessment, Round, Status
from spets.companies.models import Activity, ActivityAdvisor, Company
from spets.companies.sizeclass import size_class
from spets.core.models import FocusArea, Organisation
from spets.geo.models import Municipality
from spets.programme import indicators as engine
from spets.programme.models import CompanyOutcome, CompanyYearFigure, Project, SupportTypeMapping

BEFORE_START_LISTED = 50  # activities dated before the project: how many the report names

Fragment = tuple[str, list[Any]]  # SQL text with %s placeholders, and their values in order


@dataclass
class Inputs:
    companies: dict[int, engine.CompanySupport]
    outcomes: list[engine.Outcome]
    assessments: list[engine.AssessmentPair]
    support_types_in_use: list[str]
    unmapped: dict[str, int]  # activity types not mapped to support -> activities up to the end
    before_start: list[tuple[int, int, datetime.date]]  # (activity, company, date), the first few
    before_start_count: int


def _in(column: str, values: Iterable[Any]) -> Fragment:
    """`column IN (…)` with the values as parameters; an empty list is false."""
    values = list(values)
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def _and(*parts: Fragment) -> Fragment:
    parts = tuple(p for p in parts if p[0])
    if not parts:
        return "1 = 1", []
    return " AND ".join(f"({text})" for text, _ in parts), [v for _, params in parts for v in params]


def _not(part: Fragment) -> Fragment:
    return f"NOT ({part[0]})", part[1]


def _distinct_list(expr: str) -> str:
    """The distinct non-null values of `expr` in a group, comma separated."""
    if connection.vendor == "postgresql":
        return f"string_agg(DISTINCT CAST({expr} AS TEXT), ',')"
    return f"group_concat(DISTINCT {expr})"


def _day(value: Any) -> datetime.date | None:
    """A date from the database (SQLite gives text for computed dates)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _split(value: Any) -> list[str]:
    return [v for v in str(value or "").split(",") if v]


def _share_cte(types: Sequence[str], start: datetime.date, end: datetime.date) -> Fragment:
    """`share`: each mapped activity in [start, end] with its advisor hours per company on it."""
    activity, links = Activity._meta.db_table, Activity.companies.through._meta.db_table
    advisors = ActivityAdvisor._meta.db_table
    real = "double precision" if connection.vendor == "postgresql" else "REAL"
    type_in = _in("a.type", types)
    return (
        f"WITH share AS (SELECT a.id AS activity_id, CAST(COALESCE(h.hours, 0) AS {real}) / n.n AS hours "
        f"FROM {activity} a "
        f"JOIN (SELECT activity_id, COUNT(*) AS n FROM {links} GROUP BY activity_id) n ON n.activity_id = a.id "
        f"LEFT JOIN (SELECT activity_id, SUM(hours) AS hours FROM {advisors} GROUP BY activity_id) h "
        f"ON h.activity_id = a.id WHERE a.date >= %s AND a.date <= %s AND {type_in[0]}) ",
        [start, end, *type_in[1]],
    )


def _joins() -> str:
    activity, links = Activity._meta.db_table, Activity.companies.through._meta.db_table
    return (
        f" FROM {links} l JOIN share s ON s.activity_id = l.activity_id JOIN {activity} a ON a.id = l.activity_id"
        f" JOIN {Company._meta.db_table} c ON c.id = l.company_id"
        f" JOIN {Municipality._meta.db_table} m ON m.code = c.municipality_id"
        f" JOIN {Organisation._meta.db_table} o ON o.id = a.organisation_id"
    )


def _channel_condition(
    ch: engine.Channel, types: Sequence[str], financial: Fragment, support_of: dict, ids_of: dict
) -> Fragment:
    parts: list[Fragment] = []
    if ch.financial is True:
        parts.append(financial)
    elif ch.financial is False:
        parts.append(_not(financial))
    if ch.support_types:
        parts.append(_in("a.type", [t for t in types if support_of[t] in ch.support_types]))
    if ch.organisations:
        parts.append(_in("a.organisation_id", [ids_of[s] for s in sorted(ch.organisations) if s in ids_of]))
    if ch.outside_county:
        parts.append(("o.county_id <> m.county_id", []))
    return _and(*parts)


def sums(
    project: Project,
    period_start: datetime.date,
    end: datetime.date,
    chans: Sequence[engine.Channel],
    mapping: dict[str, tuple[str, bool]],
) -> dict[int, engine.CompanySupport]:
    """Every supported company with its facts, its period facts and its sums per channel (one query)."""
    slugs = dict(Organisation.objects.values_list("id", "slug"))
    ids_of = {slug: pk for pk, slug in slugs.items()}
    types = sorted(mapping)
    support_of = {t: s for t, (s, _f) in mapping.items()}
    financial = _in("a.type", [t for t, (_s, fin) in mapping.items() if fin])
    ps = period_start
    columns: list[Fragment] = [
        (
            "l.company_id, MAX(c.orgnr), MAX(m.county_id), MAX(c.size_class), MAX(c.name), "
            "MAX(c.municipality_id), MAX(c.sni_codes), MAX(c.sni_id), MIN(a.date), MAX(a.date), SUM(s.hours), "
            f"{_distinct_list('a.organisation_id')}, {_distinct_list('a.type')}, "
            "SUM(CASE WHEN a.date >= %s THEN s.hours ELSE 0 END), MIN(CASE WHEN a.date >= %s THEN a.date END), "
            "MAX(CASE WHEN a.date >= %s THEN a.date END), "
            f"{_distinct_list('CASE WHEN a.date >= %s THEN a.type END')}",
            [ps, ps, ps, ps],
        )
    ]
    for ch in chans:
        cond = _channel_condition(ch, types, financial, support_of, ids_of)
        fin, other = _and(cond, financial), _and(cond, _not(financial))
        early = ("a.date < %s", [ps])
        for when, then in (
            (fin, "1"),
            (_and(fin, early), "1"),
            (other, "1"),
            (_and(other, early), "1"),
            (other, "s.hours"),
            (_and(other, early), "s.hours"),
        ):
            columns.append((f"SUM(CASE WHEN {when[0]} THEN {then} ELSE 0 END)", when[1]))
        columns.append((_distinct_list(f"CASE WHEN {cond[0]} THEN a.organisation_id END"), cond[1]))
    cte = _share_cte(types, project.starts_on, end)
    text = cte[0] + "SELECT " + ", ".join(c[0] for c in columns) + _joins() + " GROUP BY l.company_id"
    params = cte[1] + [v for c in columns for v in c[1]]
    out: dict[int, engine.CompanySupport] = {}
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        for row in cursor.fetchall():
            stats = {}
            for i, ch in enumerate(chans):
                k = 17 + 7 * i
                stats[ch] = engine.ChannelStats(
                    int(row[k] or 0),
                    int(row[k + 1] or 0),
                    int(row[k + 2] or 0),
                    int(row[k + 3] or 0),
                    float(row[k + 4] or 0.0),
                    float(row[k + 5] or 0.0),
                    {slugs[int(o)] for o in _split(row[k + 6])},
                )
            period = None
            if row[14] is not None:
                period = engine.PeriodFacts(
                    float(row[13] or 0.0), _day(row[14]), _day(row[15]), {support_of[t] for t in _split(row[16])}
                )
            out[row[0]] = engine.CompanySupport(
                id=row[0],
                orgnr=row[1] or "",
                county=row[2] or "",
                current_size=row[3] or "",
                first=_day(row[8]),
                last=_day(row[9]),
                hours=float(row[10] or 0.0),
                organisations={slugs[int(o)] for o in _split(row[11])},
                support_types={support_of[t] for t in _split(row[12])},
                channels=stats,
                period=period,
                extra={"name": row[4], "municipality": row[5], "sni": row[6] or (row[7] or "")},
            )
    return out


def add_focus_areas(companies: dict[int, engine.CompanySupport], project: Project, end, mapping) -> None:
    """The focus areas of each company's support (a second, smaller query)."""
    codes = dict(FocusArea.objects.values_list("id", "code"))
    activity, links = Activity._meta.db_table, Activity.companies.through._meta.db_table
    areas = Activity.focus_areas.through._meta.db_table
    type_in = _in("a.type", sorted(mapping))
    text = (
        f"SELECT l.company_id, {_distinct_list('f.focusarea_id')} FROM {links} l "
        f"JOIN {areas} f ON f.activity_id = l.activity_id JOIN {activity} a ON a.id = l.activity_id "
        f"WHERE a.date >= %s AND a.date <= %s AND {type_in[0]} GROUP BY l.company_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(text, [project.starts_on, end, *type_in[1]])
        for cid, listed in cursor.fetchall():
            if cid in companies:
                companies[cid].focus_areas = {codes[int(a)] for a in _split(listed)}


def add_period_by_organisation(
    companies: dict[int, engine.CompanySupport], project: Project, period_start, end, mapping
) -> None:
    """Each company's support in the period per organisation: the participant list of one organisation."""
    slugs = dict(Organisation.objects.values_list("id", "slug"))
    support_of = {t: s for t, (s, _f) in mapping.items()}
    cte = _share_cte(sorted(mapping), max(period_start, project.starts_on), end)
    text = (
        cte[0] + "SELECT l.company_id, a.organisation_id, SUM(s.hours), MIN(a.date), MAX(a.date), "
        f"{_distinct_list('a.type')}" + _joins() + " GROUP BY l.company_id, a.organisation_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(text, cte[1])
        for cid, org, hours, first, last, types in cursor.fetchall():
            period = companies[cid].period if cid in companies else None
            if period is not None:
                period.by_organisation[slugs[org]] = [
                    float(hours or 0.0),
                    _day(first),
                    _day(last),
                    {support_of[t] for t in _split(types)},
                ]


def add_year_figures(companies: dict[int, engine.CompanySupport], project: Project, end) -> None:
    """Headcount (and the size class it gives) per year, from the year before the project to the end."""
    employees: dict[int, dict[int, int]] = {}
    sizes: dict[int, dict[int, str]] = {}
    for cid, year, staff, turnover in CompanyYearFigure.objects.filter(
        year__gte=project.starts_on.year - 1, year__lte=end.year, employees__isnull=False
    ).values_list("company_id", "year", "employees", "turnover_sek"):
        if cid in companies:
            employees.setdefault(cid, {})[year] = staff
            sizes.setdefault(cid, {})[year] = size_class(staff, turnover)
    for cid, by_year in employees.items():
        companies[cid].employees_by_year = by_year
        companies[cid].size_by_year = sizes[cid]


def activities_by_company(project: Project, end, mapping, company_ids: Iterable[int] | None = None):
    """{company: [activity ids]} of the mapped activities from the project's start to `end`."""
    qs = Activity.companies.through.objects.filter(
        activity__date__gte=project.starts_on, activity__date__lte=end, activity__type__in=sorted(mapping)
    )
    if company_ids is not None:
        qs = qs.filter(company_id__in=list(company_ids))
    out: dict[int, list[int]] = {}
    for cid, aid in qs.order_by("activity__date", "activity_id").values_list("company_id", "activity_id"):
        out.setdefault(cid, []).append(aid)
    return out


def mapping_of(project: Project) -> dict[str, tuple[str, bool]]:
    """The project's activity types that count as support: {activity type: (support type, financial)}."""
    return {
        m.activity_type: (m.support_type, m.financial)
        for m in SupportTypeMapping.objects.filter(project=project)
    }


def gather(
    project: Project, period_start: datetime.date, end: datetime.date, definitions: Sequence[engine.Definition]
) -> Inputs:
    """Everything the engine needs for [period_start, end] (callers run it `unscoped`)."""
    mapping = mapping_of(project)
    companies = sums(project, period_start, end, engine.channels(definitions), mapping)
    add_focus_areas(companies, project, end, mapping)
    add_year_figures(companies, project, end)
    outcomes: list[engine.Outcome] = [
        (cid, kind, day, None if amount is None else float(amount))
        for cid, kind, day, amount in CompanyOutcome.objects.filter(date__lte=end).values_list(
            "company_id", "kind", "date", "amount_sek"
        )
    ]
    pairs: list[engine.AssessmentPair] = []
    for cid, done, result, base, framework, base_framework in Assessment.objects.filter(
        round=Round.T1, status=Status.COMPLETED, follows__status=Status.COMPLETED, follows__round=Round.T0
    ).values_list("company_id", "completed_at", "result", "follows__result", "framework_id", "follows__framework_id"):
        if done is None or framework != base_framework or not result or not base:
            continue
        before, after = base.get("overall", {}), result.get("overall", {})
        pairs.append(
            (
                cid,
                timezone.localtime(done).date(),
                before.get("band_rank"),
                after.get("band_rank"),
                before.get("band"),
                after.get("band"),
                framework,
            )
        )
    unmapped = dict(
        Counter(Activity.objects.filter(date__lte=end).exclude(type__in=list(mapping)).values_list("type", flat=True))
    )
    early = Activity.companies.through.objects.filter(
        activity__date__lt=project.starts_on, activity__type__in=list(mapping)
    )
    listed = [
        (aid, cid, day)
        for aid, cid, day in early.order_by("activity__date", "activity_id").values_list(
            "activity_id", "company_id", "activity__date"
        )[:BEFORE_START_LISTED]
    ]
    return Inputs(
        companies,
        outcomes,
        pairs,
        sorted({s for s, _f in mapping.values()}),
        unmapped,
        listed,
        early.count(),
    )
