"""The figures document: what a period's report reads, and what a closed period keeps (`snapshot`), and
the answers it gives (`Figures`): values, breakdowns by county, size class, organisation and focus area,
and the companies behind each figure. Pure Python: no Django.

`snapshot(results)` turns the engine's `Results` (`spets.programme.indicators.compute`) into a JSON document;
`Figures(document)` answers from it the same way for a live computation and a frozen one, so a closed period
reads exactly what was reported.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from operator import attrgetter, itemgetter
from typing import Any

from .indicators import ALL, DIMENSIONS, FORMAT, CompanySupport, IndicatorResult, Results

_NO_AREA = frozenset({""})


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def breakdowns(
    result: IndicatorResult, companies: Mapping[int, CompanySupport], sizes: Mapping[int, str] | None = None
) -> dict[str, dict[str, Any]]:
    """The indicator's value by county, organisation, focus area and size class (at first support).

    A company counts under every organisation that supported it (in the rows the indicator read) and every
    focus area of its support, so those two breakdowns add up to more than the total; county and size class
    add up to it."""
    if result.definition.counts_companies:
        # Counting 60,000 companies: Counter over C-level generators, and organisation and focus-area sets
        # counted as (shared, interned) sets first, then spread over their members.
        # `map` with C-level getters rather than generators: no Python frame per company.
        ids = list(result.values)
        records = list(map(companies.__getitem__, ids))
        size_of = sizes if sizes is not None else {c: companies[c].size_at_first_support[0] for c in ids}
        override = result.org_override
        plain = [c for c in records if c.id not in override] if override else records
        if result.channel is None:
            org_sets = Counter(map(attrgetter("organisations"), plain))
        else:
            stats = map(itemgetter(result.channel), map(attrgetter("channels"), plain))
            org_sets = Counter(map(attrgetter("organisations"), stats))
        org_sets.update(override[c] for c in ids if c in override)
        area_sets = Counter(map(attrgetter("focus_areas"), records))
        without = area_sets.pop(frozenset(), 0)
        if without:
            area_sets[_NO_AREA] += without
        out: dict[str, dict[str, Any]] = {
            "county": dict(sorted(Counter(map(attrgetter("county"), records)).items())),
            "size_class": dict(sorted(Counter(map(size_of.__getitem__, ids)).items())),
        }
        for dim, sets in (("organisation", org_sets), ("focus_area", area_sets)):
            spread: Counter[str] = Counter()
            for members, n in sets.items():
                for key in members:
                    spread[key] += n
            out[dim] = dict(sorted(spread.items()))
        return out
    cells: dict[str, dict[str, float]] = {dim: {} for dim in DIMENSIONS}
    county, size, orgs, areas = (cells[d] for d in ("county", "size_class", "organisation", "focus_area"))
    for cid, value in result.values.items():
        c = companies[cid]
        size_key = sizes[cid] if sizes is not None else c.size_at_first_support[0]
        county[c.county] = county.get(c.county, 0.0) + value
        size[size_key] = size.get(size_key, 0.0) + value
        for key in result.organisations(c):
            orgs[key] = orgs.get(key, 0.0) + value
        for key in c.focus_areas or ("",):
            areas[key] = areas.get(key, 0.0) + value
    return {dim: {k: _number(v) for k, v in sorted(cell.items())} for dim, cell in cells.items()}


def breakdown_tables(results: Results) -> dict[str, dict[str, dict[str, Any]]]:
    """Every available indicator's breakdowns; indicators sharing their companies (CO01 and RCO01) are
    tabulated once."""
    tables: dict[int, dict[str, dict[str, Any]]] = {}
    out = {}
    for ident, r in results.indicators.items():
        if r.status:
            continue
        if id(r.values) not in tables:
            tables[id(r.values)] = breakdowns(r, results.companies, results.sizes)
        out[ident] = tables[id(r.values)]
    return out


def snapshot(results: Results, *, definitions_version: int) -> dict[str, Any]:
    """The figures as a JSON document: what a closed period keeps and every report reads. Each company's
    `extra` facts (name, municipality, SNI, activity ids) are carried into its entry; `corgs` keeps a
    channel's organisations where they differ from the company's (`channels` names the channels)."""
    chans = sorted(
        {r.channel for r in results.indicators.values() if r.channel is not None and r.channel != ALL},
        key=repr,
    )
    channel_key = {ch: f"c{i + 1}" for i, ch in enumerate(chans)}
    channel_key[ALL] = ""
    companies: dict[str, Any] = {}
    listed: dict[AbstractSet[str], list[str]] = {}  # the sets are shared: sort each once

    def as_list(values: AbstractSet[str]) -> list[str]:
        found = listed.get(values)
        if found is None:
            found = listed[values] = sorted(v for v in values if v)
        return found

    for cid, c in results.companies.items():
        size, source = c.size_at_first_support
        doc: dict[str, Any] = {
            "orgnr": c.orgnr,
            "county": c.county,
            "size": size,
            "size_source": source,
            "first": c.first.isoformat(),
            "last": c.last.isoformat(),
            "hours": round(c.hours, 2),
            "orgs": as_list(c.organisations),
            "areas": as_list(c.focus_areas),
            "types": as_list(c.support_types),
            **c.extra,
        }
        differing = {
            channel_key[ch]: as_list(c.channels[ch].organisations)
            for ch in chans
            if ch in c.channels and c.channels[ch].organisations != c.organisations
        }
        if differing:
            doc["corgs"] = differing
        p = c.period
        if p is not None:
            doc["p"] = {
                "hours": round(p.hours, 2),
                "first": _iso(p.first),
                "last": _iso(p.last),
                "types": as_list(p.support_types),
                "orgs": {
                    org: [round(v[0], 2), _iso(v[1]), _iso(v[2]), as_list(frozenset(v[3]))]
                    for org, v in sorted(p.by_organisation.items())
                },
            }
        companies[str(cid)] = doc
    indicators: dict[str, Any] = {}
    tables = breakdown_tables(results)
    for ident, r in results.indicators.items():
        d = r.definition
        doc = {
            "value": _number(r.value),
            "new": _number(r.new),
            "status": r.status,
            "reason": r.reason,
            "unit": d.unit,
            "ids": sorted(r.values),
            "new_ids": sorted(r.new_ids),
            "members": channel_key.get(r.channel, "") if r.channel is not None else "",
            "breakdowns": tables.get(ident, {}),
        }
        if r.org_override:
            doc["org_override"] = {str(c): sorted(v) for c, v in sorted(r.org_override.items())}
        if not d.counts_companies:
            doc["values"] = {str(c): _number(v) for c, v in sorted(r.values.items())}
        if r.coverage is not None:
            doc["coverage"] = list(r.coverage)
        if r.details:
            doc["details"] = {str(c): v for c, v in sorted(r.details.items())}
        indicators[ident] = doc
    return {
        "format": FORMAT,
        "definitions_version": definitions_version,
        "project_start": _iso(results.project_start),
        "period_start": _iso(results.period_start),
        "end": _iso(results.end),
        "channels": {
            key: {
                "financial": ch.financial,
                "support_types": sorted(ch.support_types),
                "organisations": sorted(ch.organisations),
                "outside_county": ch.outside_county,
            }
            for ch, key in channel_key.items()
            if key
        },
        "companies": companies,
        "indicators": indicators,
        "movement": [
            [f, a, b, n] for (f, a, b), n in sorted(results.movement.items(), key=lambda kv: str(kv[0]))
        ],
        "no_orgnr": results.no_orgnr,
        "cross_county": cross_county(results),
    }


def cross_county(results: Results, indicator: str = "CO01") -> dict[str, dict[str, int]]:
    """Organisation → the supported companies' county → how many companies (of the indicator's, CO01 by
    default): who supported companies where, counted once per company and organisation."""
    result = results.indicators.get(indicator)
    if result is None:
        return {}
    table: dict[str, Counter] = {}
    for cid in result.values:
        c = results.companies[cid]
        for org in result.organisations(c):
            table.setdefault(org, Counter())[c.county] += 1
    return {org: dict(sorted(counts.items())) for org, counts in sorted(table.items())}


# --- the summary: what the report page reads, kept apart from the companies' full facts ----------------

# A summary keeps of each company only what the report page reads (county and municipality for the tables
# and the map, the name for the issues list, whether it took part in the period) ...
SUMMARY_FACTS = ("county", "municipality", "name")
# ... and of each indicator everything but the per-company parts only a drill-down reads.
DETAIL_KEYS = ("new_ids", "details", "values")


def split(doc: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(summary, rest) of a figures document: the summary is what a report page reads (a tenth of the
    document at 60,000 companies); `join(summary, rest)` gives the document back."""
    summary = {k: v for k, v in doc.items() if k not in ("companies", "indicators")}
    slim: dict[str, Any] = {}
    for cid, facts in doc.get("companies", {}).items():
        entry = {k: facts[k] for k in SUMMARY_FACTS if k in facts}
        if facts.get("p"):
            entry["p"] = 1
        slim[cid] = entry
    summary["companies"] = slim
    summary["indicators"] = {
        ident: {k: v for k, v in ind.items() if k not in DETAIL_KEYS}
        for ident, ind in doc.get("indicators", {}).items()
    }
    rest = {
        "companies": doc.get("companies", {}),
        "indicators": {
            ident: {k: ind[k] for k in DETAIL_KEYS if k in ind}
            for ident, ind in doc.get("indicators", {}).items()
        },
    }
    return summary, rest


