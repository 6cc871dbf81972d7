"""The atlas: one view of a stored measure (map, ranked table, time series, comparisons, location
quotients, shift-share), computed from the store and the geography reference data.

`view(params)` returns plain data (no HTML): the page, its HTMX partial, the CSV/XLSX exports and
the API all render the same result, so a download always matches what is on screen.
Every number carries its status: a suppressed cell is ``..`` with value None, never 0; a sum with
missing parts is flagged ``partial``.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from spets.core.i18n import active_language
from spets.geo.models import County, Municipality

from . import analysis, ops, services
from . import cube as C
from .services import InvalidChoice, NoStatistics
from .synthetic import SYNTHETIC

LEVELS = ("municipality", "county", "programme", "nation")
NATION = "00"
TOTAL = "*"  # the industry choice "all industries"


# -- geography (reference data; read once per process) ------------------------------------------


@lru_cache(maxsize=1)
def geography() -> dict[str, Any]:
    munis = list(
        Municipality.objects.order_by("code").values_list("code", "name", "county_id", "in_programme")
    )
    counties = list(County.objects.order_by("code").values_list("code", "name", "in_programme"))
    return {
        "municipality_name": {m[0]: m[1] for m in munis},
        "county_of": {m[0]: m[2] for m in munis},
        "programme_municipalities": [m[0] for m in munis if m[3]],
        "county_name": {c[0]: c[1] for c in counties},
        "programme_counties": [c[0] for c in counties if c[2]],
        "municipalities_of": {c[0]: [m[0] for m in munis if m[2] == c[0]] for c in counties},
    }


def area_choices() -> list[tuple[str, str]]:
    geo = geography()
    out = [("programme", _("Programme area (Norra Mellansverige)"))]
    out += [(c, geo["county_name"][c]) for c in geo["programme_counties"]]
    out.append(("all", _("All of Sweden")))
    return out


def area_name(area: str) -> str:
    geo = geography()
    if area == "programme":
        return _("Programme area")
    if area in ("all", NATION):
        return _("Sweden")
    if len(area) == 2:
        return geo["county_name"].get(area, area)
    return geo["municipality_name"].get(area, area)


# -- measures and prepared cubes --------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str  # "series" or "series:contents"
    series: str
    contents: str | None
    label: str
    unit: str


def measures() -> list[Measure]:
    """Every stored series (latest version) with a region dimension; one measure per contents code."""
    store = services.store()
    out = []
    seen: set[str] = set()
    for info in reversed(store.cubes()):
        if info.series in seen:
            continue
        seen.add(info.series)
        dims = store.dims(info.cube_id)
        if not any(d.role == "geo" or d.code == "Region" for d in dims):
            continue
        meta = store.slice(info.cube_id, **{d.code: d.codes[:1] for d in dims})  # metadata only
        title = meta.title.get(active_language()) or next(iter(meta.title.values()), "") or info.series
        metric = next((d for d in dims if d.role == "metric"), None)
        if metric is None or len(metric.codes) == 1:
            contents = metric.codes[0] if metric is not None else None
            unit = (
                (metric.units.get(contents, "") if metric is not None and contents else "") or info.unit or ""
            )
            out.append(Measure(info.series, info.series, contents, title, unit))
            continue
        labels = metric.labels.get(active_language()) or next(iter(metric.labels.values()), metric.codes)
        table = title.split(" — ")[0]  # the table's name without the demo marker after the dash
        for code, label in zip(metric.codes, labels, strict=True):
            out.append(
                Measure(
                    f"{info.series}:{code}",
                    info.series,
                    code,
                    f"{label[:1].upper()}{label[1:]} ({table})",
                    metric.units.get(code, info.unit or ""),
                )
            )
    order = {services.EMPLOYMENT: 0, services.EMPLOYMENT_DIVISIONS: 1}
    return sorted(out, key=lambda m: (order.get(m.series, 2), m.series))


def measure(key: str | None) -> Measure:
    available = measures()
    if not available:
        raise NoStatistics("no statistics stored yet: run `spets load-demo` or `spets stats import FILE`")
    if not key:
        return available[0]
    for m in available:
        if m.key == key:
            return m
    raise InvalidChoice("measure", f"unknown measure {key!r}; valid: {', '.join(m.key for m in available)}")


@dataclass
class Prepared:
    """A measure as Region × industry × year arrays (other dimensions summed, status-aware)."""

    measure: Measure
    info: Any
    regions: list[str]
    region_labels: dict[str, str]
    industries: list[str]  # [] when the cube has no industry dimension
    industry_labels: dict[str, str]
    years: list[str]
    values: np.ndarray  # (R, I, T), NaN = no number
    status: np.ndarray
    year_sources: list[str]
    title: str
    unit: str
    decimals: int
    synthetic: bool
    symbols: dict[int, str] = field(default_factory=dict)
    pos: dict[str, int] = field(default_factory=dict)
    additive: bool = True  # False for rates and means (Kolada's key figures): areas are never summed

    def __post_init__(self) -> None:
        self.pos = {c: i for i, c in enumerate(self.regions)}

    @property
    def has_municipalities(self) -> bool:
        return any(len(r) == 4 for r in self.regions)

    def symbol(self, code: int) -> str:
        if code == C.OK:
            return ""
        return C.STATUS_SYMBOLS.get(code) or self.symbols.get(code, "..")

    def source(self, year: str | None = None) -> str:
        # the table's human name (without the demo marker after the dash: the year's source says it);
        # the version is beside it on the page and in every download
        text = self.title.split(" — ")[0]
        if year is not None and year in self.years:
            text += f" · {self.year_sources[self.years.index(year)]}"
        return text


_PREPARED: OrderedDict[tuple, Prepared] = OrderedDict()
_PREPARED_LOCK = threading.Lock()  # the server's threads share the cache


def versions(series: str) -> list[dict[str, Any]]:
    """Every stored version of ``series``, newest first, with its coverage (municipalities, counties,
    years) read from the cached dimensions, so a partial newer release and the complete older one
    can both be chosen."""
    store = services.store()
    geo = geography()
    out = []
    stored = store.cubes(series)
    for info in reversed(stored):
        dims = store.dims(info.cube_id)
        region = next((d for d in dims if d.role == "geo" or d.code == "Region"), None)
        time = next((d for d in dims if d.role == "time" or d.code == "Tid"), None)
        codes = set(region.codes) if region is not None else set()
        out.append(
            {
                "version": info.version,
                "newest": info is stored[-1],
                "imported_at": info.imported_at,
                "municipalities": len(codes & set(geo["municipality_name"])),
                "counties": len(codes & set(geo["county_name"])),
                "all_municipalities": len(geo["municipality_name"]),
                "first_year": time.codes[0] if time is not None and time.codes else "",
                "last_year": time.codes[-1] if time is not None and time.codes else "",
                "synthetic": SYNTHETIC in (info.source or ""),
            }
        )
    return out


def prepare(m: Measure, version: int | None = None) -> Prepared:
    store = services.store()
    info = store.info(m.series, version)
    # the same content may be stored as another version or in another file (tests, a rebuilt store):
    # the key names the exact stored version, so the page never shows one version's number with another's
    lang = active_language()
    key = (store.path, info.cube_id, info.version, info.content_hash, info.series, m.contents, lang)
    with _PREPARED_LOCK:
        if key in _PREPARED:
            _PREPARED.move_to_end(key)
            return _PREPARED[key]
    cube = store.load(info.cube_id)
    metric = cube.by_role("metric")
    if metric is not None:
        if m.contents and m.contents not in metric.codes:
            raise InvalidChoice(
                "measure",
                f"{m.series} version {info.version} has no {m.contents!r}; valid: {', '.join(metric.codes)}",
            )
        cube = ops.sum_over(cube.select(**{metric.code: [m.contents or metric.codes[0]]}), metric.code)
    geo = cube.by_role("geo") or cube.dim("Region")
    time = cube.by_role("time") or cube.dim("Tid")
    industry = next((d for d in cube.dims if d.code.upper().startswith("SNI")), None)
    for d in list(cube.dims):
        if d.code not in {geo.code, time.code} | ({industry.code} if industry else set()):
            cube = ops.sum_over(cube, d.code)
    axes = [cube.axis(geo.code)] + ([cube.axis(industry.code)] if industry else []) + [cube.axis(time.code)]
    values = np.transpose(cube.values, axes)
    status = np.transpose(cube.status, axes)
    prov = np.transpose(cube.provenance, axes) if cube.provenance is not None else None
    if industry is None:
        values, status = values[:, None, :], status[:, None, :]
        prov = prov[:, None, :] if prov is not None else None
    g, t = cube.dim(geo.code), cube.dim(time.code)
    sources = [
        _source_text(x, cube.extra.get("source_updated") or {})
        for x in (cube.provenance_sources or [cube.table_id])
    ]
    year_sources = []
    for k in range(len(t.codes)):
        used = sorted({int(x) for x in np.unique(prov[:, :, k])}) if prov is not None else [0]
        year_sources.append(", ".join(sources[i] if i < len(sources) else cube.table_id for i in used))
    ind_labels: dict[str, str] = {}
    if industry is not None:
        d = cube.dim(industry.code)
        ind_labels = dict(
            zip(d.codes, d.labels.get(lang) or next(iter(d.labels.values()), d.codes), strict=True)
        )
    decimals = cube.decimals if isinstance(cube.decimals, int) else 0
    if metric is not None and m.contents in metric.decimals:
        decimals = metric.decimals[m.contents]
    prepared = Prepared(
        measure=m,
        info=info,
        regions=list(g.codes),
        region_labels=dict(
            zip(g.codes, g.labels.get(lang) or next(iter(g.labels.values()), g.codes), strict=True)
        ),
        industries=list(cube.dim(industry.code).codes) if industry else [],
        industry_labels=ind_labels,
        years=list(t.codes),
        values=values,
        status=status,
        year_sources=year_sources,
        title=cube.title.get(lang) or next(iter(cube.title.values()), m.series),
        unit=m.unit or cube.unit,
        decimals=decimals,
        synthetic=services.is_synthetic(cube),
        symbols=dict(cube.status_symbols),
        additive=bool(cube.extra.get("additive", True)),
    )
    with _PREPARED_LOCK:
        _PREPARED[key] = prepared
        while len(_PREPARED) > 16:
            _PREPARED.popitem(last=False)
    return prepared


_LEGACY_UPDATED = re.compile(
    r"^(.*) \(updated (\d{4}-\d{2}-\d{2})\)$"
)  # labels stitched before extra["source_updated"]


def _source_text(label: str, updated: dict[str, str]) -> str:
    """A provenance label in the page's language: "TABLE vN (uppdaterad DATE)", the demo marker translated."""
    if label == SYNTHETIC:
        return _("synthetic demo data")
    legacy = _LEGACY_UPDATED.match(label)
    if legacy:
        label, date = legacy.groups()
    else:
        date = updated.get(label)
    return _("%(source)s (updated %(date)s)") % {"source": label, "date": date} if date else label


