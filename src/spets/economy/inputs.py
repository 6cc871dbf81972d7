"""Platform inputs of the economy model: geography from the geo app, employment from the statistics store.

* **Geography**: code, name, county and centroid (lon/lat) of every municipality from
  ``spets.geo.models.Municipality`` (290). The model regions (``regions``) are either ``programme``: the
  programme municipalities (41, in code order) plus "rest of Sweden" (``REST``) = all other municipalities
  of the statistics, placed at their employment-weighted centroid; or ``sweden``: all 290 municipalities
  as their own regions (those without a bundled tax rate get the national average rate, with a notice).
* **Employment by municipality × industry**: the stitched series ``employment_day_population``
  (dims Region × SNI2007 × Kon × Tid) in the DuckDB store at ``settings.STATS_STORE_PATH``. Men and women
  are summed; the latest year ≤ the requested year is used, from the newest stored version that covers
  every programme municipality (a newer partial version is skipped with a notice in the metadata).
  Suppressed cells (``..``, fewer than 3 persons) are imputed as 1 person (the midpoint of 0–2) and
  counted in the metadata — never 0.
* **Splitting SNI aggregates into the IO table's industries**: an aggregate (``B+C``, ``M+N``, …) is
  divided over the table industries it covers in proportion to the table's national employment; "not
  stated" (``US``, a fraction of a percent) is left out, so direct jobs equal the published figure. In
  programme municipalities where the company register has workplaces in sections B or C, the ``B+C``
  figure is instead divided by the register's division structure (employees by SNI division,
  aggregate-only query; see ``register_shares``).

* **Commuting** (who lives where the jobs are, so who receives the income tax): the newest imported SCB
  commuting table of the catalogue's ``commuting`` series (``spets stats fetch ArRegPend2 …``), the
  year used being the latest ≤ the model year (else the nearest, with a notice); see
  :mod:`spets.economy.commuting`. Without one, or for workplaces it does not cover (the rest of Sweden,
  municipalities outside the imported selection), the model uses the gravity estimate and says so.
* **Tax rates**: the newest imported version of SCB's ``OE0101/Kommunalskatter2000`` (catalogue series
  ``tax_rates``), when there is one, replaces the bundled rates for the years and municipalities it has.

Every result carries source, table, series version, year and the synthetic flag.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Max, Sum

from spets.companies.models import Workplace
from spets.core.scoping import unscoped
from spets.economy import imported
from spets.economy.commuting import CommutingCounts, choose_year, observed_commuting
from spets.economy.errors import MissingInputs
from spets.economy.footprint import Geography
from spets.economy.io import IOTable
from spets.economy.tax import ImportedRates
from spets.geo.models import County, Municipality
from spets.stats import catalogue
from spets.stats import services as stats_services
from spets.stats.errors import StoreError, UnknownCodeError
from spets.stats.store import Store

SERIES = "employment_day_population"
REST_CODE = "REST"
REST_NAME = "Resten av Sverige (rest of Sweden)"
MISSING_STATISTICS = "no employment statistics in the store: run `spets load-demo` or `spets stats import …`"
SUPPRESSED_IMPUTED = 1.0  # persons in a suppressed cell (SCB suppresses 0 < n < 3)
REGISTER_SECTIONS = ("B", "C")
REGION_SETS = ("programme", "sweden")  # 41 programme municipalities + rest of Sweden | all 290
COMMUTING_SERIES = "commuting"  # catalogue series of SCB's commuting tables (RAMS, BAS)
TAX_RATES_SERIES = "tax_rates"  # catalogue series of SCB's OE0101 (Kommunalskatter)
GRAVITY = "gravity estimate"


class InputError(MissingInputs):
    """Inputs the model needs are missing or unusable (reference data, statistics, register); the message
    says what to do."""


@dataclass(frozen=True)
class Municipal:
    code: str
    name: str
    county: str
    county_name: str
    lon: float
    lat: float
    in_programme: bool


@dataclass
class ModelInputs:
    """Everything the platform model is built from, with provenance in ``metadata``."""

    geography: Geography
    municipalities: dict[str, Municipal]
    programme: tuple[str, ...]
    counties: dict[str, str]  # county code → name of the counties areas may be chosen in
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        return bool(self.metadata.get("employment", {}).get("synthetic"))

    @property
    def regions(self) -> str:
        """'programme' or 'sweden' (see :data:`REGION_SETS`)."""
        return str(self.metadata.get("regions", "programme"))

    @property
    def area_municipalities(self) -> tuple[str, ...]:
        """Municipalities an area may consist of: the programme's, or all of the model's own regions."""
        if self.regions == "sweden":
            return tuple(c for c in self.geography.codes if c in self.municipalities)
        return self.programme


# ---------------------------------------------------------------------------------------------
# Geography
# ---------------------------------------------------------------------------------------------


def municipalities() -> dict[str, Municipal]:
    """All municipalities of the reference data (code order)."""
    rows = Municipality.objects.select_related("county").order_by("code")
    out = {
        m.code: Municipal(
            m.code, m.name, m.county_id, m.county.name, m.centroid_lon, m.centroid_lat, m.in_programme
        )
        for m in rows
    }
    if not out:
        raise InputError("no municipalities in the database: run `spets migrate` (loads the reference data)")
    return out


# ---------------------------------------------------------------------------------------------
# Statistics store
# ---------------------------------------------------------------------------------------------


def store_signature() -> tuple[str, int, int]:
    """Cheap identity of the store file's content (path, mtime, size) for caching."""
    path = str(settings.STATS_STORE_PATH)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (path, 0, 0)
    return (path, st.st_mtime_ns, st.st_size)


