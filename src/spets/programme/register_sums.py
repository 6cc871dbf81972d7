"""The register's sums per company and channel from arrays (numpy): what the service's grouped SQL query
(`services.indicator_inputs.sums_query`) computes, for the whole project, without a per-row expression in
the database or a per-row step in Python. Pure: no Django.

The service reads the mapped activities of [project start, end], every company link, advisor hours row and
focus area row as plain columns (`Register`); `company_sums` joins them by activity, shares each activity's
advisor hours equally among its companies (as the SQL's `share`), and sums per company: dates, hours, the
organisations, support types and focus areas (as bit masks), the period facts and, per channel, financial
and non-financial rows and hours up to the end and before the period, and the channel's organisations.
Only the 60,000 companies' records are then built in Python. `tests/programme/test_indicators_sql.py`
compares it with the SQL and with `indicators.aggregate`.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from spets.companies.sizeclass import size_classes

from .indicators import Channel, ChannelStats, CompanySupport, PeriodFacts

MAX_VALUES = 62  # organisations, types or focus areas a 64-bit mask holds (else the service uses the SQL)


@dataclass
class Register:
    """The register as columns. `activity`, `day` (`date.toordinal()`), `type` (index into the types),
    `organisation` (id): the mapped activities dated from the project's start to the end. The links,
    advisor hours and focus areas may include other activities' rows (they are left out here)."""

    activity: np.ndarray
    day: np.ndarray
    type: np.ndarray
    organisation: np.ndarray
    link_activity: np.ndarray
    link_company: np.ndarray
    advisor_activity: np.ndarray
    advisor_hours: np.ndarray
    focus_activity: np.ndarray
    focus_area: np.ndarray  # focus area id


@dataclass
class YearFigures:
    """The register's yearly figures as columns, one row per company and year with a known headcount:
    `turnover` NaN where unknown. `years` = the years asked for (the year before the project to the end)."""

    years: range
    company: np.ndarray
    year: np.ndarray
    employees: np.ndarray
    turnover: np.ndarray