def join(summary: Mapping[str, Any], rest: Mapping[str, Any]) -> dict[str, Any]:
    """The whole document from `split`'s parts (the summary's other keys as they are now)."""
    doc = dict(summary)
    doc["companies"] = rest.get("companies", {})
    details = rest.get("indicators", {})
    doc["indicators"] = {
        ident: {**ind, **details.get(ident, {})} for ident, ind in summary.get("indicators", {}).items()
    }
    return doc


class Summary(dict):
    """A figures document's summary whose whole document is read only when asked for (`whole()`): the
    report page answers from the summary; the companies behind a figure need the whole."""

    def __init__(self, data: Mapping[str, Any], rest: Callable[[], Mapping[str, Any]]):
        super().__init__(data)
        self._rest = rest
        self._whole: dict[str, Any] | None = None

    @property
    def read_whole(self) -> bool:
        """True once the whole document was read (the report page never needs it)."""
        return self._whole is not None

    def whole(self) -> dict[str, Any]:
        if self._whole is None:
            self._whole = join(self, self._rest())
        return self._whole


class Figures:
    """Answers from a snapshot document (a live computation or a closed period's frozen one), or from a
    `Summary` of one, whose companies' full facts and per-company details are read at the first question
    that needs them."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data
        self.indicators: Mapping[str, Any] = data.get("indicators", {})
        self._companies: Mapping[str, Any] | None = (
            None if isinstance(data, Summary) else data.get("companies", {})
        )
        self._details: Mapping[str, Any] | None = None if isinstance(data, Summary) else self.indicators

    @property
    def companies(self) -> Mapping[str, Any]:
        if self._companies is None:
            self._companies = self._load()["companies"]
        return self._companies

    def _load(self) -> Mapping[str, Any]:
        assert isinstance(self.data, Summary)
        return self.data.whole()

    def indicator(self, ident: str) -> Mapping[str, Any]:
        if self._details is None:
            self._details = self._load()["indicators"]
        return self._details.get(ident) or {}

    def value(self, ident: str) -> float | int | None:
        return (self.indicators.get(ident) or {}).get("value")

    def breakdown(self, ident: str, dimension: str) -> Mapping[str, Any]:
        return (self.indicators.get(ident) or {}).get("breakdowns", {}).get(dimension, {})

    def organisations(self, ident: str, company_id: int) -> list[str]:
        """The organisations a company counts under in one indicator."""
        ind = self.indicator(ident)
        override = ind.get("org_override", {}).get(str(company_id))
        if override is not None:
            return list(override)
        company = self.company(company_id)
        members = ind.get("members", "")
        if members and members in company.get("corgs", {}):
            return list(company["corgs"][members])
        return list(company.get("orgs", ()))

    def ids(self, ident: str, dimension: str | None = None, key: str | None = None) -> list[int]:
        """The companies behind one figure: the indicator's total, or one cell of a breakdown."""
        ids: list[int] = list((self.indicators.get(ident) or {}).get("ids", ()))
        key = key or ""
        if dimension is None:
            return ids
        if dimension == "organisation":
            return [c for c in ids if key in self.organisations(ident, c)]
        if dimension == "focus_area":
            return [c for c in ids if key in (self.company(c).get("areas") or [""])]
        field_name = "county" if dimension == "county" else "size"
        return [c for c in ids if self.company(c).get(field_name, "") == key]

    def contribution(self, ident: str, company_id: int) -> float | int | None:
        ind = self.indicator(ident)
        if "values" in ind:
            return ind["values"].get(str(company_id))
        return 1 if company_id in set(ind.get("ids", ())) else None

    def company(self, company_id: int) -> Mapping[str, Any]:
        return self.companies.get(str(company_id), {})