# -- areas and sums -------------------------------------------------------------------------------


def members(p: Prepared, area: str) -> tuple[list[int], int]:
    """Rows of the cube that make up ``area`` and how many expected parts the cube lacks.

    area: a municipality code, a county code, "programme" or "00"/"all" (the nation). A county or
    the nation is read directly when the cube has its own row (SCB tables often do), else summed.
    """
    geo = geography()
    if area in ("all", NATION):
        if NATION in p.pos:
            return [p.pos[NATION]], 0
        parts = list(geo["municipality_name"]) if p.has_municipalities else list(geo["county_name"])
    elif area == "programme":
        parts = geo["programme_municipalities"] if p.has_municipalities else geo["programme_counties"]
    elif len(area) == 2:
        if area in p.pos:
            return [p.pos[area]], 0
        parts = geo["municipalities_of"].get(area, [])
    else:
        parts = [area]
    rows = [p.pos[c] for c in parts if c in p.pos]
    return rows, len(parts) - len(rows)


def combine(values: np.ndarray, status: np.ndarray, absent: int, p: Prepared) -> tuple[float | None, str]:
    """Status-aware sum of cells: one cell keeps its own symbol; '-' counts as 0; missing parts
    make the sum 'partial'; nothing known stays '..'."""
    values, status = values.ravel(), status.ravel()
    if values.size == 1 and not absent:
        v = float(values[0])
        return (None if np.isnan(v) else v), p.symbol(int(status[0]))
    zero = status == C.ZERO
    known = ~np.isnan(values) | zero
    if not known.any():
        return None, ".."
    total = float(np.where(zero, 0.0, np.nan_to_num(values, nan=0.0)).sum())
    partial = absent > 0 or not known.all() or bool((status == C.PARTIAL).any())
    return total, ("partial" if partial else "")