def _open_store() -> Store:
    """The stats app's Store of this thread (read-only; closed at the end of the request or command).

    Never creates the file: a missing store is the "no statistics" error.
    """
    if not os.path.exists(settings.STATS_STORE_PATH):
        raise InputError(MISSING_STATISTICS)
    try:
        return stats_services.store()
    except StoreError as exc:
        raise InputError(str(exc)) from None


def _choose_version(
    store, year: int, needed: Collection[str], what: str = "programme municipalities"
) -> tuple[Any, int, list[str]]:
    """(info, year used, notices) of the newest stored version of the series that covers every municipality
    in ``needed`` and has a year ≤ ``year``.

    A newer version that lacks some of them (e.g. ``spets stats import`` of a few real SCB tables for one
    county, then ``stats stitch``) is skipped with a notice naming it, so the footprint keeps working on an
    older complete version instead of failing or silently using the partial one.
    """
    try:
        versions = sorted(store.cubes(SERIES), key=lambda c: c.version, reverse=True)
    except UnknownCodeError:
        versions = []
    if not versions:
        raise InputError(MISSING_STATISTICS)
    skipped: list[str] = []
    gaps: list[str] = []
    years_seen: set[int] = set()
    for info in versions:
        dims = {d.code: d for d in store.dims(SERIES, info.version)}
        for dim in ("Region", "SNI2007", "Tid"):
            if dim not in dims:
                raise InputError(
                    f"series {SERIES} v{info.version} has no dimension {dim!r}; it has {', '.join(dims)}"
                )
        have = set(dims["Region"].codes)
        lacking = [c for c in needed if c not in have]
        if lacking:
            skipped.append(
                f"v{info.version} covers {len(have)} municipalities and lacks "
                f"{len(lacking)} of the {len(needed)} {what}"
            )
            gaps.append(f"v{info.version} lacks {', '.join(lacking[:12])}{' …' if len(lacking) > 12 else ''}")
            continue
        years = sorted(int(y) for y in dims["Tid"].codes)
        years_seen.update(years)
        usable = [y for y in years if y <= year]
        if not usable:
            skipped.append(f"v{info.version} has no year {year} or earlier")
            continue
        notices = []
        if skipped:
            notices.append(
                f"employment statistics: {SERIES} v{info.version} is used; newer versions were "
                f"skipped because they do not cover the model's municipalities ({'; '.join(skipped)})"
            )
        return info, usable[-1], notices
    if gaps:
        raise InputError(
            f"the employment statistics ({SERIES}) lack {what} in every stored "
            f"version ({'; '.join(gaps)}): import a table covering all municipalities or run "
            "`spets load-demo`"
        )
    raise InputError(
        f"no employment statistics for {year} or earlier; years available: "
        f"{', '.join(map(str, sorted(years_seen)))}"
    )


