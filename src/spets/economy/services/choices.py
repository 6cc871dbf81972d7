"""The user's choices, validated: years, region sets, areas, industries and scenario changes.

Each check returns the value the model understands or raises :class:`InvalidChoice` naming the input and
listing the valid choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from spets.economy.errors import InvalidChoice
from spets.economy.footprint import SCOPES
from spets.economy.inputs import REGION_SETS, ModelInputs
from spets.economy.io import IOTable, IOTableError
from spets.economy.services import active_table
from spets.economy.tables import sni_to_industries
from spets.economy.tax import TaxParameterError, available_years, tax_year

DEFAULT_INDUSTRY = "B,C"
DEFAULT_REGIONS = "programme"
DEFAULT_SCOPE = "services"  # what Swedish reports on an industry's contribution count (issue #12)
SCENARIO_SCOPE = "type2"  # a plant opening or closing: the whole change, households included


def table() -> IOTable:
    """The national table in use: SPETS_FOOTPRINT_TABLE, else the one installed with `spets footprint
    use-table`, else the bundled approximate demo table (:mod:`.table`)."""
    return active_table.current()


# ---------------------------------------------------------------------------------------------
# Years and region sets
# ---------------------------------------------------------------------------------------------


@cache
def valid_years() -> tuple[int, ...]:
    """Income years with a parameter file; parameters a year lacks come from the nearest year (notice)."""
    out = []
    for y in available_years():
        try:
            tax_year(y)
        except TaxParameterError:
            continue
        out.append(y)
    return tuple(out)


def default_year() -> int:
    return max(valid_years())


def check_year(year: int | str | None) -> int:
    years = valid_years()
    try:
        value = int(year) if year not in (None, "") else default_year()
    except (TypeError, ValueError):
        raise InvalidChoice(
            f"year {year!r} is not a number; years available: {', '.join(map(str, years))}",
            field="year",
            code="year_not_a_number",
            year=year,
            years=years,
        ) from None
    if value not in years:
        raise InvalidChoice(
            f"no tax parameters for {value}; years available: {', '.join(map(str, years))}",
            field="year",
            code="no_tax_year",
            year=value,
            years=years,
        )
    return value


def check_regions(regions: str | None) -> str:
    """'programme' (default: 41 municipalities + rest of Sweden) or 'sweden' (all 290 municipalities)."""
    value = (regions or DEFAULT_REGIONS).strip().lower()
    if value not in REGION_SETS:
        raise InvalidChoice(
            f"unknown regions {regions!r}; valid: {', '.join(REGION_SETS)}",
            field="regions",
            code="unknown_regions",
            regions=regions,
            valid=list(REGION_SETS),
        )
    return value


def check_scope(scope: str | None, default: str = DEFAULT_SCOPE) -> str:
    """direct | services | type1 | type2 (see :mod:`spets.economy.footprint`)."""
    value = (scope or default).strip().lower()
    if value not in SCOPES:
        raise InvalidChoice(
            f"unknown scope {scope!r}; valid: {', '.join(SCOPES)}",
            field="scope",
            code="unknown_scope",
            scope=scope,
            valid=list(SCOPES),
        )
    return value


def region_choices() -> list[tuple[str, str]]:
    return [
        ("programme", _("Programme municipalities + rest of Sweden")),
        ("sweden", _("All 290 municipalities of Sweden")),
    ]


# ---------------------------------------------------------------------------------------------
# Areas
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    spec: str  # 'programme', 'county:20', 'kommun:2081'
    name: str
    regions: tuple[str, ...]


def area_choices(inputs: ModelInputs) -> list[tuple[str, str]]:
    """(spec, label) of every valid area: the programme, its counties and municipalities (with
    regions=sweden: every county and municipality)."""
    out = [("programme", _("Programme area (%(n)s municipalities)") % {"n": len(inputs.programme)})]
    out += [(f"county:{c}", f"{n} ({c})") for c, n in sorted(inputs.counties.items())]
    out += [(f"kommun:{c}", f"{inputs.municipalities[c].name} ({c})") for c in inputs.area_municipalities]
    return out


def parse_area(spec: str | None, inputs: ModelInputs) -> Area:
    text = (spec or "programme").strip().lower()
    kind, _sep, code = text.partition(":")
    programme, pool = inputs.programme, inputs.area_municipalities
    if kind == "programme" and not code:
        return Area("programme", _("Programme area"), programme)
    if kind in {"county", "lan", "län"} and code in inputs.counties:
        return Area(
            f"county:{code}",
            inputs.counties[code],
            tuple(c for c in pool if inputs.municipalities[c].county == code),
        )
    if kind == "kommun" and code in pool:
        return Area(f"kommun:{code}", inputs.municipalities[code].name, (code,))
    valid = ["programme"] + [f"county:{c}" for c in sorted(inputs.counties)] + [f"kommun:{c}" for c in pool]
    raise InvalidChoice(
        f"unknown area {spec!r}; valid: {', '.join(valid)}",
        field="area",
        code="unknown_area",
        area=spec,
        valid=valid,
    )


# ---------------------------------------------------------------------------------------------
# Industries
# ---------------------------------------------------------------------------------------------


def industry_choices() -> list[str]:
    t = table()
    sections = sorted({i[0] for i in t.industries})
    divisions = list(t.metadata.get("sni_divisions", {}).values())
    return sections + divisions


def _sections(industry: str) -> set[str]:
    """SNI sections a table industry covers: 'C24' → {C}, 'R-U' → {R, S, T, U}."""
    head, _sep, tail = industry.partition("-")
    if len(head) == 1 and len(tail) == 1 and tail.isalpha():
        return {chr(c) for c in range(ord(head), ord(tail) + 1)}
    return {industry[0]}


def industry_scope(text: str | None) -> list[dict[str, str]]:
    """Requested SNI codes that the table only has inside a broader industry ('99' → R-U, 'R' → R-U).

    The footprint of such a request is computed for the whole table industry; callers state that.
    """
    t = table()
    divs: dict[str, str] = t.metadata.get("sni_divisions", {})
    names = dict(zip(t.industries, t.industry_names or t.industries, strict=True))
    out: list[dict[str, str]] = []
    for part in (p.strip() for p in re.split(r"[,\s+]+", text or DEFAULT_INDUSTRY) if p.strip()):
        code = part.upper()
        if code in t.industries:
            continue
        try:
            inds = parse_industries(code)
        except InvalidChoice:
            continue
        if code.isalpha():
            broader = [i for i in inds if _sections(i) != {code}]
        else:
            wanted = int(code.removeprefix("C")[:2])
            broader = [i for i in inds if divs.get(i, "").partition("-")[::2] != (f"{wanted:02d}", "")]
        out += [{"requested": part, "industry": i, "name": names[i], "sni": divs.get(i, "")} for i in broader]
    return out


def parse_industries(text: str | None) -> tuple[str, ...]:
    """'B,C' or 'C24,C17' or '24,17' → table industries; unknown code → error listing valid codes."""
    t = table()
    found: list[str] = []
    parts = [p.strip() for p in re.split(r"[,\s+]+", text or DEFAULT_INDUSTRY) if p.strip()]
    if not parts:
        raise InvalidChoice(
            f"no industry given; valid: {', '.join(industry_choices())}",
            field="industry",
            code="no_industry",
            valid=industry_choices(),
        )
    for part in parts:
        code = part.upper()
        if code in t.industries:
            inds: tuple[str, ...] = (code,)
        else:
            try:
                inds = sni_to_industries(t, code.removeprefix("C") if code[1:].isdigit() else code)
            except (IOTableError, ValueError):
                raise InvalidChoice(
                    f"unknown industry {part!r}; valid: SNI sections or divisions "
                    f"{', '.join(industry_choices())} (or table industries "
                    f"{', '.join(t.industries)})",
                    field="industry",
                    code="unknown_industry",
                    industry=part,
                    valid=industry_choices(),
                    industries=list(t.industries),
                ) from None
        found += [i for i in inds if i not in found]
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# Scenario changes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeSpec:
    """One user change: municipality code, SNI code, jobs (±) and/or final demand (± MSEK)."""

    municipality: str
    sni: str
    jobs: float = 0.0
    final_demand_msek: float = 0.0


_CHANGE_KEYS = {
    "kommun": "municipality",
    "municipality": "municipality",
    "sni": "sni",
    "jobs": "jobs",
    "demand": "final_demand_msek",
    "msek": "final_demand_msek",
    "final_demand_msek": "final_demand_msek",
}


def parse_change(text: str) -> ChangeSpec:
    """'kommun:2081,sni:24,jobs:+300' (or 'demand:+50' in MSEK) → ChangeSpec; errors name the part."""
    values: dict[str, Any] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        key, sep, val = part.partition(":")
        field_name = _CHANGE_KEYS.get(key.strip().lower())
        if not sep or field_name is None:
            raise InvalidChoice(
                f"change {text!r}: cannot read {part!r}; write e.g. kommun:2081,sni:24,jobs:+300 "
                f"(keys: kommun, sni, jobs, demand)",
                field="changes",
            )
        if field_name in {"jobs", "final_demand_msek"}:
            try:
                values[field_name] = float(val.replace("\u2212", "-"))
            except ValueError:
                raise InvalidChoice(
                    f"change {text!r}: {key} must be a number, got {val!r}", field="changes"
                ) from None
        else:
            values[field_name] = val.strip()
    for needed in ("municipality", "sni"):
        if needed not in values:
            raise InvalidChoice(
                f"change {text!r} has no {'kommun' if needed == 'municipality' else 'sni'}: "
                "write e.g. kommun:2081,sni:24,jobs:+300",
                field="changes",
            )
    if not values.get("jobs") and not values.get("final_demand_msek"):
        raise InvalidChoice(f"change {text!r} changes nothing: give jobs:±N or demand:±MSEK", field="changes")
    return ChangeSpec(**values)
