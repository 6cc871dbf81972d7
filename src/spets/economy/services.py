"""Economy services: footprint of an area's industry and scenarios, on the platform's data.

Views, API and commands call these functions only. They validate the user's choices (area, industry,
year, changes) with messages listing the valid choices, build the multi-regional model from
:mod:`spets.economy.inputs` and cache it per (year, data version, region set) in this process, so that a
programme-area scenario answers in milliseconds once the model is warm.

Nothing here writes to the database (statistics, no company data), so there is nothing to audit.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from spets.economy import inputs as inp
from spets.economy import labels as labels_
from spets.economy.footprint import Assumptions, EconomyModel, FootprintResult
from spets.economy.footprint import footprint as pure_footprint
from spets.economy.io import IOTable, IOTableError
from spets.economy.scenario import Change, Scenario, run_scenario, sensitivity
from spets.economy.tables import load_demo_table, sni_to_industries
from spets.economy.tax import TaxParameterError, available_years, tax_year

DEFAULT_INDUSTRY = "B,C"
DEFAULT_DRAWS = 40
REGION_SETS = inp.REGION_SETS
DEFAULT_REGIONS = "programme"


class EconomyError(ValueError):
    """A choice the model cannot answer (unknown area, industry, year, change) or missing inputs.

    ``field`` names the input at fault ('area', 'industry', 'year', 'changes', 'draws'; None = data).
    The message is English (API, CLI); ``code`` and ``params`` let pages word it in the user's language
    (:func:`spets.economy.labels.error_text`).
    """

    def __init__(self, message: str, field: str | None = None, code: str = "", **params: Any) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.params = params


@cache
def table() -> IOTable:
    """The national table in use (the bundled approximate demo table until a real one is configured)."""
    return load_demo_table()


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
        raise EconomyError(
            f"year {year!r} is not a number; years available: {', '.join(map(str, years))}",
            field="year",
            code="year_not_a_number",
            year=year,
            years=years,
        ) from None
    if value not in years:
        raise EconomyError(
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
        raise EconomyError(
            f"unknown regions {regions!r}; valid: {', '.join(REGION_SETS)}",
            field="regions",
            code="unknown_regions",
            regions=regions,
            valid=list(REGION_SETS),
        )
    return value


def region_choices() -> list[tuple[str, str]]:
    return [
        ("programme", _("Programme municipalities + rest of Sweden")),
        ("sweden", _("All 290 municipalities of Sweden")),
    ]


# ---------------------------------------------------------------------------------------------
# Cached model
# ---------------------------------------------------------------------------------------------


@dataclass
class Built:
    model: EconomyModel
    inputs: inp.ModelInputs
    key: tuple
    build_ms: float
    _baseline: FootprintResult | None = field(default=None, repr=False)

    def baseline(self) -> FootprintResult:
        """The programme area's B+C footprint (baseline of scenarios), computed once per model."""
        if self._baseline is None:
            inds = parse_industries(DEFAULT_INDUSTRY)
            self._baseline = pure_footprint(self.model, "programme", self.inputs.programme, inds)
        return self._baseline


_models: dict[tuple, Built] = {}
_lock = threading.Lock()


def data_key(year: int, regions: str = DEFAULT_REGIONS) -> tuple:
    """(year, region set, statistics file identity, register B/C signature, table): changes when the
    inputs change."""
    return (year, regions, inp.store_signature(), inp.register_signature(), table().name)


def model_for(year: int | str | None = None, regions: str | None = DEFAULT_REGIONS) -> Built:
    """The model for ``year`` and the region set on the current data, built once and then served from memory."""
    y = check_year(year)
    r = check_regions(regions)
    key = data_key(y, r)
    built = _models.get(key)
    if built is not None:
        return built
    with _lock:
        built = _models.get(key)
        if built is None:
            start = time.perf_counter()
            try:
                inputs = inp.build_inputs(table(), y, r)
                model = EconomyModel(inputs.geography, table(), Assumptions(year=y))
            except inp.InputError as exc:
                raise EconomyError(str(exc)) from None
            except (IOTableError, TaxParameterError) as exc:
                raise EconomyError(str(exc)) from None
            built = Built(model, inputs, key, (time.perf_counter() - start) * 1000)
            for old in [k for k in _models if k[:2] == (y, r)]:
                del _models[old]  # keep one model per (year, region set): older data versions are dead
            _models[key] = built
    return built


def clear_cache() -> None:
    with _lock:
        _models.clear()


# ---------------------------------------------------------------------------------------------
# Choices
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    spec: str  # 'programme', 'county:20', 'kommun:2081'
    name: str
    regions: tuple[str, ...]


