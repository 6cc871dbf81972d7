"""Read the register for the indicators: per supported company, sums per channel (`indicators.Channel`) in
one grouped SQL query, so that half a million activities never pass through Python one by one.

The queries are plain SQL that SQLite and PostgreSQL both run (a CTE, CASE sums and a distinct-list
aggregate: `group_concat` / `string_agg`); `indicators.aggregate` does the same from plain rows and the
tests compare the two. A company's hours on an activity are the activity's advisor hours divided by the
number of companies on it (the CTE `share`).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from spets.assessment.models import Assessment, Round, Status
from spets.companies.models import Activity, ActivityAdvisor, Company
from spets.companies.sizeclass import size_class
from spets.core.concurrent_reads import read_concurrently
from spets.core.models import FocusArea, Organisation
from spets.geo.models import Municipality
from spets.programme import indicators as engine
from spets.programme import register_sums
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


class SetColumns:
    """A set of values (organisations, activity types, focus areas) per group as bit masks: one
    `MAX(CASE …)` per value, weighted by its bit, in columns of at most 30 bits. Plain aggregates (unlike
    DISTINCT lists) let PostgreSQL hash the groups instead of sorting 500,000 rows."""

    WIDTH = 30

    def __init__(self, values: Sequence[Any], labels: Sequence[str]):
        self.values, self.labels = list(values), list(labels)
        self.chunks = [range(i, min(i + self.WIDTH, len(values))) for i in range(0, len(values), self.WIDTH)]
        self._cache: dict[Any, frozenset[str]] = {}

    def columns(self, column: str, when: Fragment = ("", [])) -> list[Fragment]:
        out = []
        for chunk in self.chunks:
            terms, params = [], []
            for i in chunk:
                cond = _and((f"{column} = %s", [self.values[i]]), when)
                terms.append(f"MAX(CASE WHEN {cond[0]} THEN {1 << (i - chunk.start)} ELSE 0 END)")
                params += cond[1]
            out.append(("(" + " + ".join(terms) + ")", params))
        return out or [("0", [])]

    def width(self) -> int:
        return max(1, len(self.chunks))

    def decode(self, masks: Sequence[Any]) -> frozenset[str]:
        key = masks[0] if len(masks) == 1 else tuple(masks)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._decode(tuple(int(m or 0) for m in masks))
        return found

    def _decode(self, key: tuple[int, ...]) -> frozenset[str]:
        return frozenset(
            self.labels[chunk.start + bit]
            for chunk, mask in zip(self.chunks, key, strict=False)
            for bit in range(len(chunk))
            if mask >> bit & 1
        )


def _day(value: Any) -> datetime.date | None:
    """A date from the database (SQLite gives text for computed dates)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _share_cte(
    types: Sequence[str], start: datetime.date, end: datetime.date, companies: Fragment | None = None
) -> Fragment:
    """`share`: each mapped activity in [start, end] with what the sums read (date, type, organisation and
    its county) and its advisor hours per company on it. The outer query calls it `a`. `companies` (a
    subquery of company ids) keeps only their activities, so per-activity sums skip the others."""
    activity, links = Activity._meta.db_table, Activity.companies.through._meta.db_table
    advisors, organisations = ActivityAdvisor._meta.db_table, Organisation._meta.db_table
    real = "double precision" if connection.vendor == "postgresql" else "REAL"
    type_in = _in("x.type", types)
    only, params = "", []
    if companies is not None:
        only = f"WHERE activity_id IN (SELECT activity_id FROM {links} WHERE company_id IN ({companies[0]})) "
        params = companies[1]
    return (
        "WITH share AS (SELECT x.id AS activity_id, x.date AS date, x.type AS type, "
        "x.organisation_id AS organisation_id, o.county_id AS org_county, "
        f"CAST(COALESCE(h.hours, 0) AS {real}) / n.n AS hours "
        f"FROM {activity} x JOIN {organisations} o ON o.id = x.organisation_id "
        f"JOIN (SELECT activity_id, COUNT(*) AS n FROM {links} {only}GROUP BY activity_id) n "
        "ON n.activity_id = x.id "
        f"LEFT JOIN (SELECT activity_id, SUM(hours) AS hours FROM {advisors} {only}GROUP BY activity_id) h "
        f"ON h.activity_id = x.id WHERE x.date >= %s AND x.date <= %s AND {type_in[0]}) ",
        [*params, *params, start, end, *type_in[1]],
    )