def _index(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(found, position in `keys`) of each value; `keys` sorted and unique. Ids are mostly dense (database
    sequences): then a lookup table, else a binary search."""
    if not len(keys):
        return np.zeros(len(values), dtype=bool), np.zeros(len(values), dtype=np.int64)
    low, high = int(keys[0]), int(keys[-1])
    if low >= 1 and high <= 4 * len(keys) + 1_000_000:
        table = np.full(high + 2, -1, dtype=np.int64)
        table[keys] = np.arange(len(keys))
        pos = table[np.clip(values, 0, high + 1)]
        return pos >= 0, np.maximum(pos, 0)
    pos = np.minimum(np.searchsorted(keys, values), len(keys) - 1)
    return keys[pos] == values, pos


def _decoded(masks: np.ndarray, labels: Sequence[str]) -> list[frozenset[str]]:
    """Each bit mask as the frozenset of its labels: each distinct mask decoded once, shared."""
    distinct, which = np.unique(masks, return_inverse=True)
    sets = [frozenset(label for bit, label in enumerate(labels) if m >> bit & 1) for m in distinct.tolist()]
    return list(map(sets.__getitem__, which.tolist()))


def _dates(ordinals: np.ndarray) -> list[datetime.date]:
    distinct, which = np.unique(ordinals, return_inverse=True)
    days = [datetime.date.fromordinal(d) for d in distinct.tolist()]
    return list(map(days.__getitem__, which.tolist()))


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: building 400,000 small records that hold no cycles triggers
    it again and again (about 40 % of the construction time at 60,000 companies)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def company_sums(
    reg: Register,
    facts: Mapping[int, tuple[str, str, str, dict[str, Any]]],
    chans: Sequence[Channel],
    *,
    support_types: Sequence[str],
    financial: Sequence[bool],
    organisations: Sequence[tuple[int, str, str]],
    areas: Sequence[tuple[int, str]],
    period_start: datetime.date,
    year_figures: YearFigures | None = None,
    by_organisation: bool = False,
) -> dict[int, CompanySupport]:
    """Every supported company with its sums, as `services.indicator_inputs.sums` gives them (with
    `year_figures`: also their headcount per year and size class in the year of first support, as
    `add_year_figures`; with `by_organisation`: the period's support per organisation, as
    `add_period_by_organisation`).

    `facts[company id] = (orgnr, county, current size class, extra)` of the companies the sums keep (the
    SQL joins the municipality: others are left out); `support_types[i]` and `financial[i]` describe type
    index i; `organisations` = (id, slug, county or "") ordered by id; `areas` = (id, code)."""
    if max(len(support_types), len(organisations), len(areas)) > MAX_VALUES:
        raise ValueError("too many values for a 64-bit mask")
    act_order = np.argsort(reg.activity, kind="stable")
    act_ids = reg.activity[act_order]
    n_acts = len(act_ids)
    # Links: the number of companies on each activity counts every link (as the SQL's `share`).
    ok, pos = _index(act_ids, reg.link_activity)
    link_act, link_company = pos[ok], reg.link_company[ok]
    n_links = np.bincount(link_act, minlength=n_acts)
    ok, pos = _index(act_ids, reg.advisor_activity)
    hours = np.bincount(pos[ok], weights=reg.advisor_hours[ok], minlength=n_acts)
    share = hours / np.maximum(n_links, 1)
    focus = np.zeros(n_acts, dtype=np.int64)
    area_ids = np.array([pk for pk, _code in areas], dtype=np.int64)
    ok, pos = _index(act_ids, reg.focus_activity)
    known, area_pos = _index(area_ids, reg.focus_area[ok])
    np.bitwise_or.at(focus, pos[ok][known], np.left_shift(1, area_pos[known]))
    # Only the companies with facts (the municipality joined), grouped: rows sorted by company.
    ids = np.array(sorted(facts), dtype=np.int64)
    ok, company_pos = _index(ids, link_company)
    link_act, company_pos = link_act[ok], company_pos[ok]
    order = np.argsort(company_pos, kind="stable")
    link_act, company = link_act[order], company_pos[order]
    present, starts = np.unique(company, return_index=True)
    k = len(present)
    rank = np.searchsorted(present, company)  # 0..k-1 per row
    a = act_order[link_act]
    day = reg.day[a].astype(np.int64)
    typ = reg.type[a].astype(np.int64)
    org_ids = np.array([pk for pk, _slug, _county in organisations], dtype=np.int64)
    _found, org = _index(org_ids, reg.organisation[a])
    row_share = share[link_act]
    in_period = day >= period_start.toordinal()
    early = ~in_period
    org_bit, type_bit = np.left_shift(1, org), np.left_shift(1, typ)

    def total(weights: np.ndarray) -> np.ndarray:
        return np.bincount(rank, weights=weights, minlength=k)

    def count(rows: np.ndarray) -> np.ndarray:
        return np.bincount(rank[rows], minlength=k)

    def either(bits: np.ndarray) -> np.ndarray:
        return np.bitwise_or.reduceat(bits, starts) if k else np.zeros(0, dtype=np.int64)

    # Counties as numbers: the organisation's ("" = none: never outside) and the company's.
    counties = {
        c: i for i, c in enumerate(sorted({f[1] for f in facts.values()} | {o[2] for o in organisations}))
    }
    org_county = np.array([counties[c] if c else -1 for _pk, _slug, c in organisations], dtype=np.int64)
    company_county = np.array([counties[facts[int(c)][1]] for c in ids[present]], dtype=np.int64)
    outside = (org_county[org] >= 0) & (org_county[org] != company_county[rank])
    is_financial = np.array(financial, dtype=bool)[typ]
    slugs = [slug for _pk, slug, _c in organisations]
    stats_of: dict[Channel, tuple[Any, ...]] = {}
    for ch in dict.fromkeys(chans):
        table = np.array(
            [
                [
                    (not ch.support_types or s in ch.support_types)
                    and (not ch.organisations or slug in ch.organisations)
                    and (ch.financial is None or ch.financial == fin)
                    for slug in slugs
                ]
                for s, fin in zip(support_types, financial, strict=True)
            ],
            dtype=bool,
        ).reshape(len(support_types), len(slugs))
        rows = table[typ, org] if len(typ) else np.zeros(0, dtype=bool)
        if ch.outside_county:
            rows &= outside
        fin, other = rows & is_financial, rows & ~is_financial
        stats_of[ch] = (
            count(fin),
            count(fin & early),
            count(other),
            count(other & early),
            total(np.where(other, row_share, 0.0)),
            total(np.where(other & early, row_share, 0.0)),
            either(np.where(rows, org_bit, 0)),
        )
    if not k:
        return {}
    with no_cyclic_gc():
        out = _records(
            facts, chans, ids[present], starts, rank, k, day, org_bit, type_bit, in_period, row_share,
            focus[link_act], stats_of, slugs, support_types, [c for _pk, c in areas], year_figures,
        )  # fmt: skip
        if by_organisation:
            _add_period_by_organisation(
                out, ids[present], rank, org, in_period, row_share, day, type_bit, slugs, support_types
            )
    return out


def _add_period_by_organisation(
    out, company_ids, rank, org, in_period, row_share, day, type_bit, slugs, support_types
) -> None:  # fmt: skip
    """Each company's rows in the period grouped by organisation: [hours, first, last, support types]."""
    rows = np.flatnonzero(in_period)
    if not len(rows):
        return
    key = rank[rows] * len(slugs) + org[rows]
    order = np.argsort(key, kind="stable")
    key, rows = key[order], rows[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    group = np.cumsum(np.r_[False, key[1:] != key[:-1]])
    hours = np.bincount(group, weights=row_share[rows])
    first = np.minimum.reduceat(day[rows], starts)
    last = np.maximum.reduceat(day[rows], starts)
    types = _decoded(np.bitwise_or.reduceat(type_bit[rows], starts), support_types)
    keys = key[starts]
    for cid, o, h, f, la, t in zip(
        company_ids[keys // len(slugs)].tolist(), (keys % len(slugs)).tolist(), hours.tolist(),
        _dates(first), _dates(last), types, strict=True,
    ):  # fmt: skip
        period = out[cid].period
        if period is not None:
            period.by_organisation[slugs[o]] = [h, f, la, t]


def _records(
    facts, chans, company_ids, starts, rank, k, day, org_bit, type_bit, in_period, row_share, focus,
    stats_of, slugs, support_types, labels, year_figures,
) -> dict[int, CompanySupport]:  # fmt: skip
    """The records of `company_sums` from its per-company arrays."""

    def total(weights: np.ndarray) -> list:
        return np.bincount(rank, weights=weights, minlength=k).tolist()

    first, last = np.minimum.reduceat(day, starts), np.maximum.reduceat(day, starts)
    p_rows = np.bincount(rank, weights=in_period, minlength=k) > 0
    p_first = np.minimum.reduceat(np.where(in_period, day, np.iinfo(np.int64).max), starts)
    p_last = np.maximum.reduceat(np.where(in_period, day, -1), starts)
    org_set = np.bitwise_or.reduceat(org_bit, starts)
    # Per channel one list of ChannelStats, then per company a dict.
    per_channel = [_channel_stats(stats_of[ch], slugs) for ch in chans]
    channels = [dict(zip(chans, stats, strict=True)) for stats in zip(*per_channel, strict=True)]
    periods = list(
        map(
            PeriodFacts,
            total(np.where(in_period, row_share, 0.0)),
            _dates(np.where(p_rows, p_first, first)),
            _dates(np.where(p_rows, p_last, first)),
            _decoded(np.bitwise_or.reduceat(np.where(in_period, type_bit, 0), starts), support_types),
        )
    )
    first_days = _dates(first)
    employees, sizes = _year_facts(year_figures, company_ids, first_days)
    columns = zip(
        company_ids.tolist(),
        first_days,
        _dates(last),
        total(row_share),
        _decoded(org_set, slugs),
        _decoded(np.bitwise_or.reduceat(type_bit, starts), support_types),
        channels,
        _decoded(np.bitwise_or.reduceat(focus, starts), labels),
        p_rows.tolist(),
        periods,
        employees,
        sizes,
        strict=True,
    )
    out: dict[int, CompanySupport] = {}
    for (
        cid,
        first_day,
        last_day,
        hours_sum,
        orgs,
        types,
        chan_stats,
        focus_areas,
        has_period,
        period,
        by_year,
        size_then,
    ) in columns:
        orgnr, county, size, extra = facts[cid]
        out[cid] = CompanySupport(
            cid, orgnr, county, size, first_day, last_day, hours_sum, orgs, types, chan_stats, focus_areas,
            period if has_period else None, size_then, by_year, extra,
        )  # fmt: skip
    return out


_NONE: Mapping[int, Any] = MappingProxyType({})
_NO_ROWS = ChannelStats()  # shared by the companies without rows in a channel (as the SQL path does)


def _channel_stats(sums: tuple[np.ndarray, ...], slugs: Sequence[str]) -> list[ChannelStats]:
    """One channel's stats per company from its per-company arrays (made by `map`, not a Python loop);
    the companies without rows in the channel share one empty record (most do in a narrow channel)."""
    fin_end, fin_before, other_end, other_before, hours_end, hours_before, org_masks = sums
    has = np.flatnonzero((fin_end > 0) | (other_end > 0))
    made = map(
        ChannelStats,
        *(a[has].tolist() for a in (fin_end, fin_before, other_end, other_before, hours_end, hours_before)),
        _decoded(org_masks[has], slugs),
    )
    if len(has) == len(fin_end):
        return list(made)
    out = [_NO_ROWS] * len(fin_end)
    for i, stats in zip(has.tolist(), made, strict=True):
        out[i] = stats
    return out


def _year_facts(
    figures: YearFigures | None, company_ids: np.ndarray, first_days: list[datetime.date]
) -> tuple[list[Mapping[int, int]], list[Mapping[int, str]]]:
    """Per company (`company_ids` sorted) its headcount by year and {year of first support: size class}
    when that year's headcount is known. The mappings are read-only: equal ones are shared."""
    k = len(company_ids)
    if figures is None:
        return [_NONE] * k, [_NONE] * k
    years = list(figures.years)
    found, pos = _index(company_ids, figures.company)
    in_years = found & (figures.year >= years[0]) & (figures.year <= years[-1])
    rows, cols = pos[in_years], figures.year[in_years] - years[0]
    staff = np.full((k, len(years)), -1, dtype=np.int64)
    staff[rows, cols] = figures.employees[in_years]
    turnover = np.full((k, len(years)), np.nan)
    turnover[rows, cols] = figures.turnover[in_years]
    by_year = [
        {y: e for y, e in zip(years, row, strict=True) if e >= 0} if max(row) >= 0 else _NONE
        for row in staff.tolist()
    ]
    first_year = np.array([d.year for d in first_days], dtype=np.int64) - years[0]
    inside = (first_year >= 0) & (first_year < len(years))
    at = np.clip(first_year, 0, len(years) - 1)
    everyone = np.arange(k)
    then = np.where(inside, staff[everyone, at], -1)
    classes = size_classes(then, turnover[everyone, at])
    shared: dict[tuple[int, str], Mapping[int, str]] = {}
    sizes = [
        shared.setdefault((y, c), MappingProxyType({y + years[0]: c})) if c else _NONE
        for y, c in zip(first_year.tolist(), classes.tolist(), strict=True)
    ]
    return by_year, sizes