def read_employment(
    year: int, needed: Collection[str] = (), what: str = "programme municipalities"
) -> tuple[dict[str, dict[str, float]], dict[str, Any]]:
    """Employed day population {municipality: {SNI aggregate: persons}} for the latest year ≤ ``year``.

    Uses the newest version of the series that covers every municipality in ``needed`` (see
    :func:`_choose_version`). Returns the values and their provenance (source, table, series version, year,
    synthetic, imputed suppressed cells, notices about skipped versions).
    """
    store = _open_store()
    info, used, notices = _choose_version(store, year, tuple(needed), what)
    cube = store.slice(SERIES, info.version, Tid=str(used))
    values = cube.values
    axes = [d.code for d in cube.dims]
    suppressed = np.isnan(values)
    filled = np.where(suppressed, SUPPRESSED_IMPUTED, values)
    keep = (axes.index("Region"), axes.index("SNI2007"))
    other = tuple(i for i in range(len(axes)) if i not in keep)
    grid = filled.sum(axis=other)
    if keep[0] > keep[1]:
        grid = grid.T
    regions = cube.dim("Region").codes
    sni = cube.dim("SNI2007").codes
    out = {r: {s: float(grid[i, j]) for j, s in enumerate(sni)} for i, r in enumerate(regions)}
    title = cube.title.get("en") or cube.title.get("sv") or SERIES
    synthetic = bool(cube.extra.get("synthetic")) or "synthetic" in (cube.source + title).lower()
    meta = {
        "series": SERIES,
        "title": title,
        "title_sv": cube.title.get("sv") or title,
        "source": cube.source,
        "table": cube.table_id,
        "version": int(info.version),
        "cube_id": int(info.cube_id),
        "imported_at": str(info.imported_at),
        "year": used,
        "requested_year": year,
        "unit": "persons (employed day population, both sexes)",
        "synthetic": synthetic,
        "suppressed_cells_imputed": int(suppressed.sum()),
        "suppressed_value": SUPPRESSED_IMPUTED,
        "imputation": f"suppressed cells ('..', 0 < n < 3) counted as {SUPPRESSED_IMPUTED:g} person",
        "municipalities": len(regions),
        "notices": notices,
    }
    return out, meta


# ---------------------------------------------------------------------------------------------
# Commuting and tax rates from SCB tables in the store
# ---------------------------------------------------------------------------------------------


def _catalogued(store: Store, series: str) -> list[Any]:
    """Stored cube versions of the catalogue tables of ``series`` (stored under the table's id, or with
    the table's id, last part, v1 path or v2 id as their table — a file downloaded from SCB names one)."""
    names: set[str] = set()
    for t in catalogue.series(series):
        names |= {t.id, t.id.split("/")[-1], t.path, *([t.v2_id] if t.v2_id else [])}
    return [c for c in store.cubes() if c.series in names or c.table_id in names]


def _time_code(store: Store, info: Any) -> tuple[str, list[int]]:
    for d in store.dims(info.cube_id):
        if d.role == "time" or d.code.lower() in ("tid", "år", "year"):
            return d.code, sorted(int(c) for c in d.codes if str(c).isdigit() and len(str(c)) == 4)
    return "", []


def read_commuting(year: int) -> tuple[CommutingCounts | None, dict[str, Any]]:
    """SCB commuting counts for ``year`` (latest year ≤ it, else the nearest) from the newest imported
    commuting table, or None (gravity estimate) with the reason in the metadata."""
    if not os.path.exists(settings.STATS_STORE_PATH):
        return None, {"source": GRAVITY, "reason": "no statistics store"}
    store = _open_store()
    best: tuple[tuple, Any, str, int] | None = None
    for info in _catalogued(store, COMMUTING_SERIES):
        code, years = _time_code(store, info)
        if not years:
            continue
        used = choose_year(years, year)
        # the year nearest the model year (one before it wins a tie), then the newest import
        rank = (abs(used - year), used > year, -info.imported_at.timestamp(), -info.version)
        if best is None or rank < best[0]:
            best = (rank, info, code, used)
    if best is None:
        return None, {"source": GRAVITY, "reason": "no SCB commuting table imported"}
    _, info, code, used = best
    cube = store.slice(info.cube_id, None, **{code: str(used)})
    try:
        counts = imported.commuting_counts(cube, used, info.version)
    except imported.ImportedTableError as exc:
        return None, {"source": GRAVITY, "reason": str(exc)}
    table = info.table_id or info.series
    meta = {
        "source": f"SCB commuting ({table}, {used})",
        "table": table,
        "series": info.series,
        "version": int(info.version),
        "year": used,
        "requested_year": year,
        "title": cube.title.get("sv") or cube.title.get("en") or table,
        "imported_at": str(info.imported_at),
    }
    return counts, meta