def value(p: Prepared, area: str, industry: str, year: str) -> tuple[float | None, str]:
    rows, absent = members(p, area)
    if not rows or (not p.additive and (len(rows) > 1 or absent)):
        return None, ".."  # a rate is not summed: only an area's own figure is shown
    ind = _industry_index(p, industry)
    t = p.years.index(year)
    return combine(p.values[np.ix_(rows, ind, [t])], p.status[np.ix_(rows, ind, [t])], absent, p)


def _industry_index(p: Prepared, industry: str) -> list[int]:
    if not p.industries or industry == TOTAL:
        return list(range(p.values.shape[1]))
    return [p.industries.index(industry)]


def _by_industry(p: Prepared, area: str, year: str) -> np.ndarray:
    """Employment of an area in each industry (NaN where unknown), for LQ and shift-share."""
    rows, absent = members(p, area)
    t = p.years.index(year)
    out = np.full(len(p.industries), np.nan)
    if not rows:
        return out
    for i in range(len(p.industries)):
        v, _s = combine(p.values[rows, i, t], p.status[rows, i, t], absent, p)
        out[i] = np.nan if v is None else v
    return out


# -- the view ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    measure: str | None = None
    industry: str | None = None
    year: str | None = None
    start: str | None = None  # first year of the shift-share / change
    level: str = "municipality"
    area: str = "programme"  # programme | county code | all
    version: int | None = None  # of the measure's series; None = the newest