def _joins() -> str:
    """The links of the `share` activities (`a`) with their company (`c`) and its municipality (`m`)."""
    links = Activity.companies.through._meta.db_table
    return (
        f" FROM {links} l JOIN share a ON a.activity_id = l.activity_id"
        f" JOIN {Company._meta.db_table} c ON c.id = l.company_id"
        f" JOIN {Municipality._meta.db_table} m ON m.code = c.municipality_id"
    )


def _participants(
    types: Sequence[str], period_start: datetime.date, end: datetime.date, organisation_id: int | None
) -> Fragment:
    """The companies with support dated within the period (of one organisation, if given): the participant
    list needs those only. A subquery of company ids."""
    activity, links = Activity._meta.db_table, Activity.companies.through._meta.db_table
    type_in = _in("p.type", types)
    org = ("p.organisation_id = %s", [organisation_id]) if organisation_id is not None else ("", [])
    cond = _and(("p.date >= %s AND p.date <= %s", [period_start, end]), type_in, org)
    return (
        f"SELECT k.company_id FROM {links} k JOIN {activity} p ON p.id = k.activity_id WHERE {cond[0]}",
        cond[1],
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
        parts.append(("a.org_county <> m.county_id", []))
    return _and(*parts)


@dataclass
class SumsQuery:
    """The SQL of `sums` and how to read its rows: the company's facts and period facts, then per distinct
    channel condition its sums (rows and hours, financial or not, up to the end and before the period)."""

    text: str
    params: list[Any]
    organisations: SetColumns
    types: SetColumns
    # per channel: (column of its sums, has financial columns, has other columns, column of its own
    # organisation mask or None when derived from the company's organisations)
    layout: dict[engine.Channel, tuple[int, bool, bool, int | None]]


def sums_query(
    project: Project,
    period_start: datetime.date,
    end: datetime.date,
    chans: Sequence[engine.Channel],
    mapping: dict[str, tuple[str, bool]],
    organisations: Sequence[tuple[int, str]],
    participants_of: int | None | bool = False,
) -> SumsQuery:
    """The SQL of `sums`. `participants_of`: False = every supported company; True = the companies with
    support in the period; an organisation id = those the organisation supported in the period."""
    types = sorted(mapping)
    support_of = {t: s for t, (s, _f) in mapping.items()}
    financial_types = [t for t, (_s, fin) in mapping.items() if fin]
    financial = _in("a.type", financial_types)
    ids_of = {slug: pk for pk, slug in organisations}
    org_sets = SetColumns([pk for pk, _slug in organisations], [slug for _pk, slug in organisations])
    type_sets = SetColumns(types, [support_of[t] for t in types])
    ps = period_start
    in_period: Fragment = ("a.date >= %s", [ps])
    # One expression per entry (each gets an alias). Columns 1–7, the company's own facts, are joined after
    # grouping (text aggregates over every link row would cost a tenth of the query).
    columns: list[Fragment] = [
        ("l.company_id", []),
        ("MIN(a.date)", []),
        ("MAX(a.date)", []),
        ("SUM(a.hours)", []),
        ("SUM(CASE WHEN a.date >= %s THEN a.hours ELSE 0 END)", [ps]),
        ("MIN(CASE WHEN a.date >= %s THEN a.date END)", [ps]),
        ("MAX(CASE WHEN a.date >= %s THEN a.date END)", [ps]),
        *org_sets.columns("a.organisation_id"),
        *type_sets.columns("a.type"),
        *type_sets.columns("a.type", in_period),
    ]
    position = 14 + org_sets.width() + 2 * type_sets.width()
    layout: dict[engine.Channel, tuple[int, bool, bool, int | None]] = {}
    seen: dict[tuple, tuple[int, bool, bool, int | None]] = {}
    early: Fragment = ("a.date < %s", [ps])
    for ch in chans:
        typed = [t for t in types if not ch.support_types or support_of[t] in ch.support_types]
        has_fin = any(t in financial_types for t in typed) and ch.financial is not False
        has_other = any(t not in financial_types for t in typed) and ch.financial is not True
        if not has_fin and not has_other:  # no row can fall in the channel: nothing to sum
            layout[ch] = (-1, False, False, None)
            continue
        # Does the channel pick rows by kind? Then its organisations are summed, not derived.
        restricts = len(typed) < len(types) or (ch.financial is not None and bool(financial_types))
        cond = _channel_condition(ch, types, financial, support_of, ids_of)
        key = (cond[0], tuple(cond[1]), restricts)
        if key in seen:
            layout[ch] = seen[key]
            continue
        start = position
        if has_fin:
            fin = _and(cond, financial)
            for when in (fin, _and(fin, early)):
                columns.append((f"SUM(CASE WHEN {when[0]} THEN 1 ELSE 0 END)", when[1]))
            position += 2
        if has_other:
            other = _and(cond, _not(financial)) if financial_types else cond
            for when, then in (
                (other, "1"),
                (_and(other, early), "1"),
                (other, "a.hours"),
                (_and(other, early), "a.hours"),
            ):
                columns.append((f"SUM(CASE WHEN {when[0]} THEN {then} ELSE 0 END)", when[1]))
            position += 4
        own_orgs = None
        if restricts:
            columns += org_sets.columns("a.organisation_id", cond)
            own_orgs, position = position, position + org_sets.width()
        layout[ch] = seen[key] = (start, has_fin, has_other, own_orgs)
    where: Fragment = ("", [])
    only: Fragment | None = None
    if participants_of is not False:
        only = _participants(
            types, period_start, end, None if participants_of is True else int(participants_of)
        )
        where = (f" WHERE l.company_id IN ({only[0]})", only[1])
    cte = _share_cte(types, project.starts_on, end, only)
    inner = (
        "SELECT "
        + ", ".join(f"{c[0]} AS v{i}" for i, c in enumerate(columns))
        + _joins()
        + where[0]
        + " GROUP BY l.company_id"
    )
    outer = (
        "SELECT g.v0, c.orgnr, m.county_id, c.size_class, c.name, c.municipality_id, c.sni_codes, c.sni_id, "
        + ", ".join(f"g.v{i}" for i in range(1, len(columns)))
        + f" FROM ({inner}) g JOIN {Company._meta.db_table} c ON c.id = g.v0"
        + f" JOIN {Municipality._meta.db_table} m ON m.code = c.municipality_id"
    )
    return SumsQuery(
        cte[0] + outer, cte[1] + [v for c in columns for v in c[1]] + where[1], org_sets, type_sets, layout
    )


def sums(
    project: Project,
    period_start: datetime.date,
    end: datetime.date,
    chans: Sequence[engine.Channel],
    mapping: dict[str, tuple[str, bool]],
    participants_of: int | None | bool = False,
) -> dict[int, engine.CompanySupport]:
    """Every supported company with its facts, its period facts and its sums per channel (one query);
    `participants_of` as in `sums_query`."""
    organisations = list(Organisation.objects.order_by("id").values_list("id", "slug"))
    org_county = {
        slug: county or "" for slug, county in Organisation.objects.values_list("slug", "county_id")
    }
    q = sums_query(project, period_start, end, chans, mapping, organisations, participants_of)
    ow, tw = q.organisations.width(), q.types.width()
    empty = engine.ChannelStats()
    layouts = sorted(set(q.layout.values()), key=repr)
    channels_of = {lay: [ch for ch, v in q.layout.items() if v == lay] for lay in layouts}
    derived: dict[tuple, frozenset[str]] = {}
    out: dict[int, engine.CompanySupport] = {}
    with connection.cursor() as cursor:
        cursor.execute(q.text, q.params)
        rows = cursor.fetchall()
    for row in rows:
        orgs = q.organisations.decode(row[14 : 14 + ow])
        county = row[2] or ""
        stats: dict[engine.Channel, engine.ChannelStats] = {}
        for lay in layouts:
            k, has_fin, has_other, own = lay
            if k < 0:
                for ch in channels_of[lay]:
                    stats[ch] = empty
                continue
            fin_end = fin_before = 0
            if has_fin:
                fin_end, fin_before, k = row[k] or 0, row[k + 1] or 0, k + 2
            counts = (
                (row[k] or 0, row[k + 1] or 0, row[k + 2] or 0.0, row[k + 3] or 0.0)
                if has_other
                else (0, 0, 0.0, 0.0)
            )
            own_members = q.organisations.decode(row[own : own + ow]) if own is not None else None
            for ch in channels_of[lay]:
                members = own_members
                if members is None:
                    dkey = (id(ch), orgs, county)
                    members = derived.get(dkey)
                    if members is None:
                        members = derived[dkey] = ch.organisations_of(orgs, county, org_county)
                stats[ch] = engine.ChannelStats(fin_end, fin_before, *counts, members)
        period = None
        if row[12] is not None:
            period_types = q.types.decode(row[14 + ow + tw : 14 + ow + 2 * tw])
            period = engine.PeriodFacts(row[11] or 0.0, _day(row[12]), _day(row[13]), period_types)
        out[row[0]] = engine.CompanySupport(
            id=row[0],
            orgnr=row[1] or "",
            county=county,
            current_size=row[3] or "",
            first=_day(row[8]),
            last=_day(row[9]),
            hours=row[10] or 0.0,
            organisations=orgs,
            support_types=q.types.decode(row[14 + ow : 14 + ow + tw]),
            channels=stats,
            period=period,
            extra={"name": row[4], "municipality": row[5], "sni": row[6] or (row[7] or "")},
        )
    return out


def _columns(select: Sequence[tuple[str, str]], rest: Fragment) -> list[np.ndarray]:
    """A query's columns as arrays: `select` = (expression, kind), kind "i" (integer), "f" (float) or "d"
    (a date, as `date.toordinal()`); `rest` the FROM and WHERE. PostgreSQL sends all rows packed in one
    binary value (`string_agg` of `int8send`/`float8send`), read with `numpy.frombuffer`: no row is a
    Python object. Other databases give rows."""
    if connection.vendor == "postgresql":
        packed = []
        for expr, kind in select:
            if kind == "d":
                packed.append(f"int8send(CAST(({expr}) - DATE '0001-01-01' + 1 AS bigint))")
            else:
                packed.append(f"{'int8send' if kind != 'f' else 'float8send'}(CAST({expr} AS "
                              f"{'bigint' if kind != 'f' else 'double precision'}))")  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT string_agg({' || '.join(packed)}, ''::bytea) {rest[0]}", rest[1])
            data = cursor.fetchone()[0]
        dtype = np.dtype([(f"c{i}", ">f8" if kind == "f" else ">i8") for i, (_e, kind) in enumerate(select)])
        rows = np.frombuffer(bytes(data or b""), dtype=dtype)
        return [
            rows[f"c{i}"].astype(np.float64 if kind == "f" else np.int64)
            for i, (_e, kind) in enumerate(select)
        ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(e for e, _k in select)} {rest[0]}", rest[1])
        found = cursor.fetchall()
    out = []
    for i, (_e, kind) in enumerate(select):
        if kind == "d":
            out.append(np.array([_day(r[i]).toordinal() for r in found], dtype=np.int64))  # type: ignore[union-attr]
        else:
            out.append(np.array([r[i] for r in found], dtype=np.float64 if kind == "f" else np.int64))
    return out


def _company_facts_of(ids: list[int]) -> dict[int, tuple[str, str, str, dict[str, Any]]]:
    """(orgnr, county, size class, extra) of the given companies that have a municipality (as `sums`);
    the ids go as one parameter (an array on PostgreSQL, read by the primary key; JSON elsewhere)."""
    only: Fragment = (
        ("c.id = ANY(%s::bigint[])", [ids])
        if connection.vendor == "postgresql"
        else ("c.id IN (SELECT value FROM json_each(%s))", [json.dumps(ids)])
    )
    text = (
        "SELECT c.id, c.orgnr, m.county_id, c.size_class, c.name, c.municipality_id, c.sni_codes, c.sni_id "
        f"FROM {Company._meta.db_table} c JOIN {Municipality._meta.db_table} m ON m.code = c.municipality_id "
        f"WHERE {only[0]}"
    )
    facts = {}
    with connection.cursor() as cursor:
        cursor.execute(text, only[1])
        for cid, orgnr, county, size, name, municipality, sni_codes, sni_id in cursor.fetchall():
            extra = {"name": name, "municipality": municipality, "sni": sni_codes or (sni_id or "")}
            facts[cid] = (orgnr or "", county or "", size or "", extra)
    return facts


def array_sums(
    project: Project,
    period_start: datetime.date,
    end: datetime.date,
    chans: Sequence[engine.Channel],
    mapping: dict[str, tuple[str, bool]],
    by_organisation: bool = False,
) -> dict[int, engine.CompanySupport]:
    """What `sums` gives for every supported company, with their focus areas (`add_focus_areas`) and yearly
    figures (`add_year_figures`), summed
    by `register_sums` from the register's plain columns: a few scans instead of one grouped query with a
    hundred conditional aggregates over every link (at 500,000 activities 3–4× faster on PostgreSQL)."""
    types = sorted(mapping)
    organisations = [
        (pk, slug, county or "")
        for pk, slug, county in Organisation.objects.order_by("id").values_list("id", "slug", "county_id")
    ]
    areas = list(FocusArea.objects.order_by("id").values_list("id", "code"))
    activity, links = Activity._meta.db_table, Activity.companies.through._meta.db_table
    advisors, through = ActivityAdvisor._meta.db_table, Activity.focus_areas.through._meta.db_table
    type_in = _in("type", types)
    kind = "CASE type " + " ".join(f"WHEN %s THEN {i}" for i in range(len(types))) + " END"
    mapped: Fragment = (
        f"FROM {activity} WHERE date >= %s AND date <= %s AND {type_in[0]}",
        [project.starts_on, end, *type_in[1]],
    )
    empty = [np.zeros(0, dtype=np.int64)] * 4

    def links_and_facts() -> tuple[list[np.ndarray], dict]:
        # The facts of every linked company (a superset of the supported: `company_sums` keeps those with
        # rows), selected by the ids just read: no join of the links with the activities in the database.
        read = _columns([("activity_id", "i"), ("company_id", "i")], (f"FROM {links}", []))
        linked = np.unique(read[1]).tolist()
        return read, _company_facts_of(linked) if linked else {}

    # Five reads at once (one snapshot, `core.concurrent_reads`): the database is most of the time here.
    (act_id, day, kind_of, org), (links_read, facts), advisors_read, focus_read, years = read_concurrently(
        [
            # The CASE's parameters come first: it is part of the select list.
            lambda: _columns(
                [("id", "i"), ("date", "d"), (kind, "i"), ("organisation_id", "i")],
                (mapped[0], [*types, *mapped[1]]),
            ) if types else empty,
            links_and_facts,
            lambda: _columns([("activity_id", "i"), ("hours", "f")], (f"FROM {advisors}", [])),
            lambda: _columns([("activity_id", "i"), ("focusarea_id", "i")], (f"FROM {through}", [])),
            lambda: _year_columns(project, end),
        ]
    )  # fmt: skip
    reg = register_sums.Register(act_id, day, kind_of, org, *links_read, *advisors_read, *focus_read)
    companies = register_sums.company_sums(
        reg,
        facts,
        chans,
        support_types=[mapping[t][0] for t in types],
        financial=[bool(mapping[t][1]) for t in types],
        organisations=organisations,
        areas=areas,
        period_start=period_start,
        year_figures=years,
        by_organisation=by_organisation,
    )
    return companies


def arrays_apply(mapping: dict[str, tuple[str, bool]]) -> bool:
    """Whether `array_sums` can sum this register (its masks hold up to 62 organisations, types and
    focus areas; more fall back to the grouped SQL)."""
    most = register_sums.MAX_VALUES
    return len(mapping) <= most and Organisation.objects.count() <= most and FocusArea.objects.count() <= most


def add_focus_areas(companies: dict[int, engine.CompanySupport], project: Project, end, mapping) -> None:
    """The focus areas of each company's support (a second, smaller query)."""
    areas = list(FocusArea.objects.order_by("id").values_list("id", "code"))
    area_sets = SetColumns([pk for pk, _c in areas], [code for _pk, code in areas])
    activity, links = Activity._meta.db_table, Activity.companies.through._meta.db_table
    through = Activity.focus_areas.through._meta.db_table
    type_in = _in("a.type", sorted(mapping))
    columns = area_sets.columns("f.focusarea_id")
    text = (
        f"SELECT l.company_id, {', '.join(c[0] for c in columns)} FROM {links} l "
        f"JOIN {through} f ON f.activity_id = l.activity_id JOIN {activity} a ON a.id = l.activity_id "
        f"WHERE a.date >= %s AND a.date <= %s AND {type_in[0]} GROUP BY l.company_id"
    )
    params = [v for c in columns for v in c[1]] + [project.starts_on, end, *type_in[1]]
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        for row in cursor.fetchall():
            if row[0] in companies:
                companies[row[0]].focus_areas = area_sets.decode(row[1:])


def add_period_by_organisation(
    companies: dict[int, engine.CompanySupport],
    project: Project,
    period_start,
    end,
    mapping,
    organisation_id: int | None = None,
) -> None:
    """Each company's support in the period per organisation: the participant list of one organisation
    (only that organisation's rows when `organisation_id` is given)."""
    slugs = dict(Organisation.objects.values_list("id", "slug"))
    types = sorted(mapping)
    type_sets = SetColumns(types, [mapping[t][0] for t in types])
    columns = type_sets.columns("a.type")
    cte = _share_cte(types, max(period_start, project.starts_on), end)
    where: Fragment = (
        ("", []) if organisation_id is None else (" WHERE a.organisation_id = %s", [organisation_id])
    )
    text = (
        cte[0]
        + "SELECT l.company_id, a.organisation_id, SUM(a.hours), MIN(a.date), MAX(a.date), "
        + ", ".join(c[0] for c in columns)
        + _joins()
        + where[0]
        + " GROUP BY l.company_id, a.organisation_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(text, cte[1] + [v for c in columns for v in c[1]] + where[1])
        for row in cursor.fetchall():
            period = companies[row[0]].period if row[0] in companies else None
            if period is not None:
                period.by_organisation[slugs[row[1]]] = [
                    float(row[2] or 0.0),
                    _day(row[3]),
                    _day(row[4]),
                    type_sets.decode(row[5:]),
                ]


def _year_rows(project: Project, end, only: Fragment | None = None) -> tuple[list[int], list[tuple]]:
    """(years, rows) for `add_year_figures`: per company its headcount and turnover of each year from the
    year before the project to the end."""
    years = list(range(project.starts_on.year - 1, end.year + 1))
    columns = [
        f"MAX(CASE WHEN year = {y} THEN employees END), MAX(CASE WHEN year = {y} THEN turnover_sek END)"
        for y in years
    ]
    subset = f" AND company_id IN ({only[0]})" if only is not None else ""
    text = (
        f"SELECT company_id, {', '.join(columns)} FROM {CompanyYearFigure._meta.db_table} "
        f"WHERE year >= %s AND year <= %s AND employees IS NOT NULL{subset} GROUP BY company_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(text, [years[0], years[-1], *(only[1] if only is not None else [])])
        return years, cursor.fetchall()


def _year_columns(project: Project, end) -> register_sums.YearFigures:
    """The rows `_year_rows` pivots, as columns (turnover NaN where unknown)."""
    years = range(project.starts_on.year - 1, end.year + 1)
    company, year, employees, turnover = _columns(
        [
            ("company_id", "i"),
            ("year", "i"),
            ("employees", "i"),
            ("COALESCE(CAST(turnover_sek AS double precision), 'NaN')", "f"),
        ],
        (
            f"FROM {CompanyYearFigure._meta.db_table} WHERE year >= %s AND year <= %s AND employees IS NOT NULL",
            [years[0], years[-1]],
        ),
    )
    return register_sums.YearFigures(years, company, year, employees, turnover)


def _apply_year_figures(companies: dict[int, engine.CompanySupport], years: list[int], rows: list[tuple]):
    for row in rows:
        c = companies.get(row[0])
        if c is None:
            continue
        c.employees_by_year = {y: row[1 + 2 * i] for i, y in enumerate(years) if row[1 + 2 * i] is not None}
        if c.first.year in years:
            i = years.index(c.first.year)
            if row[1 + 2 * i] is not None:
                c.size_by_year = {c.first.year: size_class(row[1 + 2 * i], row[2 + 2 * i])}


def add_year_figures(
    companies: dict[int, engine.CompanySupport], project: Project, end, only: Fragment | None = None
) -> None:
    """Headcount per year from the year before the project to the end (one row per company), and the
    size class in the year of first support (headcount and turnover of that year). `only`: a subquery of
    the company ids wanted."""
    _apply_year_figures(companies, *_year_rows(project, end, only))


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
    project: Project,
    period_start: datetime.date,
    end: datetime.date,
    definitions: Sequence[engine.Definition],
    participants_of: int | None | bool = False,
    by_organisation: int | None | bool = False,
) -> Inputs:
    """Everything the engine needs for [period_start, end] (callers run it `unscoped`). Without definitions
    only the companies' facts (the participant list, `participants_of` as in `sums_query`): no focus areas.
    `by_organisation`: also each company's support in the period per organisation (None: every
    organisation, an id: that one's rows only), as `add_period_by_organisation`."""
    mapping = mapping_of(project)
    if definitions and participants_of is False and arrays_apply(mapping):
        every = by_organisation is None
        companies = array_sums(project, period_start, end, engine.channels(definitions), mapping, every)
        if by_organisation is not False and not every:
            add_period_by_organisation(companies, project, period_start, end, mapping, by_organisation)
    else:
        companies = sums(project, period_start, end, engine.channels(definitions), mapping, participants_of)
        if definitions:
            add_focus_areas(companies, project, end, mapping)
        only = None
        if participants_of is not False:
            org_id = None if participants_of is True else int(participants_of)
            only = _participants(sorted(mapping), period_start, end, org_id)
        add_year_figures(companies, project, end, only)
        if by_organisation is not False:
            add_period_by_organisation(companies, project, period_start, end, mapping, by_organisation)
    outcomes: list[engine.Outcome] = [
        (cid, kind, day, None if amount is None else float(amount))
        for cid, kind, day, amount in CompanyOutcome.objects.filter(date__lte=end).values_list(
            "company_id", "kind", "date", "amount_sek"
        )
    ]
    pairs: list[engine.AssessmentPair] = []
    for cid, done, result, base, framework, base_framework in Assessment.objects.filter(
        round=Round.T1, status=Status.COMPLETED, follows__status=Status.COMPLETED, follows__round=Round.T0
    ).values_list(
        "company_id", "completed_at", "result", "follows__result", "framework_id", "follows__framework_id"
    ):
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
        Activity.objects.filter(date__lte=end)
        .exclude(type__in=list(mapping))
        .values("type")
        .annotate(n=Count("id"))
        .values_list("type", "n")
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
