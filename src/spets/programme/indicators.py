"""The indicator counting engine. Pure Python: no Django; per-company sums in, labelled figures out.

Definitions come from data/indicators-v1.yaml (`parse_definitions`); the rules are summarised there and in
docs/methods/programme.md. The counting rules every indicator obeys:

- an enterprise counts once per indicator, across organisations and periods (the key is the company id;
  the register's merge moves a merged company's activities to the survivor, so it counts once);
- figures are cumulative from the project's start to the period's end; `new` is the part that first
  qualified within the period (it qualifies at the end, and did not yet the day before the period began);
- a company qualifies for a `supported` indicator once its non-financial hours reach the indicator's
  `min_hours` (financial support qualifies at the first grant);
- `subset_of`: an indicator's companies are intersected with its parent's (CO04 ⊆ CO01), and a company
  is "new" in the period if it is new for either;
- size class at first support: the class of the first support's year (from the yearly figures) when known,
  else the company's current class; the source is kept per company (`size_source`).

The register is read as sums per company and *channel* (which rows an indicator looks at: financial or
not, some support types, some organisations, organisations outside the company's county): the service does
it in one SQL query; `aggregate` does the same from plain support rows, one company's part of one activity:

    (activity_id, company_id, organisation, date, support_type, financial, hours, focus_areas)

where `hours` is the company's share of the activity's advisor hours. `compute` returns `Results`;
`spets.programme.snapshot` turns them into the JSON document a closed period keeps and answers from it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any, NamedTuple

Support = tuple[int, int, str, datetime.date, str, bool, float, tuple[str, ...]]
Outcome = tuple[int, str, datetime.date, float | None]  # (company_id, kind, date, amount)
# (company_id, t1 completed on, band rank at T0, band rank at T1, band at T0, band at T1, framework id)
AssessmentPair = tuple[int, datetime.date, int | None, int | None, str | None, str | None, str]

RULES = (
    "supported",
    "research_cooperation",
    "outcome",
    "amount",
    "employment_change",
    "new_enterprise",
    "cross_county",
    "assessed",
    "maturity_up",
)
UNITS = ("enterprises", "fte", "sek")
DIMENSIONS = ("county", "organisation", "focus_area", "size_class")
SIZE_CLASSES = ("micro", "small", "medium", "large")
NOT_AVAILABLE, NOT_APPLICABLE = "not_available", "not_applicable"
FORMAT = 1  # of the snapshot document
_EPS = 1e-9


class DefinitionError(ValueError):
    """The definitions file is wrong; the message names the indicator and the field."""


@dataclass(frozen=True)
class Definition:
    id: str
    name_sv: str
    name_en: str
    unit: str
    rule: str
    generation: str = ""
    min_hours: float = 0.0
    financial: bool | None = None
    support_types: tuple[str, ...] = ()
    outcome_kinds: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    smes_only: bool = False
    subset_of: str | None = None
    rule_sv: str = ""
    rule_en: str = ""
    source: str = ""

    @property
    def counts_companies(self) -> bool:
        return self.unit == "enterprises"


def parse_definitions(data: Mapping[str, Any]) -> tuple[int, list[Definition]]:
    """(version, definitions) from the YAML document; every mistake is named (id and field)."""
    version = data.get("version")
    if not isinstance(version, int):
        raise DefinitionError("version: an integer is required")
    out: list[Definition] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("indicators") or []):
        ident = str(raw.get("id") or f"#{i + 1}")
        for name in ("id", "name_sv", "name_en", "unit", "rule", "source"):
            if not raw.get(name):
                raise DefinitionError(f"{ident}: {name} is required")
        if ident in seen:
            raise DefinitionError(f"{ident}: defined twice")
        if raw["rule"] not in RULES:
            raise DefinitionError(f"{ident}: rule {raw['rule']!r} is not one of {', '.join(RULES)}")
        if raw["unit"] not in UNITS:
            raise DefinitionError(f"{ident}: unit {raw['unit']!r} is not one of {', '.join(UNITS)}")
        min_hours = float(raw.get("min_hours") or 0)
        if min_hours < 0:
            raise DefinitionError(f"{ident}: min_hours must not be negative")
        parent = raw.get("subset_of")
        if parent is not None and parent not in seen:
            raise DefinitionError(f"{ident}: subset_of {parent!r} must be defined before it")
        counts = raw["rule"] not in ("amount", "employment_change")
        if counts != (raw["unit"] == "enterprises"):
            raise DefinitionError(f"{ident}: unit {raw['unit']!r} does not fit rule {raw['rule']!r}")
        if raw["rule"] in ("outcome", "amount") and not raw.get("outcome_kinds"):
            raise DefinitionError(f"{ident}: outcome_kinds is required for rule {raw['rule']}")
        if raw["rule"] not in ("supported", "research_cooperation") and min_hours:
            raise DefinitionError(f"{ident}: min_hours applies to rules supported and research_cooperation")
        financial = raw.get("financial")
        if financial not in (None, True, False):
            raise DefinitionError(f"{ident}: financial is true, false or absent")
        out.append(
            Definition(
                id=ident,
                name_sv=str(raw["name_sv"]),
                name_en=str(raw["name_en"]),
                unit=raw["unit"],
                rule=raw["rule"],
                generation=str(raw.get("generation") or ""),
                min_hours=min_hours,
                financial=financial,
                support_types=tuple(raw.get("support_types") or ()),
                outcome_kinds=tuple(raw.get("outcome_kinds") or ()),
                organisations=tuple(raw.get("organisations") or ()),
                smes_only=bool(raw.get("smes_only", False)),
                subset_of=parent,
                rule_sv=str(raw.get("rule_sv") or ""),
                rule_en=str(raw.get("rule_en") or ""),
                source=str(raw["source"]),
            )
        )
        seen.add(ident)
    if not out:
        raise DefinitionError("indicators: the file defines none")
    by_id = {d.id: d for d in out}
    for d in out:  # a subset cannot ask for less support than its parent, or it would not be a subset
        parent_def = by_id.get(d.subset_of or "")
        if parent_def is not None and d.rule == "supported" and parent_def.rule == "supported":
            if d.financial is not True and d.min_hours + _EPS < parent_def.min_hours:
                raise DefinitionError(
                    f"{d.id}: min_hours {d.min_hours:g} is below its parent {parent_def.id}'s "
                    f"{parent_def.min_hours:g}"
                )
    return version, out


# --- what the engine reads: one record per supported company ------------------------------------------


class Channel(NamedTuple):
    """Which support rows an indicator looks at: financial or not (None = both), only some support types,
    only some organisations (slugs), only organisations outside the company's county. The register is
    summed per company and channel (in SQL by the service, or by `aggregate` from plain rows).

    A named tuple: channels key the dictionaries read 60,000 times per figure, and a tuple hashes in C
    (a dataclass's `__hash__` is a Python call on every lookup)."""

    financial: bool | None = None
    support_types: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    outside_county: bool = False

    def matches(
        self, organisation: str, support_type: str, financial: bool, county: str, org_county: str
    ) -> bool:
        if self.financial is not None and financial != self.financial:
            return False
        if self.support_types and support_type not in self.support_types:
            return False
        if self.organisations and organisation not in self.organisations:
            return False
        return not self.outside_county or bool(org_county and org_county != county)

    @property
    def filters_rows(self) -> bool:
        """True when the channel picks rows by kind (financial, support type): its organisations cannot be
        derived from the company's organisations and must be summed from the rows."""
        return self.financial is not None or bool(self.support_types)

    def organisations_of(
        self, organisations: Iterable[str], county: str, org_county: Mapping[str, str]
    ) -> frozenset[str]:
        """For a channel that does not filter rows: its organisations among the company's."""
        return frozenset(
            o
            for o in organisations
            if (not self.organisations or o in self.organisations)
            and (not self.outside_county or bool(org_county.get(o) and org_county.get(o) != county))
        )


ALL = Channel()
_CHANNELS: dict[Channel, Channel] = {ALL: ALL}


def channel_of(d: Definition) -> Channel:
    """The channel an indicator reads; one instance per distinct channel (dictionary lookups by identity
    are fast for 60,000 companies)."""
    ch = Channel(
        d.financial,
        frozenset(d.support_types),
        frozenset(d.organisations) if d.rule == "research_cooperation" else frozenset(),
        d.rule == "cross_county",
    )
    return _CHANNELS.setdefault(ch, ch)


def channels(definitions: Iterable[Definition]) -> list[Channel]:
    """The distinct channels the definitions read (the whole support first)."""
    out = [ALL]
    for d in definitions:
        if d.rule in ("supported", "research_cooperation", "cross_county") and channel_of(d) not in out:
            out.append(channel_of(d))
    return out


@dataclass(slots=True)
class ChannelStats:
    """One company's rows in one channel, up to the period's end and before the period's start: how many
    financial and non-financial rows, the non-financial hours, and the organisations of the rows."""

    financial_end: int = 0
    financial_before: int = 0
    other_end: int = 0
    other_before: int = 0
    hours_end: float = 0.0
    hours_before: float = 0.0
    organisations: AbstractSet[str] = frozenset()


@dataclass(slots=True)
class PeriodFacts:
    """One company's support within the reporting period (the participant list)."""

    hours: float = 0.0
    first: datetime.date | None = None
    last: datetime.date | None = None
    support_types: AbstractSet[str] = frozenset()
    # organisation -> [hours, first, last, support types]: the participant list of one organisation
    by_organisation: dict[str, list[Any]] = field(default_factory=dict)


@dataclass(slots=True)
class CompanySupport:
    """One supported company from the project's start to the period's end, with its register facts."""

    id: int
    orgnr: str
    county: str
    current_size: str  # "" = unknown
    first: datetime.date
    last: datetime.date
    hours: float
    organisations: AbstractSet[str]
    support_types: AbstractSet[str]
    channels: dict[Channel, ChannelStats]
    focus_areas: AbstractSet[str] = frozenset()
    period: PeriodFacts | None = None
    size_by_year: Mapping[int, str] = field(default_factory=dict)
    employees_by_year: Mapping[int, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # name, municipality, SNI, activities: carried along

    @property
    def size_at_first_support(self) -> tuple[str, str]:
        """(size class, source): the class in the first support's year when the yearly figures have it,
        else the current class."""
        year = self.first.year
        if self.size_by_year.get(year):
            return self.size_by_year[year], f"year:{year}"
        if self.current_size:
            return self.current_size, "current"
        return "", "unknown"


def aggregate(
    supports: Iterable[Support],
    companies: Mapping[int, tuple[str, str, str]],
    chans: Sequence[Channel],
    *,
    project_start: datetime.date,
    period_start: datetime.date,
    end: datetime.date,
    organisation_counties: Mapping[str, str] | None = None,
) -> tuple[dict[int, CompanySupport], list[tuple[int, int, datetime.date]]]:
    """Sum plain support rows per company and channel, as the service's SQL does (the reference the SQL is
    tested against). `companies[id] = (orgnr, county, current size class)`. Rows after `end` are left out;
    rows before `project_start` are returned apart (not counted)."""
    org_county = organisation_counties or {}
    out: dict[int, CompanySupport] = {}
    sets: dict[int, tuple[set[str], set[str], set[str], set[str], dict[Channel, set[str]]]] = {}
    before_start: list[tuple[int, int, datetime.date]] = []
    for aid, cid, org, day, stype, financial, hours, focus in supports:
        if day > end:
            continue
        if day < project_start:
            before_start.append((aid, cid, day))
            continue
        orgnr, county, size = companies.get(cid, ("", "", ""))
        c = out.get(cid)
        if c is None:
            c = out[cid] = CompanySupport(
                cid, orgnr, county, size, day, day, 0.0, set(), set(), {ch: ChannelStats() for ch in chans}
            )
            sets[cid] = (set(), set(), set(), set(), {ch: set() for ch in chans})
        orgs, types, areas, period_types, channel_orgs = sets[cid]
        c.first, c.last = min(c.first, day), max(c.last, day)
        c.hours += hours
        orgs.add(org)
        types.add(stype)
        areas.update(focus)
        earlier = day < period_start
        if not earlier:
            p = c.period = c.period or PeriodFacts()
            p.hours += hours
            p.first = min(p.first or day, day)
            p.last = max(p.last or day, day)
            period_types.add(stype)
            own = p.by_organisation.get(org)
            if own is None:
                p.by_organisation[org] = [hours, day, day, {stype}]
            else:
                own[0] += hours
                own[1], own[2] = min(own[1], day), max(own[2], day)
                own[3].add(stype)
        for ch, st in c.channels.items():
            if not ch.matches(org, stype, bool(financial), county, org_county.get(org, "")):
                continue
            channel_orgs[ch].add(org)
            if financial:
                st.financial_end += 1
                st.financial_before += earlier
            else:
                st.other_end += 1
                st.other_before += earlier
                st.hours_end += hours
                st.hours_before += hours if earlier else 0.0
    for cid, (orgs, types, areas, period_types, channel_orgs) in sets.items():
        c = out[cid]
        c.organisations, c.support_types, c.focus_areas = frozenset(orgs), frozenset(types), frozenset(areas)
        if c.period is not None:
            c.period.support_types = frozenset(period_types)
        for ch, found in channel_orgs.items():
            c.channels[ch].organisations = frozenset(found)
    return out, before_start


# --- results ----------------------------------------------------------------------------------------


@dataclass
class IndicatorResult:
    definition: Definition
    value: float | None
    new: float | None  # the part first qualifying within the period (None where not meaningful)
    status: str = ""  # "" | not_available | not_applicable
    reason: str = ""
    values: dict[int, float] = field(default_factory=dict)  # company -> contribution (1 for counts)
    earlier: set[int] = field(default_factory=set)  # companies that qualified before the period
    new_ids: set[int] = field(default_factory=set)
    # Whose organisations a company counts under: the channel's (the rows the indicator read), or the
    # company's (None); `org_override` for single companies (a recorded research cooperation).
    channel: Channel | None = None
    org_override: dict[int, frozenset[str]] = field(default_factory=dict)
    coverage: tuple[int, int] | None = None  # (companies with the data, companies asked about)
    details: dict[int, list[Any]] = field(default_factory=dict)

    def organisations(self, company: CompanySupport) -> AbstractSet[str]:
        override = self.org_override.get(company.id)
        if override is not None:
            return override
        return (
            company.channels[self.channel].organisations
            if self.channel is not None
            else company.organisations
        )


@dataclass
class Results:
    project_start: datetime.date
    period_start: datetime.date
    end: datetime.date
    companies: dict[int, CompanySupport]
    indicators: dict[str, IndicatorResult]
    no_orgnr: list[int]
    sizes: dict[int, str]  # size class at first support per company
    # (framework, band at T0, band at T1) -> companies, over the companies of the `assessed` indicator
    movement: dict[tuple[str, str | None, str | None], int]


# --- computing --------------------------------------------------------------------------------------


def _semantics(d: Definition, by_id: Mapping[str, Definition]) -> tuple:
    """What decides an indicator's companies (not its name): two definitions with the same semantics
    (CO01 and RCO01) are counted once."""
    parent = by_id.get(d.subset_of or "")
    return (
        d.rule,
        d.unit,
        d.min_hours,
        d.financial,
        d.support_types,
        d.outcome_kinds,
        d.organisations,
        d.smes_only,
        _semantics(parent, by_id) if parent is not None else None,
    )


def compute(
    definitions: Sequence[Definition],
    companies: Mapping[int, CompanySupport],
    *,
    project_start: datetime.date,
    period_start: datetime.date,
    end: datetime.date,
    outcomes: Iterable[Outcome] = (),
    assessments: Iterable[AssessmentPair] = (),
    support_types_in_use: Iterable[str] | None = None,
    registration_dates: Mapping[int, datetime.date] | None = None,
) -> Results:
    """Every indicator for the period [period_start, end], cumulative from `project_start`.

    `companies` are the supported companies with their sums per channel (`aggregate`, or the service's
    SQL). `support_types_in_use` (the project's mapping) makes an indicator asking only for other support
    types "not applicable". Without `registration_dates` the new-enterprise indicators are "not available"
    (the register has no registration date).
    """
    outcomes_by_company: dict[int, list[Outcome]] = {}
    for o in outcomes:
        c = companies.get(o[0])
        if c is not None and c.first <= o[2] <= end:
            outcomes_by_company.setdefault(o[0], []).append(o)
    pairs: dict[int, AssessmentPair] = {}
    for p in sorted(assessments, key=itemgetter(1)):
        if p[1] <= end and p[0] in companies:
            pairs[p[0]] = p  # the latest pair up to the period's end
    in_use = set(support_types_in_use) if support_types_in_use is not None else None
    by_id = {d.id: d for d in definitions}
    results: dict[str, IndicatorResult] = {}
    done: dict[tuple, IndicatorResult] = {}
    for d in definitions:
        key = _semantics(d, by_id)
        same = done.get(key)
        if same is not None:  # e.g. RCO01 as CO01: the same companies under another name
            results[d.id] = replace(same, definition=d)
            continue
        parent = results.get(d.subset_of) if d.subset_of else None
        result = _indicator(
            d, companies, outcomes_by_company, pairs, period_start, end, in_use, registration_dates, parent
        )
        if parent is not None and not result.status:
            _restrict(result, parent)
        if d.smes_only and not result.status:
            _drop(result, [c for c in result.values if companies[c].size_at_first_support[0] == "large"])
        _finish(result, period_start, end)
        results[d.id] = done[key] = result

    assessed = next(
        (results[d.id] for d in definitions if d.rule == "assessed" and not results[d.id].status), None
    )
    movement: dict[tuple[str, str | None, str | None], int] = {}
    for cid, p in pairs.items():
        if assessed is None or cid in assessed.values:
            key3 = (p[6], p[4], p[5])
            movement[key3] = movement.get(key3, 0) + 1
    no_orgnr = sorted(cid for cid, c in companies.items() if not (c.orgnr or "").strip())
    sizes = {cid: c.size_at_first_support[0] for cid, c in companies.items()}
    return Results(project_start, period_start, end, dict(companies), results, no_orgnr, sizes, movement)


def _indicator(
    d: Definition,
    companies: Mapping[int, CompanySupport],
    outcomes: Mapping[int, list[Outcome]],
    pairs: Mapping[int, AssessmentPair],
    period_start: datetime.date,
    end: datetime.date,
    in_use: set[str] | None,
    registration_dates: Mapping[int, datetime.date] | None,
    parent: IndicatorResult | None,
) -> IndicatorResult:
    result = IndicatorResult(d, None, None)
    if d.rule in ("supported", "research_cooperation", "cross_county"):
        if d.support_types and in_use is not None and not set(d.support_types) & in_use:
            result.status, result.reason = NOT_APPLICABLE, "no_support_type"
            return result
        ch = result.channel = channel_of(d)
        values, earlier_ids = result.values, result.earlier
        least = d.min_hours - _EPS
        # A grant counts at once; non-financial support once its hours reach `min_hours`.
        try:
            for cid, c in companies.items():
                st = c.channels[ch]
                if st.financial_end or (st.other_end and st.hours_end >= least):
                    values[cid] = 1.0
                    if st.financial_before or (st.other_before and st.hours_before >= least):
                        earlier_ids.add(cid)
        except KeyError:
            raise DefinitionError(f"{d.id}: the register was not summed for its channel") from None
        if d.rule == "research_cooperation":
            for cid, recorded in outcomes.items():
                days = [o[2] for o in recorded if o[1] == "research_cooperation"]
                if not days:
                    continue
                if cid not in values:
                    result.org_override[cid] = frozenset(companies[cid].organisations)
                    values[cid] = 1.0
                if min(days) < period_start:
                    earlier_ids.add(cid)
        return result
    base = (
        {cid: cid in parent.earlier for cid in parent.values}
        if parent is not None
        else {cid: c.first < period_start for cid, c in companies.items()}
    )
    if d.rule in ("outcome", "amount"):
        kinds = set(d.outcome_kinds)
        for cid, recorded in outcomes.items():
            if cid not in base:
                continue
            mine = [o for o in recorded if o[1] in kinds]
            if not mine:
                continue
            result.values[cid] = 1.0 if d.rule == "outcome" else sum(o[3] or 0.0 for o in mine)
            if min(o[2] for o in mine) < period_start:
                result.earlier.add(cid)
            if d.rule == "amount":
                result.details[cid] = [[o[2].isoformat(), o[3]] for o in sorted(mine, key=itemgetter(2))]
        if d.rule == "amount" and not result.values:
            result.status, result.reason = NOT_AVAILABLE, "no_amounts"
        return result
    if d.rule == "employment_change":
        asked = with_data = 0
        for cid in base:
            c = companies[cid]
            asked += 1
            if not c.employees_by_year:
                continue
            base_year = c.first.year - 1
            before = c.employees_by_year.get(base_year)
            later = [y for y in c.employees_by_year if base_year < y <= end.year]
            if before is None or not later:
                continue
            after_year = max(later)
            after = c.employees_by_year[after_year]
            with_data += 1
            result.values[cid] = float(max(0, after - before))
            if base[cid]:
                result.earlier.add(cid)
            result.details[cid] = [base_year, before, after_year, after]
        result.coverage = (with_data, asked)
        if asked and not with_data:
            result.status, result.reason = NOT_AVAILABLE, "no_year_figures"
        return result
    if d.rule == "new_enterprise":
        if registration_dates is None:
            result.status, result.reason = NOT_AVAILABLE, "no_registration_date"
            return result
        for cid, earlier in base.items():
            registered = registration_dates.get(cid)
            if registered is not None and (companies[cid].first - registered).days < 3 * 365:
                result.values[cid] = 1.0
                if earlier:
                    result.earlier.add(cid)
        return result
    if d.rule in ("assessed", "maturity_up"):
        for cid, p in pairs.items():
            if cid not in base:
                continue
            if d.rule == "maturity_up" and not (p[2] is not None and p[3] is not None and p[3] > p[2]):
                continue
            result.values[cid] = 1.0
            if base[cid] and p[1] < period_start:
                result.earlier.add(cid)
            result.details[cid] = [p[4], p[5], p[1].isoformat()]
        return result
    raise DefinitionError(f"{d.id}: rule {d.rule!r} has no interpreter")  # pragma: no cover


def _drop(result: IndicatorResult, ids: Iterable[int]) -> None:
    gone = set(ids)
    for cid in gone:
        result.values.pop(cid, None)
        result.details.pop(cid, None)
        result.org_override.pop(cid, None)
    result.earlier -= gone


def _restrict(result: IndicatorResult, parent: IndicatorResult) -> None:
    """Keep the companies the parent counts; a company counts as earlier only if it did for both."""
    _drop(result, [c for c in result.values if c not in parent.values])
    result.earlier &= parent.earlier


def _finish(result: IndicatorResult, period_start: datetime.date, end: datetime.date) -> None:
    if result.status:
        return
    result.new_ids = set(result.values) - result.earlier
    if result.definition.counts_companies:
        result.value = float(len(result.values))
        result.new = float(len(result.new_ids))
        return
    result.value = sum(result.values.values())
    if result.definition.rule == "amount":  # the amounts recorded within the period (ISO dates compare)
        first, last = period_start.isoformat(), end.isoformat()
        result.new = sum(
            amount or 0.0
            for cid in result.values
            for day, amount in result.details.get(cid, ())
            if first <= day <= last
        )