def area_choices(inputs: inp.ModelInputs) -> list[tuple[str, str]]:
    """(spec, label) of every valid area: the programme, its counties and municipalities (with
    regions=sweden: every county and municipality)."""
    out = [("programme", _("Programme area (%(n)s municipalities)") % {"n": len(inputs.programme)})]
    out += [(f"county:{c}", f"{n} ({c})") for c, n in sorted(inputs.counties.items())]
    out += [(f"kommun:{c}", f"{inputs.municipalities[c].name} ({c})") for c in inputs.area_municipalities]
    return out


def parse_area(spec: str | None, inputs: inp.ModelInputs) -> Area:
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
    raise EconomyError(
        f"unknown area {spec!r}; valid: {', '.join(valid)}",
        field="area",
        code="unknown_area",
        area=spec,
        valid=valid,
    )


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
        except EconomyError:
            continue
        if code.isalpha():
            broader = [i for i in inds if _sections(i) != {code}]
        else:
            wanted = int(code.removeprefix("C")[:2])
            broader = [i for i in inds if divs.get(i, "").partition("-")[::2] != (f"{wanted:02d}", "")]
        out += [{"requested": part, "industry": i, "name": names[i], "sni": divs.get(i, "")} for i in broader]
    return out


def scope_label(scope: dict[str, str]) -> str:
    return _(
        "SNI %(req)s is computed for the table industry %(ind)s (covers SNI %(sni)s): the input-output "
        "table has no finer industry, so the figures include all of %(ind)s"
    ) % {"req": scope["requested"], "ind": scope["industry"], "sni": scope["sni"]}


