"""SCB tables of the statistics store read as the model's inputs (pure: numpy and ``spets.stats.cube``).

* **Commuting** (RAMS ``AM0207…PendlKomA04``, BAS ``AM0210F/ArRegPend2``): the dimension of the
  municipality of residence (``Bostadskommun``) and of work (``Arbetsstallekommun``) are found by code or
  label; every other dimension is reduced to one figure per cell: its total code when it has one (``1+2``,
  ``T``, ``TOT``, "totalt"), else the sum of its codes (men + women); a metric dimension keeps its first
  content. Suppressed cells stay NaN (:mod:`spets.economy.commuting` counts them as 0 and reports them).
* **Tax rates** (``OE0101/Kommunalskatter2000``): the municipal and the regional rate per kommun and year,
  recognised by label ("total…", "…region"/"landsting", "…kommun") or else by content code (SCB's
  ``OE0101D1`` total, ``D2`` to the municipality, ``D3`` to the region); church and burial fees are not
  rates of the model; a missing regional rate is the total minus the municipal rate (and the other way round).
  Rows that are not municipalities (Sweden ``00``, counties) are left out.
"""

from __future__ import annotations

import re

import numpy as np

from spets.economy.commuting import CommutingCounts
from spets.economy.tax import ImportedRates
from spets.stats import cube as C

RESIDENCE = re.compile(r"bostad|residence", re.IGNORECASE)
WORK = re.compile(r"arbetsst|arbetsplats|workplace|place of work", re.IGNORECASE)
TOTAL_CODES = ("1+2", "T", "TOT", "TOTALT", "SAMTLIGA")
TOTAL_LABEL = re.compile(r"^(totalt|total|samtliga|män och kvinnor|both sexes)$", re.IGNORECASE)

# OE0101 contents: SCB's codes, then words of the labels (checked in this order)
RATE_CODES = {"OE0101D1": "total", "OE0101D2": "municipal", "OE0101D3": "regional"}
CHURCH = re.compile(r"kyrko|begravning|church|burial", re.IGNORECASE)
RATE_LABELS = (
    ("total", re.compile(r"total|summa|sammanlagd", re.IGNORECASE)),
    ("regional", re.compile(r"region|landsting|county", re.IGNORECASE)),
    ("municipal", re.compile(r"kommun|municipal", re.IGNORECASE)),
)


class ImportedTableError(ValueError):
    """A stored table does not have the shape the model reads (names the table and what is missing)."""


def _find(cube: C.Cube, pattern: re.Pattern[str], what: str) -> C.Dimension:
    for d in cube.dims:
        texts = [d.code, *d.label.values()]
        if any(pattern.search(t or "") for t in texts):
            return d
    raise ImportedTableError(
        f"{cube.table_id or 'table'}: no dimension for the municipality of {what}; "
        f"dimensions: {', '.join(d.code for d in cube.dims)}"
    )


def _time(cube: C.Cube) -> C.Dimension:
    for d in cube.dims:
        if d.role == "time" or d.code.lower() in ("tid", "år", "year"):
            return d
    raise ImportedTableError(f"{cube.table_id or 'table'}: no time dimension")


def years_of(cube: C.Cube) -> list[int]:
    """The table's years (time codes that are years)."""
    return sorted(int(c) for c in _time(cube).codes if str(c)[:4].isdigit() and len(str(c)) == 4)