def default_industry(p: Prepared) -> str:
    """Manufacturing and mining (B+C), the programme's focus, where the measure has it; else all."""
    return "B+C" if "B+C" in p.industries else TOTAL


def _fmt(v: float | None) -> str:
    return "" if v is None else f"{v:,.0f}"


def view(params: Params) -> dict[str, Any]:
    """Everything the atlas shows for ``params`` (validated: unknown choices raise InvalidChoice naming
    the parameter; nothing stored raises NoStatistics)."""
    m = measure(params.measure)
    stored = versions(m.series)
    if params.version is not None and params.version not in [x["version"] for x in stored]:
        raise InvalidChoice(
            "version",
            f"unknown version {params.version!r} of {m.series}; valid: "
            f"{', '.join(str(x['version']) for x in stored)}",
        )
    p = prepare(m, params.version)
    geo = geography()
    if params.level not in LEVELS:
        raise InvalidChoice("level", f"unknown level {params.level!r}; valid: {', '.join(LEVELS)}")
    areas = [a for a, _label in area_choices()]
    if params.area not in areas:
        raise InvalidChoice("area", f"unknown area {params.area!r}; valid: {', '.join(areas)}")
    industry = params.industry or default_industry(p)
    if industry != TOTAL and industry not in p.industries:
        raise InvalidChoice(
            "industry", f"unknown industry {industry!r}; valid: {', '.join([TOTAL, *p.industries])}"
        )
    year = params.year or p.years[-1]
    start = params.start or p.years[0]
    for name, y in (("year", year), ("start", start)):
        if y not in p.years:
            raise InvalidChoice(name, f"unknown {name} {y!r}; valid: {', '.join(p.years)}")
    if start >= year:
        start = p.years[0] if p.years[0] < year else year
    notes = []
    level = params.level
    if level == "municipality" and not p.has_municipalities:
        level = "county"
        notes.append(_("This measure has no municipality figures; showing counties."))

    # units of the map and ranked table
    if params.area == "all":
        scope_munis, scope_counties = list(geo["municipality_name"]), list(geo["county_name"])
    elif params.area == "programme":
        scope_munis, scope_counties = geo["programme_municipalities"], geo["programme_counties"]
    else:
        scope_munis, scope_counties = geo["municipalities_of"][params.area], [params.area]
    if level == "municipality":
        units = [(c, geo["municipality_name"][c]) for c in scope_munis]
    elif level == "county":
        units = [(c, geo["county_name"][c]) for c in scope_counties]
    elif level == "programme":
        units = [("programme", area_name("programme"))]
    else:
        units = [(NATION, area_name(NATION))]

    with_industries = bool(p.industries)
    nation_now = _by_industry(p, NATION, year) if with_industries else None
    nation_start = _by_industry(p, NATION, start) if with_industries else None
    # LQ and shift-share need the whole nation: its own row, or every part of it in the cube
    has_nation = nation_now is not None and members(p, NATION)[1] == 0 and not np.isnan(nation_now).all()
    col = p.industries.index(industry) if with_industries and industry != TOTAL else None

    lq = shift = None
    if with_industries and has_nation and units:
        now = analysis.Table(
            "employment",
            "area",
            [u[0] for u in units],
            "industry",
            p.industries,
            np.array([_by_industry(p, u[0], year) for u in units]),
        )
        then = analysis.Table(
            "employment",
            "area",
            [u[0] for u in units],
            "industry",
            p.industries,
            np.array([_by_industry(p, u[0], start) for u in units]),
        )
        lq = analysis.location_quotients(now, nation_now)
        shift = analysis.shift_share(then, now, nation_start, nation_now)

    rows = []
    for i, (code, name) in enumerate(units):
        v, s = value(p, code, industry, year)
        v0, s0 = value(p, code, industry, start)
        row = {
            "code": code,
            "name": name,
            "value": v,
            "status": s,
            "start_value": v0,
            "start_status": s0,
            "change_pct": (v / v0 - 1) if v is not None and v0 else None,
            "lq": None,
            "shift": None,
        }
        if lq is not None and col is not None:
            row["lq"] = _num(lq.values[i, col])
        if shift is not None:
            parts = (shift.change, shift.national, shift.industry_mix, shift.regional)
            if col is not None:
                row["shift"] = {t.name: _num(t.values[i, col]) for t in parts}
            else:
                row["shift"] = {
                    t.name: _num(np.nansum(t.values[i])) if not np.isnan(t.values[i]).all() else None
                    for t in parts
                }
        rows.append(row)
    ranked = sorted(rows, key=lambda r: (r["value"] is None, -(r["value"] or 0)))
    for rank, r in enumerate(ranked, 1):
        r["rank"] = rank if r["value"] is not None else None

    # comparison areas: the chosen area, its counties, the programme area, the nation
    focus = params.area if params.area != "all" else NATION
    compare = [focus]
    if focus == "programme":
        compare += geo["programme_counties"]
    if focus != "programme":
        compare.append("programme")
    if focus != NATION:
        compare.append(NATION)
    comparisons = []
    for code in compare:
        v, s = value(p, code, industry, year)
        v0, s0 = value(p, code, industry, start)
        total, _ts = value(p, code, TOTAL, year)
        entry = {
            "code": code,
            "name": area_name(code),
            "value": v,
            "status": s,
            "start_value": v0,
            "start_status": s0,
            "change_pct": (v / v0 - 1) if v is not None and v0 else None,
            "share": (v / total)
            if with_industries and industry != TOTAL and v is not None and total
            else None,
            "lq": None,
        }
        if with_industries and has_nation and col is not None:
            area_lq = analysis.location_quotients(
                analysis.Table(
                    "employment",
                    "area",
                    [code],
                    "industry",
                    p.industries,
                    _by_industry(p, code, year)[None, :],
                ),
                nation_now,
            )
            entry["lq"] = _num(area_lq.values[0, col])
        comparisons.append(entry)

    # specialisation profile of the focus area: every industry's LQ
    profile = []
    if with_industries and has_nation:
        area_now = _by_industry(p, focus, year)
        prof = analysis.location_quotients(
            analysis.Table("employment", "area", [focus], "industry", p.industries, area_now[None, :]),
            nation_now,
        )
        total_area = np.nansum(area_now)
        for i, code in enumerate(p.industries):
            profile.append(
                {
                    "code": code,
                    "name": p.industry_labels.get(code, code),
                    "value": _num(area_now[i]),
                    "share": _num(area_now[i] / total_area) if total_area else None,
                    "lq": _num(prof.values[0, i]),
                    "selected": code == industry,
                }
            )

    # time series of the comparison areas
    series = []
    for code in compare:
        points = [(y, *value(p, code, industry, y)) for y in p.years]
        series.append({"code": code, "name": area_name(code), "points": points})

    map_level = "municipality" if level == "municipality" else "county"
    if level in ("municipality", "county"):
        map_values = {r["code"]: r["value"] for r in rows}
    else:
        map_values = {c: value(p, c, industry, year)[0] for c in scope_counties}

    shift_totals = None
    if shift is not None and focus != NATION:
        # the focus area as one region: its own decomposition
        a_then = analysis.Table(
            "e", "area", [focus], "industry", p.industries, _by_industry(p, focus, start)[None, :]
        )
        a_now = analysis.Table(
            "e", "area", [focus], "industry", p.industries, _by_industry(p, focus, year)[None, :]
        )
        fs = analysis.shift_share(a_then, a_now, nation_start, nation_now)
        pick = (
            (lambda t: _num(t.values[0, col]))
            if col is not None
            else (lambda t: _num(np.nansum(t.values[0])))
        )
        shift_totals = {
            "name": area_name(focus),
            "change": pick(fs.change),
            "national": pick(fs.national),
            "industry_mix": pick(fs.industry_mix),
            "regional": pick(fs.regional),
            "national_growth": fs.national_growth,
        }
    if not p.additive:
        notes.append(
            _(
                "A key figure (a rate or a mean) is never summed: counties, the programme area and Sweden "
                "show their own figure where the source has one."
            )
        )
    if with_industries and not has_nation:
        notes.append(_("Location quotients and shift-share need national figures, which this measure lacks."))

    periods: list[list[str]] = []
    for y, src in zip(p.years, p.year_sources, strict=True):
        if periods and periods[-1][2] == src:
            periods[-1][1] = y
        else:
            periods.append([y, y, src])
    return {
        "measure": m,
        "prepared": p,
        "source_periods": periods,
        "measures": measures(),
        "industry": industry,
        "industry_label": _("All industries")
        if industry == TOTAL
        else f"{industry} {p.industry_labels.get(industry, '')}",
        "industries": [(TOTAL, _("All industries"))]
        + [(c, f"{c} {p.industry_labels.get(c, '')}") for c in p.industries],
        "year": year,
        "start": start,
        "years": p.years,
        "level": level,
        "requested_level": params.level,
        "area": params.area,
        "area_name": area_name(params.area if params.area != "all" else NATION),
        "areas": area_choices(),
        "levels": LEVELS,
        "rows": ranked,
        "comparisons": comparisons,
        "profile": profile,
        "series": series,
        "shift_focus": shift_totals,
        "map_values": map_values,
        "map_level": map_level,
        "notes": notes,
        "unit": p.unit,
        "decimals": p.decimals,
        "synthetic": p.synthetic,
        "source": p.source(year),
        "start_source": p.source(start),
        "version": p.info.version,
        "series_name": p.info.series,
        "table_id": p.info.table_id,
        "title": p.title,
        "has_lq": lq is not None and col is not None,
        "has_shift": shift is not None,
        "source_updated": p.info.source_updated,
        "versions": stored,
        "shown_version": next(x for x in stored if x["version"] == p.info.version),
    }


def _num(v: Any) -> float | None:
    v = float(v)
    return None if np.isnan(v) else v
