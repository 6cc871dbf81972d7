"""Real national input-output tables with the 64 CPA products, summed into the model's 27 industries (pure).

A published symmetric table (product × product, domestic use) has the 64 products of the A*64 breakdown
(``data/cpa64_industries.csv``). Spets reads it in one of three layouts, checks it completely, and sums
it into the 27 industries the model, the parameter files and the users' SNI codes work with:

* **Eurostat SDMX-CSV** (``naio_10_cp1700``, the API's CSV download): one observation per line with the
  columns ``freq, unit, stk_flow, prd_use, prd_ava, geo, TIME_PERIOD, OBS_VALUE`` (older files:
  ``induse`` / ``prod_na``; industry tables ``ind_use`` / ``ind_ava``). Rows (``prd_ava``) are the
  products ``CPA_*`` and the value-added rows ``D1`` (compensation of employees), ``B2A3G`` (operating
  surplus and mixed income), ``D29X39`` (other net taxes on production), ``B1G`` and ``P1``; columns
  (``prd_use``) are the products and the final uses. Product cells are read with ``stk_flow=DOM``
  (domestic use); value-added rows with ``DOM`` or, where Eurostat has them only there, ``TOTAL``.
  The unit must be ``MIO_NAC`` (million SEK). The download's totals (``prd_use`` ``TU``, ``prd_ava``
  ``CPA_TOTAL``), the domestic table's rows ``IMP`` and ``D21X31`` and extra columns such as
  ``CONF_STATUS`` are skipped; product codes are read in either spelling (``CPA_C10-12``/``CPA_C10-C12``,
  ``CPA_C31_32``/``CPA_C31_C32``, ``CPA_D``/``CPA_D35``).
* **Eurostat TSV** (bulk download): ``freq,unit,stk_flow,prd_use,prd_ava,geo\\TIME_PERIOD`` then one
  column per year; ``:`` is missing, letters after a value are flags.
* **SCB layout**: SCB's symmetric table (domestic use) saved as CSV: optional ``#`` lines (``# year:``,
  ``# source:``, ``# unit:``), a header ``code;name;CPA_A01;…;CPA_U;P3_S14;…;P6[;total]`` and one row per
  product, then rows ``D1``, ``B2A3G``, ``D29X39`` or ``B1G``, optionally ``P1`` and ``EMP`` (persons).
  Separator ``;``, tab or ``,``; decimal comma and spaces in numbers are accepted.

Final demand f_i = consumption (``P3_S13 + P3_S14 + P3_S15``, else ``P3``) + capital formation (``P5G``,
else ``P51G`` + ``P5M``, else ``P51G + P52 + P53``) + exports (``P6``); output x = Z·1 + f (row totals
of the domestic table), checked against ``P1`` when present. Value added = ``B1G``, else
``D1 + B2A3G + D29X39``.

Employment (persons) comes from an ``EMP`` row of the table or from a second file: Eurostat
``nama_10_a64_e`` as SDMX-CSV (``na_item=EMP_DC``, ``unit=THS_PER``, columns ``nace_r2``…), or a plain
CSV ``code;persons`` with the 64 codes. Without either the table is refused, naming what is needed.

Aggregation with the 0/1 matrix S (industry × product): Z' = S Z Sᵀ, f' = S f, x' = S x and the same sum
for value added, compensation and employment — exact for flows, so the 27-industry model keeps the real
table's totals. Every check raises :class:`~spets.economy.io.IOTableError` naming the table, the row, the
column and what is wrong; nothing is ever read as 0 that the file does not say is 0.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from spets.economy.io import IOTable, IOTableError, check_productive, technical_coefficients
from spets.economy.tables import load_demo_table

FORMATS = ("eurostat-csv", "eurostat-tsv", "scb")
ROW_DIMS = ("prd_ava", "ind_ava", "prod_na")
COL_DIMS = ("prd_use", "ind_use", "induse")
VALUE_ADDED_ROWS = ("D1", "B2A3G", "D29X39", "B1G", "P1", "EMP")
FINAL_USE_CODES = ("P3", "P3_S13", "P3_S14", "P3_S15", "P5G", "P51G", "P5M", "P52", "P53", "P6")
# totals are skipped, never read as products: Eurostat's naio_10_cp1700 totals its use axis (prd_use) as
# TU and its product axis (prd_ava) as CPA_TOTAL (canonical "TOTAL")
TOTAL_CODES = {"TOTAL", "TOT", "TU", "TFU", "TIU", "P2", "P7", "TS_BP", "TOTALT", "SUMMA"}
UNITS_MSEK = {"MIO_NAC", "MSEK", "MNKR", "MKR", "MIO_SEK"}
_ALIASES = {"D": "D35", "O": "O84", "P": "P85", "L": "L68"}
_ESA_PREFIXES = {
    "P1",
    "P2",
    "P3",
    "P5",
    "P6",
    "P7",
    "D2",
    "D3",
    "D4",
    "B1",
    "B2",
}  # transactions, not products
_PRODUCT_LIKE = re.compile(r"^[A-U](\d{2})?([-_]?[A-U]?\d{2})*[AB]?$")


class TableFileError(IOTableError):
    """A table or employment file that cannot be used, naming the line and column where possible."""


# ---------------------------------------------------------------------------------------------
# Product codes
# ---------------------------------------------------------------------------------------------


@cache
def products() -> dict[str, tuple[str, str]]:
    """The 64 A*64 product codes → (model industry, English name), from ``cpa64_industries.csv``."""
    text = resources.files("spets.economy").joinpath("data", "cpa64_industries.csv").read_text("utf-8")
    rows = csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter=";")
    next(rows)
    return {code: (industry, name) for code, industry, name in rows}


def canonical(code: str) -> str:
    """'CPA_C10-12', 'C10-C12', 'c10_12' → 'C10-12'; 'D' → 'D35'; 'CPA_L68A' → 'L68A'."""
    c = code.strip().upper().removeprefix("CPA_").removeprefix("CPA-").replace("_", "-").replace(" ", "")
    c = re.sub(r"-[A-Z](\d)", r"-\1", c)
    return _ALIASES.get(c, c)


def product_code(code: str) -> str | None:
    """The canonical product code of ``code`` ('L68A'/'L68B' included), or None when it is not one."""
    c = canonical(code)
    if c in products() or c in {"L68A", "L68B"}:
        return c
    return None


def is_total(code: str) -> bool:
    """'TOTAL', 'TU', 'CPA_TOTAL' … (a total row or column, skipped)."""
    return code.strip().upper() in TOTAL_CODES or canonical(code) in TOTAL_CODES


def looks_like_product(code: str) -> bool:
    """'CPA_X99' or 'C34' look like product codes (so an unknown one is an error, not ignored)."""
    raw = code.strip().upper()
    if is_total(raw):
        return False
    if raw.startswith("CPA"):
        return True
    esa = raw in TOTAL_CODES or raw in FINAL_USE_CODES or raw in VALUE_ADDED_ROWS or raw[:2] in _ESA_PREFIXES
    return bool(_PRODUCT_LIKE.match(canonical(raw))) and not esa


def industry_of(product: str) -> str:
    return "L" if product in {"L68A", "L68B"} else products()[product][0]


def _required(found: Iterable[str]) -> list[str]:
    """The product codes a complete table has: the 64, with L68 as L68 or as L68A + L68B."""
    have = set(found)
    out = [p for p in products() if p != "L68"]
    if "L68A" in have or "L68B" in have:
        out[out.index("K66") + 1 : out.index("K66") + 1] = ["L68A", "L68B"]
    else:
        out.insert(out.index("K66") + 1, "L68")
    return out


def _unknown_error(table: str, where: str, code: str, line: int | None = None) -> TableFileError:
    at = f" (line {line})" if line else ""
    return TableFileError(
        table,
        code,
        f"unknown product code {code!r} in {where}{at}; Spets knows the 64 CPA products of "
        f"cpa64_industries.csv: {', '.join('CPA_' + p for p in list(products())[:6])} … "
        "(and L68A/L68B)",
    )


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


def number(text: str, table: str, row: str, col: str, line: int | None = None) -> float:
    """'1 234,5', '1234.5', '12.3 p' (Eurostat flag) → float; '', ':', '..' and '-' are missing → error."""
    t = (text or "").strip().replace("\u00a0", " ")
    at = f" (line {line})" if line else ""
    if t in {"", ":", "..", "-", "NaN", "nan"} or t.startswith(": "):
        raise TableFileError(table, row, f"column {col}{at}: missing value {t!r} (missing is not zero)")
    t = re.sub(r"\s*[a-z]+$", "", t)  # Eurostat flags: '12.3 p', '12.3e'
    t = t.replace(" ", "")
    if "," in t and "." not in t:
        t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        raise TableFileError(table, row, f"column {col}{at}: not a number: {text!r}") from None


# ---------------------------------------------------------------------------------------------
# Readers: each returns observations {(row code, column code): value} and what the file says about itself
# ---------------------------------------------------------------------------------------------


def detect_format(text: str) -> str:
    """'eurostat-csv' (header has OBS_VALUE), 'eurostat-tsv' (first cell has '\\TIME_PERIOD') or 'scb'."""
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    if "OBS_VALUE" in first:
        return "eurostat-csv"
    if "\\" in first.split("\t")[0]:
        return "eurostat-tsv"
    return "scb"


def _code(value: str) -> str:
    """SDMX-CSV with labels ('A:Annual') → the code."""
    return value.split(":", 1)[0].strip() if ":" in value else value.strip()


def _dims(header: Iterable[str], table: str) -> tuple[str, str]:
    cols = [h.strip() for h in header]
    row = next((d for d in ROW_DIMS if d in cols), None)
    col = next((d for d in COL_DIMS if d in cols), None)
    if row is None or col is None:
        raise TableFileError(
            table,
            None,
            f"not an input-output table: no row dimension ({'/'.join(ROW_DIMS)}) and column dimension "
            f"({'/'.join(COL_DIMS)}) among the columns {', '.join(cols)}",
        )
    return row, col


class _Collector:
    """Observations of one geo/year/unit, domestic product cells and value-added rows, duplicates refused."""

    def __init__(self, table: str, geo: str, year: int | None) -> None:
        self.table, self.geo, self.year = table, geo, year
        self.obs: dict[tuple[str, str], float] = {}
        self.fallback: dict[tuple[str, str], float] = {}  # value-added rows under stk_flow=TOTAL
        self.years: set[str] = set()
        self.units: set[str] = set()
        self.geos: set[str] = set()

    def add(self, key: dict[str, str], value: str, rdim: str, cdim: str, line: int, year: str) -> None:
        self.geos.add(key.get("geo", ""))
        if key.get("geo", self.geo) != self.geo:
            return
        self.years.add(year)
        if self.year is not None and year != str(self.year):
            return
        row, col, flow = key[rdim], key[cdim], key.get("stk_flow", "DOM")
        value_row = row in VALUE_ADDED_ROWS
        if flow != "DOM" and not (value_row and flow == "TOTAL"):
            return
        self.units.add(key.get("unit", ""))
        target = self.fallback if flow == "TOTAL" else self.obs
        if (row, col) in target:
            raise TableFileError(self.table, row, f"column {col} (line {line}): given twice")
        target[(row, col)] = number(value, self.table, row, col, line)

    def result(self) -> tuple[dict[tuple[str, str], float], dict[str, Any]]:
        if not self.obs:
            raise TableFileError(
                self.table,
                None,
                f"no domestic (stk_flow=DOM) observations for geo={self.geo}"
                f"{f' year={self.year}' if self.year else ''}; geo present: {', '.join(sorted(self.geos))}; "
                f"years present: {', '.join(sorted(self.years))}",
            )
        if self.year is None and len(self.years) > 1:
            raise TableFileError(
                self.table, None, f"several years {', '.join(sorted(self.years))}: choose one with --year"
            )
        units = {u for u in self.units if u}
        if len(units) > 1:
            raise TableFileError(self.table, None, f"several units {', '.join(sorted(units))}: keep MIO_NAC")
        unit = units.pop() if units else "MIO_NAC"
        if unit.upper() not in UNITS_MSEK:
            raise TableFileError(
                self.table, None, f"unit {unit}: Spets needs million SEK — download the table in MIO_NAC"
            )
        obs = {**{k: v for k, v in self.fallback.items() if k not in self.obs}, **self.obs}
        year = self.year or int(next(iter(self.years)))
        return obs, {"geo": self.geo, "year": int(year), "unit": "MSEK"}


def read_eurostat_csv(
    text: str, table: str, geo: str = "SE", year: int | None = None
) -> tuple[dict[tuple[str, str], float], dict[str, Any]]:
    """Observations of a Eurostat SDMX-CSV file (see the module docstring)."""
    reader = csv.DictReader(io.StringIO(text))
    rdim, cdim = _dims(reader.fieldnames or (), table)
    for needed in ("TIME_PERIOD", "OBS_VALUE"):
        if needed not in (reader.fieldnames or ()):
            raise TableFileError(table, None, f"no column {needed}: not an SDMX-CSV file")
    got = _Collector(table, geo, year)
    for n, rec in enumerate(reader, start=2):
        key = {k: _code(v or "") for k, v in rec.items() if k and k not in {"OBS_VALUE", "OBS_FLAG"}}
        got.add(key, rec.get("OBS_VALUE") or "", rdim, cdim, n, key["TIME_PERIOD"])
    return got.result()


def read_eurostat_tsv(
    text: str, table: str, geo: str = "SE", year: int | None = None
) -> tuple[dict[tuple[str, str], float], dict[str, Any]]:
    """Observations of a Eurostat bulk TSV file (see the module docstring)."""
    lines = text.splitlines()
    head = [h.strip() for h in lines[0].split("\t")]
    dims = head[0].split("\\")[0].split(",")
    rdim, cdim = _dims(dims, table)
    years = head[1:]
    if year is None:
        if len(years) != 1:
            raise TableFileError(table, None, f"several years {', '.join(years)}: choose one with --year")
        year = int(years[0])
    if str(year) not in years:
        raise TableFileError(table, None, f"year {year} not in the file; years present: {', '.join(years)}")
    col = years.index(str(year)) + 1
    got = _Collector(table, geo, year)
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        key = dict(zip(dims, (p.strip() for p in parts[0].split(",")), strict=False))
        got.add(key, parts[col] if col < len(parts) else "", rdim, cdim, n, str(year))
    return got.result()


def _split_comments(text: str) -> tuple[dict[str, str], list[tuple[int, str]]]:
    meta: dict[str, str] = {}
    body: list[tuple[int, str]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and key.strip().lower() in {"source", "year", "unit", "name", "geo"}:
                meta[key.strip().lower()] = value.strip()
        elif line.strip():
            body.append((n, line))
    return meta, body


def _separator(line: str) -> str:
    return next((s for s in (";", "\t", ",") if s in line), ";")


def read_scb_csv(text: str, table: str) -> tuple[dict[tuple[str, str], float], dict[str, Any]]:
    """Observations of a table in the SCB layout (see the module docstring)."""
    meta, body = _split_comments(text)
    if not body:
        raise TableFileError(table, None, "the file is empty")
    sep = _separator(body[0][1])
    rows = [
        (n, [c.strip() for c in cells])
        for n, cells in ((n, next(csv.reader([ln], delimiter=sep))) for n, ln in body)
    ]
    header = rows[0][1]
    first = next((i for i, h in enumerate(header) if product_code(h) or looks_like_product(h)), None)
    if first is None:
        raise TableFileError(table, None, f"line {rows[0][0]}: no product columns (CPA_A01 …) in the header")
    columns = header[first:]
    for i, h in enumerate(columns):
        if not h:
            raise TableFileError(table, None, f"line {rows[0][0]}: column {first + i + 1} has no heading")
        if is_total(h) or product_code(h) or h in FINAL_USE_CODES or h.upper() == "OUTPUT":
            continue
        if looks_like_product(h):
            raise _unknown_error(table, "the header", h, rows[0][0])
        raise TableFileError(
            table,
            None,
            f"line {rows[0][0]}: unknown column {h!r}; expected CPA product codes, final uses "
            f"({', '.join(FINAL_USE_CODES)}) and an optional total",
        )
    obs: dict[tuple[str, str], float] = {}
    for n, cells in rows[1:]:
        code = cells[0]
        if is_total(code):
            continue
        if not (product_code(code) or code in VALUE_ADDED_ROWS):
            if looks_like_product(code):
                raise _unknown_error(table, "the first column", code, n)
            raise TableFileError(
                table, code, f"line {n}: unknown row; expected CPA products and {', '.join(VALUE_ADDED_ROWS)}"
            )
        if len(cells) - first < len(columns):
            raise TableFileError(table, code, f"line {n}: {len(cells)} cells, the header has {len(header)}")
        for col, value in zip(columns, cells[first:], strict=False):
            if is_total(col) or col.upper() == "OUTPUT":
                continue
            if code in VALUE_ADDED_ROWS and not product_code(col):
                continue  # value added has no final-use cells (SCB leaves them empty)
            if (code, col) in obs:
                raise TableFileError(table, code, f"column {col} (line {n}): given twice")
            obs[(code, col)] = number(value, table, code, col, n)
    unit = meta.get("unit", "MSEK")
    if unit.upper().replace(" ", "") not in UNITS_MSEK:
        raise TableFileError(table, None, f"unit {unit}: Spets needs million SEK (# unit: MSEK)")
    year = meta.get("year")
    return obs, {
        "year": int(year) if year and year.isdigit() else None,
        "unit": "MSEK",
        "source": meta.get("source"),
        "name": meta.get("name"),
        "geo": meta.get("geo", "SE"),
    }


def read_employment(text: str, name: str, geo: str = "SE", year: int | None = None) -> dict[str, float]:
    """Persons employed by A*64 code from Eurostat ``nama_10_a64_e`` SDMX-CSV (``na_item=EMP_DC``,
    thousands of persons) or from a plain CSV ``code;persons``."""
    if "OBS_VALUE" in text.splitlines()[0]:
        reader = csv.DictReader(io.StringIO(text))
        if "nace_r2" not in (reader.fieldnames or ()):
            raise TableFileError(
                name, None, "an SDMX-CSV employment file needs the column nace_r2 (nama_10_a64_e)"
            )
        out: dict[str, float] = {}
        years: set[str] = set()
        for n, rec in enumerate(reader, start=2):
            key = {k: _code(v or "") for k, v in rec.items() if k}
            if key.get("geo") != geo or key.get("na_item", "EMP_DC") != "EMP_DC":
                continue
            if key.get("unit", "THS_PER") != "THS_PER":
                continue
            years.add(key["TIME_PERIOD"])
            if year is not None and key["TIME_PERIOD"] != str(year):
                continue
            code = product_code(key["nace_r2"])
            if code is None:
                continue  # aggregates (TOTAL, C, G-I …)
            out[code] = 1000.0 * number(rec.get("OBS_VALUE") or "", name, key["nace_r2"], "OBS_VALUE", n)
        if not out:
            raise TableFileError(
                name,
                None,
                f"no employment (na_item=EMP_DC, unit=THS_PER, geo={geo}, year={year}); "
                f"years present: {', '.join(sorted(years)) or 'none'}",
            )
        return out
    _meta, body = _split_comments(text)
    sep = _separator(body[0][1])
    out = {}
    for n, line in body[1:]:
        cells = next(csv.reader([line], delimiter=sep))
        code = product_code(cells[0])
        if code is None:
            raise _unknown_error(name, "the employment file", cells[0].strip(), n)
        out[code] = number(cells[1] if len(cells) > 1 else "", name, cells[0].strip(), "persons", n)
    return out


# ---------------------------------------------------------------------------------------------
# Assembly: the 64 products checked, summed into the model's industries
# ---------------------------------------------------------------------------------------------


@cache
def model_industries() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, str]]:
    """(codes, English names, SNI division ranges) of the model's 27 industries (the demo table's)."""
    demo = load_demo_table()
    return demo.industries, demo.industry_names, dict(demo.metadata.get("sni_divisions", {}))


def _final_use_groups(cols: set[str]) -> list[str]:
    chosen: list[str] = [c for c in ("P3_S13", "P3_S14", "P3_S15") if c in cols] or (
        ["P3"] if "P3" in cols else []
    )
    if "P5G" in cols:
        chosen.append("P5G")
    else:
        chosen += [c for c in ("P51G",) if c in cols]
        chosen += ["P5M"] if "P5M" in cols else [c for c in ("P52", "P53") if c in cols]
    chosen += ["P6"] if "P6" in cols else []
    return chosen


def assemble(
    obs: dict[tuple[str, str], float],
    table: str,
    metadata: dict[str, Any],
    employment: dict[str, float] | None = None,
    employment_source: str = "",
) -> IOTable:
    """Check the 64-product table completely and sum it into the model's 27 industries (see module doc)."""
    rows = {r for r, _c in obs}
    cols = {c for _r, c in obs}
    for code in sorted(rows | cols):
        if product_code(code) is None and looks_like_product(code) and code not in VALUE_ADDED_ROWS:
            where = "the rows" if code in rows else "the columns"
            raise _unknown_error(table, where, code)
    cells: dict[tuple[str, str], float] = {}
    extra: dict[tuple[str, str], float] = {}
    for (r, c), v in obs.items():
        pr, pc = product_code(r), product_code(c)
        if pr and pc:
            cells[(pr, pc)] = v
        elif pc and r in VALUE_ADDED_ROWS:
            extra[(r, pc)] = v
        elif pr and c in FINAL_USE_CODES:
            extra[(pr, c)] = v
    found = {p for p, _ in cells} | {p for _, p in cells}
    prods = _required(found)
    missing_rows = [p for p in prods if not any((p, q) in cells for q in prods)]
    if missing_rows:
        raise TableFileError(
            table,
            "CPA_" + missing_rows[0],
            f"missing product row(s): {', '.join(missing_rows)} (64 are needed)",
        )
    missing_cols = [q for q in prods if not any((p, q) in cells for p in prods)]
    if missing_cols:
        raise TableFileError(
            table,
            None,
            f"missing product column(s): CPA_{', CPA_'.join(missing_cols)} (64 are needed)",
        )
    gaps = [(p, q) for p in prods for q in prods if (p, q) not in cells]
    if gaps:
        p, q = gaps[0]
        raise TableFileError(
            table, "CPA_" + p, f"column CPA_{q}: missing cell ({len(gaps)} cells missing in all)"
        )
    uses = _final_use_groups({c for _p, c in extra})
    if "P6" not in uses or not any(u.startswith("P3") for u in uses):
        raise TableFileError(
            table,
            None,
            f"final uses missing: need household consumption (P3_S14 or P3) and exports (P6); found {', '.join(uses) or 'none'}",
        )
    for u in uses:
        lacking = [p for p in prods if (p, u) not in extra]
        if lacking:
            raise TableFileError(table, "CPA_" + lacking[0], f"column {u}: missing value (final use)")

    def va_row(code: str, required: bool = True) -> np.ndarray | None:
        lacking = [p for p in prods if (code, p) not in extra]
        if len(lacking) == len(prods) and required:
            raise TableFileError(table, code, f"missing row {code} ({_VA_NAMES[code]})")
        if lacking and len(lacking) < len(prods):
            raise TableFileError(table, code, f"column CPA_{lacking[0]}: missing value ({_VA_NAMES[code]})")
        return None if lacking else np.array([extra[(code, p)] for p in prods])

    n = len(prods)
    z = np.array([[cells[(p, q)] for q in prods] for p in prods])
    f = np.array([sum(extra[(p, u)] for u in uses) for p in prods])
    x = z.sum(axis=1) + f
    comp = va_row("D1")
    assert comp is not None
    b1g = va_row("B1G", required=False)
    if b1g is None:
        parts = (
            [va_row(c, required=True) for c in ("B2A3G", "D29X39")] if ("B2A3G", prods[0]) in extra else None
        )
        if parts is None:
            raise TableFileError(table, "B1G", "missing row: value added (B1G) or operating surplus (B2A3G)")
        b1g = comp + parts[0] + parts[1]
    p1 = va_row("P1", required=False)
    if p1 is not None:
        gap = np.abs(p1 - x) > 2e-3 * np.abs(p1) + 5.0  # published cells are rounded: 0.2 % or 5 MSEK
        if gap.any():
            i = int(np.argmax(gap))
            raise TableFileError(
                table, "CPA_" + prods[i], f"not balanced: row total {x[i]:.6g} but output (P1) {p1[i]:.6g}"
            )
    emp_row = va_row("EMP", required=False)
    if emp_row is not None:
        emp_by_product = dict(zip(prods, emp_row, strict=True))
        employment_source = employment_source or "EMP row of the table"
    elif employment is not None:
        emp_by_product = employment
    else:
        raise TableFileError(
            table,
            "EMP",
            "no employment: the table has no EMP row (persons by product); give the employment as a second "
            "file — Eurostat nama_10_a64_e (SDMX-CSV, na_item EMP_DC, unit THS_PER, same year and geo) or a "
            "CSV 'code;persons' with the 64 A*64 codes",
        )
    industries, names, sni = model_industries()
    s = np.zeros((len(industries), n))
    for j, p in enumerate(prods):
        s[industries.index(industry_of(p)), j] = 1.0
    employment_by_industry = _employment_by_industry(emp_by_product, industries, table)
    negative = [i for i, v in enumerate(s @ f) if v < 0]
    if negative:
        i = negative[0]
        raise TableFileError(table, industries[i], f"negative final demand ({(s @ f)[i]:g}) after summing")
    comp_i, emp_i = s @ comp, employment_by_industry
    for i, code in enumerate(industries):
        if comp_i[i] > 0 and emp_i[i] <= 0:
            raise TableFileError(table, code, "compensation of employees but no employment")
    meta = {
        **metadata,
        "name": table,
        "approximate": False,
        "unit": "MSEK",
        "sni_divisions": sni,
        "products": n,
        "aggregation": f"{n} CPA products summed into the model's {len(industries)} industries "
        "(cpa64_industries.csv)",
        "wages_source": f"compensation of employees (D1) of the table, {metadata.get('year')}",
        "employment_source": employment_source,
    }
    obj = IOTable(
        table,
        industries,
        s @ z @ s.T,
        s @ x,
        s @ f,
        value_added=s @ b1g,
        compensation=comp_i,
        employment=emp_i,
        industry_names=names,
        metadata=meta,
    )
    obj.check_balance()
    check_productive(table, industries, technical_coefficients(obj.flows, obj.output, industries, table))
    return obj