def read_tax_rates() -> tuple[ImportedRates | None, dict[str, Any]]:
    """Municipal and regional rates from the newest imported version of SCB's OE0101, or None."""
    if not os.path.exists(settings.STATS_STORE_PATH):
        return None, {}
    store = _open_store()
    stored = _catalogued(store, TAX_RATES_SERIES)
    if not stored:
        return None, {}
    info = max(stored, key=lambda c: (c.imported_at, c.version))
    try:
        rates = imported.tax_rates(store.load(info.cube_id), int(info.version))
    except imported.ImportedTableError as exc:
        return None, {"reason": str(exc)}
    return rates, {
        "table": rates.table,
        "version": int(info.version),
        "years": rates.years(),
        "municipalities": len(set().union(*rates.rates.values())) if rates.rates else 0,
        "imported_at": str(info.imported_at),
    }


def _with_commuting(geo: Geography, year: int) -> tuple[Geography, dict[str, Any]]:
    """The geography with SCB's commuting shares where the imported table covers the workplaces."""
    counts, meta = read_commuting(year)
    if counts is None:
        return geo, meta
    rest = REST_CODE if REST_CODE in geo.codes else None
    obs = observed_commuting(counts, geo.codes, rest)
    meta |= {
        "observed": list(obs.observed),
        "fallback": list(obs.fallback),
        "residents_left_out": round(obs.residents_left_out),
        "suppressed_cells": obs.suppressed_cells,
    }
    if not obs.observed:
        meta |= {"source": GRAVITY, "reason": f"{meta['table']} covers none of the model's workplaces"}
        return geo, meta
    return replace(geo, commuting=obs.matrix, commuting_source=meta["source"]), meta


# ---------------------------------------------------------------------------------------------
# SNI aggregates → IO industries
# ---------------------------------------------------------------------------------------------


def industries_of_section(table: IOTable, letter: str) -> tuple[str, ...]:
    """Table industries that belong to SNI section ``letter``: 'C10-12' ∈ C, 'M-N' ∋ M, 'O-Q' ∋ P."""
    found = []
    for code in table.industries:
        head, _, tail = code.partition("-")
        if code == letter or (code[0] == letter and code[1:2].isdigit()):
            found.append(code)
        elif len(head) == 1 and len(tail) == 1 and tail.isalpha() and head <= letter <= tail:
            found.append(code)
    return tuple(found)


def aggregate_industries(table: IOTable, aggregate: str) -> tuple[str, ...]:
    """Industries covered by a stitched-series code ('B+C', 'R+S+T+U'); 'US' (not stated) → all."""
    if aggregate.upper() in {"US", "00"}:
        return table.industries
    out: list[str] = []
    for letter in aggregate.upper().split("+"):
        for code in industries_of_section(table, letter.strip()):
            if code not in out:
                out.append(code)
    return tuple(out)


def division_industry(table: IOTable, division: str) -> str | None:
    """The table industry whose SNI division range ('10-12', '24') contains ``division``."""
    try:
        d = int(division[:2])
    except ValueError:
        return None
    for ind, rng in table.metadata.get("sni_divisions", {}).items():
        lo, _, hi = str(rng).partition("-")
        if int(lo) <= d <= int(hi or lo):
            return ind
    return None


