"""What the model uses, input by input, and whether each is real or approximate (`spets footprint inputs`)."""

from __future__ import annotations

from typing import Any

from spets.economy.footprint import TAXABLE_SHARE_OF_SURPLUS
from spets.economy.inputs import REST_CODE
from spets.economy.services import active_table
from spets.economy.services.model import model_for

REAL, APPROXIMATE, SYNTHETIC, ESTIMATE = "real", "approximate", "synthetic", "estimate"


def _commuting_row(built) -> tuple[str, str, int | None, str]:
    """'SCB commuting (table, year)' (real; approximate when municipalities are left to the gravity
    estimate) or the gravity estimate."""
    m = built.model
    if "ESTIMATE" in m.commuting_source or not m.commuting_source.startswith("SCB"):
        return ("commuting", m.commuting_source, None, ESTIMATE)
    meta = built.inputs.metadata.get("commuting", {})
    municipal = [c for c in m.commuting_fallback if c != REST_CODE]
    source = m.commuting_source
    if m.commuting_fallback:
        source += f"; gravity estimate for {', '.join(m.commuting_fallback)}"
    return ("commuting", source, meta.get("year"), APPROXIMATE if municipal else REAL)


def model_inputs(year: int | str | None = None, regions: str | None = None) -> list[dict[str, Any]]:
    """Every input of the model for ``year`` and the region set: name, source, year and status."""
    built = model_for(year, regions or "programme")
    m, meta = built.model, built.inputs.metadata
    t = m.table
    emp = meta["employment"]
    own = [r for r in m.rates if not r.average]
    averaged = [r for r in m.rates if r.average and r.municipality_code != REST_CODE]
    tax = m.tax
    real_table = not t.metadata.get("approximate")
    origin = active_table.active()["origin"]
    where = {
        "setting": f"; file {t.metadata.get('file')} from the setting {active_table.SETTING}",
        "installed": f"; file {t.metadata.get('file')} installed with `spets footprint use-table`",
    }.get(origin, "; bundled demo table — install a real one with `spets footprint use-table FILE`")
    rows = [
        (
            "input-output table",
            f"{t.name} ({t.metadata.get('source')}"
            + (f"; {t.metadata.get('aggregation')}" if real_table else "")
            + f"{where})",
            t.metadata.get("year"),
            REAL if real_table else APPROXIMATE,
        ),
        (
            "national employment by industry",
            str(
                t.metadata.get("employment_source")
                or "EMP row of the demo table (SCB national accounts, rounded)"
            ),
            t.metadata.get("year"),
            REAL if real_table else APPROXIMATE,
        ),
        (
            "employment by municipality × industry",
            f"{emp['title']} ({emp['source']}), series {emp['series']} v{emp['version']}",
            emp["year"],
            SYNTHETIC if emp.get("synthetic") else REAL,
        ),
        (
            "split of B+C",
            "B at its share of B+C in the table (official national accounts); C divided by the register",
            emp["year"],
            APPROXIMATE,
        ),
        _commuting_row(built),
        (
            "wages",
            m.wage_source,
            tax.year,
            REAL if real_table and t.compensation is not None else APPROXIMATE,
        ),
        (
            "tax parameters",
            "; ".join(tax.sources) or "data/tax",
            tax.year,
            APPROXIMATE if tax.borrowed else REAL,
        ),
        (
            "municipal and regional tax rates",
            f"{len(own)} municipalities with their own rate, {len(averaged)} at the national average "
            f"(rates of {tax.rates_year}: {tax.rates_source})",
            tax.rates_year,
            APPROXIMATE if averaged or tax.rates_year != tax.year else REAL,
        ),
        (
            "corporate tax base",
            f"operating surplus × {TAXABLE_SHARE_OF_SURPLUS:g} × share in companies paying corporate tax "
            "(profit_margins.csv)",
            t.metadata.get("year"),
            APPROXIMATE,
        ),
        (
            "household consumption",
            "household_consumption.csv (SCB NR, non-traded services local)",
            2022,
            APPROXIMATE,
        ),
        ("services scope", "service_scope.csv (SNI H, J, M, N; Spets convention with rationale)", None, REAL),
    ]
    return [{"input": n, "source": s, "year": y, "status": st} for n, s, y, st in rows]