_VA_NAMES = {
    "D1": "compensation of employees",
    "B2A3G": "operating surplus and mixed income",
    "D29X39": "other net taxes on production",
    "B1G": "value added",
    "P1": "output",
    "EMP": "employment",
}


def _employment_by_industry(emp: dict[str, float], industries: tuple[str, ...], table: str) -> np.ndarray:
    """Persons by model industry; every A*64 code must be there (L68 as L68 or L68A + L68B)."""
    have = set(emp)
    if "L68" in have or not ({"L68A", "L68B"} & have):
        need = list(products())  # L68 whole (Eurostat nama_10_a64_e: nace_r2 'L'); L68A, if given, is inside
    else:
        need = [p for p in products() if p != "L68"] + ["L68A", "L68B"]
    lacking = [p for p in need if p not in have]
    if lacking:
        raise TableFileError(
            table, "EMP", f"employment lacks {len(lacking)} of the A*64 codes: {', '.join(lacking[:10])}"
        )
    out = np.zeros(len(industries))
    for p in need:
        out[industries.index(industry_of(p))] += emp[p]
    return out


def load(
    text: str,
    fmt: str | None = None,
    *,
    name: str | None = None,
    geo: str = "SE",
    year: int | None = None,
    employment_text: str | None = None,
    employment_name: str = "employment file",
) -> IOTable:
    """Read, check and sum a real table (``fmt`` one of :data:`FORMATS`, None = detected)."""
    fmt = fmt or detect_format(text)
    if fmt not in FORMATS:
        raise TableFileError(name or "table", None, f"unknown format {fmt!r}; valid: {', '.join(FORMATS)}")
    label = name or "input-output table"
    if fmt == "eurostat-csv":
        obs, meta = read_eurostat_csv(text, label, geo, year)
        source = "Eurostat naio_10_cp1700 (SDMX-CSV), domestic use"
    elif fmt == "eurostat-tsv":
        obs, meta = read_eurostat_tsv(text, label, geo, year)
        source = "Eurostat naio_10_cp1700 (TSV), domestic use"
    else:
        obs, meta = read_scb_csv(text, label)
        meta["year"] = year or meta["year"]
        if not meta["year"]:
            raise TableFileError(label, None, "no year: add a line '# year: 2020' or give --year")
        source = meta.pop("source") or "SCB symmetric input-output table (product × product), domestic use"
    meta["source"] = source
    meta["format"] = fmt
    meta["sha256"] = hashlib.sha256((text + (employment_text or "")).encode()).hexdigest()
    if name is None:
        name = f"{'Eurostat' if fmt.startswith('eurostat') else 'SCB'} IO table {meta.get('geo', geo)} {meta['year']}"
    employment = None
    emp_source = ""
    if employment_text is not None:
        employment = read_employment(employment_text, employment_name, geo, meta["year"])
        emp_source = (
            f"Eurostat nama_10_a64_e (EMP_DC), {meta['year']}"
            if "OBS_VALUE" in employment_text.splitlines()[0]
            else f"{employment_name} (persons by A*64 code)"
        )
    return assemble(obs, name, {k: v for k, v in meta.items() if v is not None}, employment, emp_source)