def _reduce_others(cube: C.Cube, keep: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
    """Values with every dimension not in ``keep`` reduced (total code, metric's first content, or sum);
    axes in the order of ``keep``. NaN where every summed cell is NaN."""
    values = np.asarray(cube.values, dtype=float)
    axes = [d.code for d in cube.dims]
    notes: list[str] = []
    for d in reversed(cube.dims):
        if d.code in keep:
            continue
        ax = axes.index(d.code)
        labels = next(iter(d.labels.values()), list(d.codes))
        total = next(
            (
                i
                for i, c in enumerate(d.codes)
                if str(c).upper() in TOTAL_CODES
                or TOTAL_LABEL.match(str(labels[i] if i < len(labels) else ""))
            ),
            None,
        )
        if d.role == "metric" or total is not None:
            i = total if total is not None else 0
            values = np.take(values, i, axis=ax)
            if d.role == "metric" and len(d.codes) > 1 and total is None:
                notes.append(f"{d.code}: first content {d.codes[0]} used")
        else:
            all_nan = np.isnan(values).all(axis=ax)
            values = np.where(all_nan, np.nan, np.nansum(values, axis=ax))
        axes.pop(ax)
    order = [axes.index(k) for k in keep]
    return np.transpose(values, order), notes


def commuting_counts(cube: C.Cube, year: int, version: int | None = None) -> CommutingCounts:
    """Employed persons of ``year`` by municipality of residence × municipality of work."""
    res = _find(cube, RESIDENCE, "residence")
    work = _find(cube, WORK, "work")
    tid = _time(cube)
    if str(year) not in tid.codes:
        raise ImportedTableError(f"{cube.table_id}: no year {year}; years: {', '.join(tid.codes)}")
    t = tid.codes.index(str(year))
    raw_year = np.take(
        np.asarray(cube.values, dtype=float), t, axis=[d.code for d in cube.dims].index(tid.code)
    )
    grid, _ = _reduce_others(cube, (res.code, work.code, tid.code))
    counts = grid[:, :, t]
    return CommutingCounts(
        tuple(str(c) for c in res.codes),
        tuple(str(c) for c in work.codes),
        counts,
        cube.table_id or "",
        int(year),
        version,
        int(np.isnan(raw_year).sum()),
    )


def _rate_kind(code: str, label: str) -> str | None:
    """'municipal', 'regional', 'total' or None (church and burial fees, unknown contents); the label
    decides where it says, SCB's content codes otherwise."""
    if CHURCH.search(label) or CHURCH.search(code):
        return None
    for kind, pattern in RATE_LABELS:
        if pattern.search(label):
            return kind
    if code.upper() in RATE_CODES:
        return RATE_CODES[code.upper()]
    for kind, pattern in RATE_LABELS:
        if pattern.search(code):
            return kind
    return None


def tax_rates(cube: C.Cube, version: int | None = None) -> ImportedRates:
    """Municipal and regional rates (percent) per year and kommun from an OE0101 cube."""
    table = cube.table_id or "OE0101/Kommunalskatter2000"
    region = next((d for d in cube.dims if d.role == "geo" or d.code.lower() == "region"), None)
    metric = next((d for d in cube.dims if d.role == "metric"), None)
    if region is None or metric is None:
        raise ImportedTableError(
            f"{table}: expected a region and a contents dimension; dimensions: "
            f"{', '.join(d.code for d in cube.dims)}"
        )
    tid = _time(cube)
    labels = next(iter(metric.labels.values()), list(metric.codes))
    kinds = {
        _rate_kind(str(c), str(labels[i] if i < len(labels) else "")): i for i, c in enumerate(metric.codes)
    }
    kinds.pop(None, None)
    if len({"municipal", "regional", "total"} & set(kinds)) < 2:
        raise ImportedTableError(
            f"{table}: contents {', '.join(metric.codes)} do not give the municipal and the regional rate"
        )
    grid, _ = _reduce_others(cube, (metric.code, region.code, tid.code))

    def get(kind: str) -> np.ndarray:
        return grid[kinds[kind]] if kind in kinds else np.full(grid.shape[1:], np.nan)

    municipal, regional, total = get("municipal"), get("regional"), get("total")
    municipal = np.where(np.isnan(municipal), total - regional, municipal)
    regional = np.where(np.isnan(regional), total - municipal, regional)
    names = next(iter(region.labels.values()), list(region.codes))
    rates: dict[int, dict[str, tuple[float, float]]] = {}
    out_names: dict[str, str] = {}
    for i, code in enumerate(region.codes):
        code = str(code)
        if not (len(code) == 4 and code.isdigit()) or code.startswith("00"):
            continue
        name = str(names[i]) if i < len(names) else code
        out_names[code] = re.sub(rf"^{code}\s+", "", name)
        for t, y in enumerate(tid.codes):
            m, r = municipal[i, t], regional[i, t]
            if np.isnan(m) or np.isnan(r):
                continue  # '..' or missing: the bundled rate stays (never 0)
            rates.setdefault(int(str(y)[:4]), {})[code] = (round(float(m), 4), round(float(r), 4))
    return ImportedRates(table, version, rates, out_names)