def register_shares(table: IOTable, codes: list[str]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Shares of the table's B and C industries in each municipality's B+C employment from the register.

    Aggregate-only query over all workplaces (employees by municipality × SNI division); no company
    detail leaves this function. Municipalities without B/C workplaces are absent (→ national shares).
    """
    with unscoped():
        rows = list(
            Workplace.objects.filter(
                sni__parent_id__in=REGISTER_SECTIONS, municipality_id__in=codes, employees__gt=0
            )
            .values("municipality_id", "sni_id")
            .annotate(n=Sum("employees"))
        )
    idx = {c: i for i, c in enumerate(table.industries)}
    shares: dict[str, np.ndarray] = {}
    unmapped = 0
    for r in rows:
        ind = division_industry(table, r["sni_id"])
        if ind is None:
            unmapped += r["n"]
            continue
        shares.setdefault(r["municipality_id"], np.zeros(len(table.industries)))[idx[ind]] += r["n"]
    for code in list(shares):
        total = shares[code].sum()
        if total > 0:
            shares[code] = shares[code] / total
        else:
            del shares[code]
    meta = {
        "municipalities_refined": sorted(shares),
        "employees_unmapped": int(unmapped),
        "source": "Spets company register, workplaces (arbetsställen) in SNI sections B and C",
    }
    return shares, meta


def register_signature() -> tuple[int, int, int]:
    """(count, employees, max id) of the register's B/C workplaces, for caching."""
    with unscoped():
        agg = Workplace.objects.filter(sni__parent_id__in=REGISTER_SECTIONS).aggregate(
            n=Count("id"), e=Sum("employees"), m=Max("id")
        )
    return (agg["n"] or 0, agg["e"] or 0, agg["m"] or 0)


def _bc_weights(table: IOTable, cols: list[int], refined: np.ndarray) -> np.ndarray:
    """Weights of B+C over the table's industries: B keeps its share of B+C in official statistics
    (national employment of the table), the register only divides C over its divisions — so a mining
    municipality whose mine is missing from the register does not come out with B = 0."""
    national = table.employment
    assert national is not None
    weights = np.zeros(len(table.industries))
    b = [j for j in cols if table.industries[j].startswith("B")]
    c = [j for j in cols if j not in b]
    total = national[cols].sum()
    weights[b] = national[b] / total
    c_share = national[c].sum() / total
    reg = np.zeros(len(table.industries))
    reg[c] = refined[c]
    base = reg if reg.sum() > 0 else np.where(np.isin(np.arange(len(weights)), c), national, 0.0)
    weights += c_share * base / base.sum()
    return weights


def split_employment(
    table: IOTable, by_aggregate: dict[str, float], refined_bc: np.ndarray | None = None
) -> np.ndarray:
    """Employment of one municipality by table industry from its SNI-aggregate figures."""
    assert table.employment is not None
    national = table.employment
    out = np.zeros(len(table.industries))
    for agg, persons in by_aggregate.items():
        if not persons or agg.upper() in {"US", "00"}:
            continue  # industry not stated: left out, so direct jobs equal the statistics' figure
        inds = aggregate_industries(table, agg)
        if not inds:
            raise InputError(
                f"SNI aggregate {agg!r} of {SERIES} matches no industry of {table.name}; "
                f"industries: {', '.join(table.industries)}"
            )
        cols = [table.industries.index(i) for i in inds]
        if agg.upper() == "B+C" and refined_bc is not None:
            out += persons * _bc_weights(table, cols, refined_bc)
            continue
        weights = national[cols] / national[cols].sum()
        out[cols] += persons * weights
    return out


# ---------------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------------


def build_inputs(table: IOTable, year: int, regions: str = "programme") -> ModelInputs:
    """Model regions (``programme``: 41 + rest of Sweden; ``sweden``: all 290 municipalities) with
    employment by table industry and provenance."""
    if regions not in REGION_SETS:
        raise InputError(f"unknown region set {regions!r}; valid: {', '.join(REGION_SETS)}")
    munis = municipalities()
    programme = tuple(c for c, m in munis.items() if m.in_programme)
    if not programme:
        raise InputError("no programme municipalities in the reference data (counties 17, 20, 21)")
    if regions == "sweden":
        stats, stats_meta = read_employment(year, tuple(munis), "municipalities of Sweden (regions=sweden)")
    else:
        stats, stats_meta = read_employment(year, programme)
    missing = [c for c in programme if c not in stats]
    if missing:
        raise InputError(
            f"the employment statistics ({SERIES} v{stats_meta['version']}) lack programme "
            f"municipalities: {', '.join(missing)}"
        )
    shares, reg_meta = register_shares(table, list(programme))
    unknown = sorted(c for c in stats if c not in munis)
    if regions == "sweden":
        geo, rest_method = _sweden_geography(table, munis, stats, shares)
        county_codes = {m.county for m in munis.values()}
    else:
        geo, rest_method = _programme_geography(table, munis, programme, stats, shares)
        county_codes = {munis[m].county for m in programme}
    counties = {c.code: c.name for c in County.objects.filter(code__in=county_codes)}
    geo, commuting_meta = _with_commuting(geo, year)
    rates, rates_meta = read_tax_rates()
    geo = replace(geo, tax_rates=rates)
    meta = {
        "regions": regions,
        "commuting": commuting_meta,
        "tax_rates": rates_meta,
        "employment": stats_meta,
        "notices": list(stats_meta["notices"]),
        "split": (
            "SNI aggregates divided over the table's industries in proportion to national employment "
            "of the table; 'US' (industry not stated) left out"
        ),
        "register_refinement": reg_meta
        | {
            "method": "B+C in programme municipalities with register workplaces divided by the register's "
            "employees by SNI division"
        },
        "geography": {
            "source": "Spets reference data (spets.geo: SCB municipality boundaries, centroids)",
            "municipalities": len(munis),
            "programme": len(programme),
            "model_regions": len(geo.codes),
            "rest_of_sweden": rest_method,
            "unknown_codes_ignored": unknown,
        },
    }
    if regions == "sweden":
        geo = replace(
            geo,
            average_rated={
                c: (munis[c].name, munis[c].county, counties.get(munis[c].county, munis[c].county_name))
                for c in geo.codes
                if c not in programme
            },
        )
    return ModelInputs(geo, munis, programme, counties, meta)


def _programme_geography(
    table: IOTable,
    munis: dict[str, Municipal],
    programme: tuple[str, ...],
    stats: dict[str, dict[str, float]],
    shares: dict[str, np.ndarray],
) -> tuple[Geography, str]:
    """The 41 programme municipalities plus 'rest of Sweden' at its employment-weighted centroid."""
    rows = [split_employment(table, stats[c], shares.get(c)) for c in programme]
    rest_codes = [c for c in stats if c not in programme and c in munis]
    if rest_codes:
        rest = np.sum([split_employment(table, stats[c]) for c in rest_codes], axis=0)
        weights = np.array([sum(stats[c].values()) for c in rest_codes])
        rest_lon = float(np.average([munis[c].lon for c in rest_codes], weights=weights))
        rest_lat = float(np.average([munis[c].lat for c in rest_codes], weights=weights))
        rest_method = f"sum of the other {len(rest_codes)} municipalities in the statistics"
    else:
        assert table.employment is not None
        rest = np.maximum(table.employment - np.sum(rows, axis=0), 0.05 * table.employment)
        rest_lon, rest_lat = 16.0, 58.6
        rest_method = "national table employment minus the programme area (statistics cover only the area)"
    employment = np.vstack([*rows, rest])
    geo = Geography(
        codes=(*programme, REST_CODE),
        names=(*(munis[c].name for c in programme), REST_NAME),
        lon=np.array([munis[c].lon for c in programme] + [rest_lon]),
        lat=np.array([munis[c].lat for c in programme] + [rest_lat]),
        employment=employment,
        residents=employment.sum(axis=1),
        aggregates={REST_CODE: REST_NAME},
    )
    return geo, rest_method


def _sweden_geography(
    table: IOTable,
    munis: dict[str, Municipal],
    stats: dict[str, dict[str, float]],
    shares: dict[str, np.ndarray],
) -> tuple[Geography, str]:
    """Every municipality of the reference data as its own region, at its own centroid."""
    codes = tuple(munis)
    employment = np.vstack([split_employment(table, stats[c], shares.get(c)) for c in codes])
    geo = Geography(
        codes=codes,
        names=tuple(munis[c].name for c in codes),
        lon=np.array([munis[c].lon for c in codes]),
        lat=np.array([munis[c].lat for c in codes]),
        employment=employment,
        residents=employment.sum(axis=1),
    )
    return geo, f"none: all {len(codes)} municipalities are regions of the model"
