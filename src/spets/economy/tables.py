"""Loaders for national input-output tables and the bundled parameter files (pure, no Django).

The model's real tables (the published 64-product tables, summed into the model's 27 industries, with
compensation and employment) are read by :mod:`spets.economy.cpa`; the loaders here keep a table's own
labels (tests, analysis) and read the bundled demo table.

Formats:

* **Eurostat SDMX-CSV** (e.g. ``naio_10_cp1700``, symmetric product × product table): one observation per
  line with columns ``stk_flow``, ``induse``, ``prod_na``, ``geo``, ``TIME_PERIOD``, ``OBS_VALUE`` …
* **Eurostat TSV** (bulk download): first column ``freq,unit,stk_flow,induse,prod_na,geo\\TIME_PERIOD``, then
  one column per year; ``:`` is missing, trailing letters are flags.
* **SCB-style CSV** (also the bundled demo table): ``#`` comment lines with ``key: value`` metadata, then a
  header ``code;name;…;<industry codes>;final_demand;output`` and rows per product, plus optional ``VA``,
  ``COMP``, ``EMP`` rows. Separator ``;`` ``,`` or tab; decimal comma accepted; ``..`` (SCB's missing mark)
  is an error naming the row, never 0.

Eurostat tables: Z = rows ``prod_na`` CPA_* × columns ``induse`` CPA_*; final demand f = Σ of
``P3_S13, P3_S14, P3_S15, P51G, P52, P53, P5M, P6`` (whatever is present); x = Z·1 + f (row totals of
the domestic table); value added ``B1G`` and compensation ``D1`` rows if present. When ``P1`` (output) is
present the column totals are checked against x. Every loaded table is validated: labels, non-negativity,
balance and ρ(A) < 1 (errors name the table, the row and the reason).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from spets.economy.io import (
    IOTable,
    IOTableError,
    check_non_negative,
    check_productive,
    technical_coefficients,
)

FINAL_USES = ("P3_S13", "P3_S14", "P3_S15", "P51G", "P52", "P53", "P5M", "P6")
DEMO_TABLE = "sweden_demo_io.csv"


def _number(text: str, table: str, row: str) -> float:
    """Parse '1 234,5', '1234.5', '12.3 e' (flagged); ':' / '..' / '' are missing → error naming the row."""
    t = text.strip()
    if t in {"", ":", "..", "-", "NaN", "nan"}:
        raise IOTableError(table, row, f"missing value {t!r} (missing is not zero)")
    t = (
        t.split(" ")[0]
        if " " in t and not t.replace(" ", "").replace(",", "").replace(".", "").isdigit()
        else t
    )
    t = t.replace("\u00a0", "").replace(" ", "")
    if "," in t and "." not in t:
        t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError as exc:
        raise IOTableError(table, row, f"not a number: {text!r}") from exc


def _assemble(table: str, obs: dict[tuple[str, str], float], metadata: dict[str, Any]) -> IOTable:
    rows = sorted({p for p, _ in obs if p.startswith("CPA_")})
    cols = sorted({u for _, u in obs if u.startswith("CPA_")})
    if not rows:
        raise IOTableError(table, None, "no CPA product rows found (is this a product × product table?)")
    if rows != cols:
        extra = sorted(set(rows) ^ set(cols))
        raise IOTableError(table, extra[0], "mismatched labels: product rows and use columns differ")
    n = len(rows)
    idx = {c: i for i, c in enumerate(rows)}
    z = np.zeros((n, n))
    f = np.zeros(n)
    missing_cells = [(p, u) for p in rows for u in cols if (p, u) not in obs]
    if missing_cells:
        p, u = missing_cells[0]
        raise IOTableError(table, p, f"missing flow to {u}")
    for (p, u), v in obs.items():
        if p in idx and u in idx:
            z[idx[p], idx[u]] = v
        elif p in idx and u in FINAL_USES:
            f[idx[p]] += v
    check_non_negative(table, rows, z, "flow")
    if (f < 0).any():
        # inventories (P52) may be negative: fold into final demand but never let total final use go below 0
        i = int(np.argmin(f))
        raise IOTableError(table, rows[i], f"negative final demand ({f[i]:g})")
    x = z.sum(axis=1) + f
    va = np.array([obs.get(("B1G", c), np.nan) for c in cols])
    comp = np.array([obs.get(("D1", c), np.nan) for c in cols])
    p1 = np.array([obs.get(("P1", c), np.nan) for c in cols])
    if np.isfinite(p1).all():
        gap = np.abs(p1 - x) > 1e-3 * np.maximum(p1, 1.0) + 0.5
        if gap.any():
            i = int(np.argmax(gap))
            raise IOTableError(
                table, rows[i], f"not balanced: row total {x[i]:.6g} but output (P1) {p1[i]:.6g}"
            )
    table_obj = IOTable(
        table,
        tuple(r.removeprefix("CPA_") for r in rows),
        z,
        x,
        f,
        value_added=va if np.isfinite(va).all() else None,
        compensation=comp if np.isfinite(comp).all() else None,
        metadata=metadata,
    )
    check_productive(table, table_obj.industries, technical_coefficients(z, x, table_obj.industries, table))
    return table_obj


def load_eurostat_sdmx_csv(
    path_or_text: str | Path,
    geo: str = "SE",
    year: int | None = None,
    stk_flow: str = "DOM",
    unit: str | None = None,
    name: str | None = None,
) -> IOTable:
    """Load a Eurostat symmetric IO table (e.g. naio_10_cp1700) from SDMX-CSV (file path or text)."""
    text = _read(path_or_text)
    table = name or f"Eurostat {geo} {year or ''} {stk_flow}".strip()
    reader = csv.DictReader(io.StringIO(text))
    obs: dict[tuple[str, str], float] = {}
    years: set[str] = set()
    units: set[str] = set()
    for rec in reader:
        if rec.get("geo") != geo or rec.get("stk_flow", stk_flow) != stk_flow:
            continue
        if unit and rec.get("unit") != unit:
            continue
        years.add(rec["TIME_PERIOD"])
        if year is not None and rec["TIME_PERIOD"] != str(year):
            continue
        units.add(rec.get("unit", ""))
        key = (rec["prod_na"], rec["induse"])
        obs[key] = _number(rec["OBS_VALUE"], table, rec["prod_na"])
    if not obs:
        raise IOTableError(
            table,
            None,
            f"no observations for geo={geo} year={year} stk_flow={stk_flow}; years present: {sorted(years)}",
        )
    if len(units) > 1:
        raise IOTableError(table, None, f"several units {sorted(units)}; pass unit=")
    meta = {
        "name": table,
        "source": "Eurostat naio_10_cp1700 (SDMX-CSV)",
        "geo": geo,
        "year": year,
        "unit": units.pop() if units else "",
        "stk_flow": stk_flow,
        "approximate": False,
    }
    return _assemble(table, obs, meta)


def load_eurostat_tsv(
    path_or_text: str | Path,
    geo: str = "SE",
    year: int = 2020,
    stk_flow: str = "DOM",
    unit: str | None = None,
    name: str | None = None,
) -> IOTable:
    """Load a Eurostat bulk TSV (``freq,unit,stk_flow,induse,prod_na,geo\\TIME_PERIOD`` + year columns)."""
    text = _read(path_or_text)
    table = name or f"Eurostat {geo} {year} {stk_flow}"
    lines = text.splitlines()
    head = [h.strip() for h in lines[0].split("\t")]
    dims = head[0].split("\\")[0].split(",")
    years = [h for h in head[1:]]
    if str(year) not in years:
        raise IOTableError(table, None, f"year {year} not in file; years present: {', '.join(sorted(years))}")
    col = years.index(str(year)) + 1
    obs: dict[tuple[str, str], float] = {}
    units: set[str] = set()
    for line in lines[1:]:
        if not line.strip():
            continue
        parts = line.split("\t")
        key = dict(zip(dims, parts[0].split(","), strict=False))
        if key.get("geo") != geo or key.get("stk_flow", stk_flow) != stk_flow:
            continue
        if unit and key.get("unit") != unit:
            continue
        units.add(key.get("unit", ""))
        obs[(key["prod_na"], key["induse"])] = _number(parts[col], table, key["prod_na"])
    if not obs:
        raise IOTableError(table, None, f"no observations for geo={geo} stk_flow={stk_flow}")
    if len(units) > 1:
        raise IOTableError(table, None, f"several units {sorted(units)}; pass unit=")
    meta = {
        "name": table,
        "source": "Eurostat naio_10_cp1700 (TSV)",
        "geo": geo,
        "year": year,
        "unit": units.pop() if units else "",
        "stk_flow": stk_flow,
        "approximate": False,
    }
    return _assemble(table, obs, meta)


def _read(path_or_text: str | Path) -> str:
    if isinstance(path_or_text, Path) or ("\n" not in str(path_or_text) and Path(str(path_or_text)).exists()):
        return Path(path_or_text).read_text(encoding="utf-8-sig")
    return str(path_or_text)


def _split_comments(text: str) -> tuple[dict[str, Any], list[str], list[str]]:
    meta: dict[str, Any] = {}
    notes: list[str] = []
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            content = line[1:].strip()
            key, sep, value = content.partition(":")
            if sep and key.strip() in {"source", "year", "unit", "approximate", "version"}:
                v: Any = value.strip()
                if key.strip() == "approximate":
                    v = v.lower() == "true"
                elif key.strip() == "year":
                    v = int(v)
                meta[key.strip()] = v
            else:
                notes.append(content)
        elif line.strip():
            body.append(line)
    return meta, notes, body


def _dialect(first: str) -> str:
    for sep in (";", "\t", ","):
        if sep in first:
            return sep
    return ";"


def load_scb_csv(path_or_text: str | Path, name: str | None = None) -> IOTable:
    """Load an SCB-style CSV table (see module docstring); also used for the bundled demo table."""
    text = _read(path_or_text)
    meta, notes, body = _split_comments(text)
    table = (
        name
        or meta.get("name")
        or (Path(str(path_or_text)).name if "\n" not in str(path_or_text) else "SCB table")
    )
    sep = _dialect(body[0])
    rows = list(csv.reader(body, delimiter=sep))
    header = [h.strip() for h in rows[0]]
    if "final_demand" not in header or "output" not in header:
        raise IOTableError(table, None, "header needs columns 'final_demand' and 'output'")
    fd_col, out_col = header.index("final_demand"), header.index("output")
    label_cols = [c for c in ("code", "name", "sni") if c in header]
    first = len(label_cols)
    industries = header[first:fd_col]
    products = [r for r in rows[1:] if r[0].strip() not in {"VA", "COMP", "EMP"}]
    extra = {r[0].strip(): r for r in rows[1:] if r[0].strip() in {"VA", "COMP", "EMP"}}
    codes = [r[0].strip() for r in products]
    if codes != industries:
        diff = next(
            (a for a, b in zip(codes, industries, strict=False) if a != b), codes[-1] if codes else None
        )
        raise IOTableError(
            table,
            diff,
            f"mismatched labels: product rows {codes[:3]}… do not match industry columns {industries[:3]}…",
        )
    z = np.array([[_number(v, table, r[0]) for v in r[first:fd_col]] for r in products])
    f = np.array([_number(r[fd_col], table, r[0]) for r in products])
    x = np.array([_number(r[out_col], table, r[0]) for r in products])

    def extra_row(key: str) -> np.ndarray | None:
        if key not in extra:
            return None
        return np.array([_number(v, table, key) for v in extra[key][first:fd_col]])

    names = tuple(r[1].strip() for r in products) if "name" in label_cols else ()
    sni = tuple(r[2].strip() for r in products) if "sni" in label_cols else ()
    meta = {"name": table, **meta, "notes": notes}
    if sni:
        meta["sni_divisions"] = dict(zip(codes, sni, strict=True))
    obj = IOTable(
        table,
        tuple(codes),
        z,
        x,
        f,
        value_added=extra_row("VA"),
        compensation=extra_row("COMP"),
        employment=extra_row("EMP"),
        industry_names=names,
        metadata=meta,
    )
    obj.check_balance()
    check_productive(table, obj.industries, technical_coefficients(z, x, obj.industries, table))
    return obj


# ---------------------------------------------------------------------------------------------
# Bundled demo data
# ---------------------------------------------------------------------------------------------


def _data_text(filename: str) -> str:
    return resources.files("spets.economy").joinpath("data", filename).read_text(encoding="utf-8")


def load_demo_table() -> IOTable:
    """The bundled APPROXIMATE national table for Sweden (27 industries, MSEK, about 2022)."""
    return load_scb_csv(_data_text(DEMO_TABLE), name="Sweden demo IO table (approximate)")


@dataclass(frozen=True)
class IndustryParameter:
    """A bundled parameter by industry with its source line and unit (``values[code]``)."""

    name: str
    values: dict[str, dict[str, float]]
    metadata: dict[str, Any]

    def column(self, industries: tuple[str, ...], field: str, default: float | None = None) -> np.ndarray:
        """Values of ``field`` in the order of ``industries``; a missing industry is an error unless
        ``default``."""
        out = []
        for code in industries:
            if code in self.values:
                out.append(self.values[code][field])
            elif default is not None:
                out.append(default)
            else:
                raise IOTableError(
                    self.name, code, f"no {field} for this industry; available: {', '.join(self.values)}"
                )
        return np.array(out, dtype=float)


def load_parameter(filename: str) -> IndustryParameter:
    """Load one of ``wages_by_industry.csv``, ``household_consumption.csv``, ``profit_margins.csv``,
    ``employment_per_output.csv`` from the package data."""
    meta, notes, body = _split_comments(_data_text(filename))
    rows = list(csv.reader(body, delimiter=_dialect(body[0])))
    header = rows[0]
    values = {
        r[0]: {h: _number(v, filename, r[0]) for h, v in zip(header[1:], r[1:], strict=True)}
        for r in rows[1:]
    }
    return IndustryParameter(filename, values, {**meta, "notes": notes, "file": filename})


def load_service_sections(filename: str = "service_scope.csv") -> set[str]:
    """SNI sections whose indirect effect the services scope counts (``service_scope.csv``, with rationale)."""
    _meta, _notes, body = _split_comments(_data_text(filename))
    rows = list(csv.reader(body, delimiter=_dialect(body[0])))
    return {r[0].strip().upper() for r in rows[1:] if r and r[0].strip()}


def sni_to_industries(table: IOTable, code: str) -> tuple[str, ...]:
    """Industries of ``table`` covering an SNI 2007 section letter ('C') or division ('24'); the error lists
    the choices."""
    divs: dict[str, str] = table.metadata.get("sni_divisions", {})
    code = code.strip().upper()
    if code.isalpha():
        found = tuple(i for i in table.industries if i == code or i.startswith(code))
    else:
        wanted = int(code[:2])
        found = ()
        for ind, rng in divs.items():
            lo, _, hi = rng.partition("-")
            if int(lo) <= wanted <= int(hi or lo):
                found = (ind,)
    if not found:
        raise IOTableError(
            table.name,
            code,
            f"unknown industry code; valid: sections {sorted({i[0] for i in table.industries})} "
            f"or divisions {', '.join(divs.values())}",
        )
    return found