def parse_industries(text: str | None) -> tuple[str, ...]:
    """'B,C' or 'C24,C17' or '24,17' → table industries; unknown code → error listing valid codes."""
    t = table()
    found: list[str] = []
    parts = [p.strip() for p in re.split(r"[,\s+]+", text or DEFAULT_INDUSTRY) if p.strip()]
    if not parts:
        raise EconomyError(
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
                raise EconomyError(
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
# Footprint
# ---------------------------------------------------------------------------------------------


def borrowed_notice(parameter: str, year: int, source_year: int) -> str:
    """'Job tax credit formula for 2023 is not bundled; the 2025 value is used' in the active language."""
    names = {
        "price_base_amount": _("price base amount (prisbasbelopp)"),
        "skiktgrans": _("state income tax threshold (skiktgräns)"),
        "state_income_tax_rate": _("state income tax rate"),
        "employer_contributions_rate": _("employer contributions rate"),
        "corporate_tax_rate": _("corporate income tax rate"),
        "vat_rates": _("VAT rates"),
        "job_tax_credit": _("job tax credit formula (jobbskatteavdrag)"),
        "municipalities": _("municipal and regional tax rates"),
        "national_average_rate": _("national average tax rate (rest of Sweden)"),
    }
    return _(
        "tax year %(year)s: %(parameter)s is not bundled for %(year)s; the value of %(source)s is used"
    ) % {"year": year, "parameter": names.get(parameter, parameter), "source": source_year}


def _average_rate_notice(built: Built) -> list[str]:
    """One notice for all municipalities taxed at the national average rate (regions=sweden)."""
    averaged = [r for r in built.model.rates if r.average and r.municipality_code != inp.REST_CODE]
    if not averaged:
        return []
    return [
        _(
            "tax rates: %(n)s municipalities outside the programme area have no bundled rate and are taxed "
            "at the national average rate (municipal %(m)s %%, regional %(r)s %%, approximate split); the "
            "%(own)s programme municipalities and their regions have their own rates"
        )
        % {
            "n": len(averaged),
            "m": f"{100 * averaged[0].municipal:.2f}",
            "r": f"{100 * averaged[0].regional:.2f}",
            "own": len(built.model.rates) - len(averaged),
        }
    ]


def _decorate(d: dict[str, Any], built: Built, area: Area | None) -> dict[str, Any]:
    """Add area name, input provenance and labels to a result dict."""
    inputs = built.inputs
    meta = d["metadata"]
    meta["inputs"] = inputs.metadata
    meta["synthetic"] = inputs.synthetic
    meta["approximate"] = bool(meta["table"]["approximate"])
    meta["employment_year"] = inputs.metadata["employment"]["year"]
    meta["model_regions"] = len(inputs.geography.codes)
    meta["employment_version"] = inputs.metadata["employment"]["version"]
    meta["employment_title"] = labels_.employment_title(inputs.metadata["employment"])
    meta["table"]["label"] = labels_.table_name(meta["table"]["name"])
    meta["regions"] = inputs.regions
    meta["notices"] = [
        *inputs.metadata.get("notices", []),
        *_average_rate_notice(built),
        *(
            borrowed_notice(b["parameter"], meta["tax_year"], b["year"])
            for b in meta.get("borrowed_parameters", [])
        ),
    ]
    labels = []
    if inputs.synthetic:
        labels.append(_("SYNTHETIC employment statistics (demo data, not official statistics)"))
    if meta["approximate"]:
        labels.append(_("APPROXIMATE national input-output table and parameters"))
    if "ESTIMATE" in meta["commuting"]:
        labels.append(_("ESTIMATED commuting (gravity model)"))
    meta["labels"] = labels
    names = {c: n for c, n in zip(inputs.geography.codes, inputs.geography.names, strict=True)}
    names[inp.REST_CODE] = labels_.rest_of_sweden()
    rest_names = {
        "municipality": _("Rest of Sweden (municipalities, average rate)"),
        "region": _("Rest of Sweden (regions, average rate)"),
    }
    for r in d.get("tax_sek", {}).get("by_recipient", []):
        if r["kind"] == "state":
            r["name"] = labels_.the_state()
        elif r["code"] == inp.REST_CODE:
            r["name"] = rest_names[r["kind"]]
    for r in d.get("by_region", []):
        r["name"] = names.get(r["code"], r["name"])
        m = inputs.municipalities.get(r["code"])
        r["county"] = m.county if m else None
    if area is not None:
        d["area"] = area.spec
        d["area_name"] = area.name
        d["area_regions"] = list(area.regions)
    return d


def footprint(
    area: str | None = "programme",
    industries: str | None = DEFAULT_INDUSTRY,
    year: int | str | None = None,
    regions: str | None = DEFAULT_REGIONS,
) -> dict[str, Any]:
    """Footprint of ``industries`` (SNI, default B,C) in ``area``: jobs, wages, VA, taxes by recipient;
    ``regions`` chooses the model's regions (programme + rest of Sweden, or all 290 municipalities)."""
    built = model_for(year, regions)
    a = parse_area(area, built.inputs)
    inds = parse_industries(industries)
    res = pure_footprint(built.model, a.spec, a.regions, inds)
    d = _decorate(res.to_dict(), built, a)
    spec = industries or DEFAULT_INDUSTRY
    d["industry_spec"] = spec
    _state_scope(d, industry_scope(spec), f"SNI {spec}")
    return d


def _state_scope(d: dict[str, Any], scope: list[dict[str, str]], requested: str) -> None:
    """Record (metadata) and state first (labels, heading) that a request was computed for a broader
    table industry, so 'SNI 99' never silently shows the whole R–U aggregate."""
    d["metadata"]["industry_scope"] = scope
    d["metadata"]["labels"] = [scope_label(s) for s in scope] + d["metadata"]["labels"]
    if scope:
        computed = ", ".join(f"{s['industry']} (SNI {s['sni']})" for s in scope)
        d["industry_label"] = _("%(req)s, computed for table industry %(ind)s") % {
            "req": requested,
            "ind": computed,
        }
    else:
        d["industry_label"] = requested


# ---------------------------------------------------------------------------------------------
# Scenarios
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
            raise EconomyError(
                f"change {text!r}: cannot read {part!r}; write e.g. kommun:2081,sni:24,jobs:+300 "
                f"(keys: kommun, sni, jobs, demand)",
                field="changes",
            )
        if field_name in {"jobs", "final_demand_msek"}:
            try:
                values[field_name] = float(val.replace("\u2212", "-"))
            except ValueError:
                raise EconomyError(
                    f"change {text!r}: {key} must be a number, got {val!r}", field="changes"
                ) from None
        else:
            values[field_name] = val.strip()
    for needed in ("municipality", "sni"):
        if needed not in values:
            raise EconomyError(
                f"change {text!r} has no {'kommun' if needed == 'municipality' else 'sni'}: "
                "write e.g. kommun:2081,sni:24,jobs:+300",
                field="changes",
            )
    if not values.get("jobs") and not values.get("final_demand_msek"):
        raise EconomyError(f"change {text!r} changes nothing: give jobs:±N or demand:±MSEK", field="changes")
    return ChangeSpec(**values)


def _change(spec: ChangeSpec, built: Built) -> Change:
    regions = built.inputs.geography.codes
    code = (
        spec.municipality.strip().upper()
        if spec.municipality.strip().upper() == inp.REST_CODE
        else spec.municipality.strip()
    )
    if code not in regions:
        raise EconomyError(
            f"unknown municipality {spec.municipality!r} in a change; valid: {', '.join(regions)}",
            field="changes",
        )
    try:
        inds = parse_industries(spec.sni)
    except EconomyError as exc:
        raise EconomyError(f"change in {spec.municipality}: {exc}", field="changes") from None
    if len(inds) != 1:
        raise EconomyError(
            f"SNI {spec.sni!r} covers several industries of the model ({', '.join(inds)}); "
            f"a change needs one: give a division, e.g. sni:24",
            field="changes",
        )
    return Change(code, inds[0], jobs=float(spec.jobs), final_demand_msek=float(spec.final_demand_msek))


def scenario(
    changes: list[ChangeSpec | str],
    year: int | str | None = None,
    area: str | None = "programme",
    draws: int = 0,
    name: str | None = None,
    regions: str | None = DEFAULT_REGIONS,
) -> dict[str, Any]:
    """Effect of the changes in every region of the model (inside and outside the area), with the
    programme's B+C footprint as baseline and, if ``draws`` > 0, Monte Carlo intervals."""
    if not changes:
        raise EconomyError(
            "a scenario needs at least one change, e.g. kommun:2081,sni:24,jobs:+300", field="changes"
        )
    if not 0 <= int(draws) <= 1000:
        raise EconomyError(f"draws must be between 0 and 1000, got {draws}", field="draws")
    built = model_for(year, regions)
    a = parse_area(area, built.inputs)
    specs = [parse_change(c) if isinstance(c, str) else c for c in changes]
    pure = tuple(_change(s, built) for s in specs)
    _check_closures(pure, built)
    label = name or "; ".join(_describe(c, built) for c in pure)
    scen = Scenario(label, pure, area=a.regions)
    result = run_scenario(built.model, scen, baseline=built.baseline())
    d = result.to_dict()
    if draws:
        geo, t = built.inputs.geography, table()
        d["intervals"] = sensitivity(
            lambda asm: EconomyModel(geo, t, asm), scen, draws=int(draws), base=built.model.assumptions
        )
    d = _decorate(d, built, a)
    d["scenario"]["changes"] = [
        {
            "municipality": c.region,
            "municipality_name": _name(c.region, built),
            "industry": c.industry,
            "jobs": c.jobs,
            "final_demand_msek": c.final_demand_msek,
        }
        for c in pure
    ]
    scope = [x for spec in specs for x in industry_scope(spec.sni)]
    _state_scope(d, scope, ", ".join(dict.fromkeys(f"SNI {spec.sni}" for spec in specs)))
    d["gains"] = sum(1 for r in d["by_region"] if r["total_jobs"] > 1e-9)
    d["losses"] = sum(1 for r in d["by_region"] if r["total_jobs"] < -1e-9)
    return d


def _check_closures(changes: tuple[Change, ...], built: Built) -> None:
    """A closure cannot remove more jobs than the industry has in the municipality (statistics year):
    the sum of the changes' direct jobs (jobs + demand × jobs per MSEK) per industry × municipality must not
    fall below minus its current employment."""
    geo, model = built.inputs.geography, built.model
    inds = table().industries
    direct: dict[tuple[str, str], float] = {}
    for c in changes:
        j = inds.index(c.industry)
        direct[(c.region, c.industry)] = (
            direct.get((c.region, c.industry), 0.0)
            + c.jobs
            + c.final_demand_msek * float(model.jobs_per_msek[j])
        )
    for (region, industry), change in direct.items():
        current = float(geo.employment[geo.codes.index(region), inds.index(industry)])
        if change < -current - 0.05:
            raise EconomyError(
                _(
                    "a closure in %(name)s (%(code)s), industry %(ind)s, removes %(change)s jobs but the "
                    "industry employs %(current)s persons there (statistics %(year)s); a negative change can "
                    "remove at most %(current)s jobs"
                )
                % {
                    "name": _name(region, built),
                    "code": region,
                    "ind": industry,
                    "change": f"{-change:,.0f}".replace(",", "\u00a0"),
                    "current": f"{current:,.0f}".replace(",", "\u00a0"),
                    "year": built.inputs.metadata["employment"]["year"],
                },
                field="changes",
            )


def _name(code: str, built: Built) -> str:
    if code == inp.REST_CODE:
        return labels_.rest_of_sweden()
    geo = built.inputs.geography
    return geo.names[geo.codes.index(code)]


def _describe(c: Change, built: Built) -> str:
    parts = []
    if c.jobs:
        parts.append(_("%(n)s jobs") % {"n": f"{c.jobs:+g}"})
    if c.final_demand_msek:
        parts.append(_("%(n)s MSEK final demand") % {"n": f"{c.final_demand_msek:+g}"})
    return _("%(change)s in %(industry)s, %(place)s") % {
        "change": parts[0] if len(parts) == 1 else _("%(a)s and %(b)s") % {"a": parts[0], "b": parts[1]},
        "industry": c.industry,
        "place": _name(c.region, built),
    }


def timed_scenario(
    changes: list[str], year: int | None = None, repeat: int = 20, regions: str = DEFAULT_REGIONS
) -> dict[str, float]:
    """Latency of :func:`scenario` on the warm model (ms): median and max over ``repeat`` runs."""
    scenario(changes, year, regions=regions)  # warm-up (build + baseline)
    times = []
    for _run in range(repeat):
        start = time.perf_counter()
        scenario(changes, year, regions=regions)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": times[len(times) // 2], "max_ms": times[-1], "runs": repeat}
