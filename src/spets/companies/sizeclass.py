"""EU SME size classes (Commission Recommendation 2003/361/EC). Pure Python (and numpy for many at once).

Staff headcount decides first; a company stays in a class if EITHER turnover OR balance sheet total is
within the ceiling. Ceilings are in EUR; SEK amounts are converted at `EUR_SEK`.
"""

from __future__ import annotations

import numpy as np

EUR_SEK = 11.0  # approximate 2024 average (Riksbank); used only to compare with the EUR ceilings

# (class, max staff (exclusive), max turnover EUR, max balance sheet EUR)
CEILINGS = (
    ("micro", 10, 2_000_000, 2_000_000),
    ("small", 50, 10_000_000, 10_000_000),
    ("medium", 250, 50_000_000, 43_000_000),
)


def size_class(
    employees: int | None, turnover_sek: int | None = None, balance_sheet_sek: int | None = None
) -> str:
    """micro | small | medium | large; '' when the headcount is unknown."""
    if employees is None:
        return ""
    turnover = None if turnover_sek is None else turnover_sek / EUR_SEK
    balance = None if balance_sheet_sek is None else balance_sheet_sek / EUR_SEK
    for name, staff, max_turnover, max_balance in CEILINGS:
        if employees >= staff:
            continue
        known = [
            (v, limit) for v, limit in ((turnover, max_turnover), (balance, max_balance)) if v is not None
        ]
        if not known or any(v <= limit for v, limit in known):
            return name
    return "large"


def size_classes(employees: np.ndarray, turnover_sek: np.ndarray) -> np.ndarray:
    """`size_class` for many companies at once (no balance sheet): `employees` < 0 and `turnover_sek` NaN
    mean unknown. An array of the class names ('' where the headcount is unknown)."""
    out = np.full(len(employees), "large", dtype=object)
    turnover = np.asarray(turnover_sek, dtype=np.float64) / EUR_SEK
    within = np.isnan(turnover)
    for name, staff, max_turnover, _max_balance in reversed(CEILINGS):  # the smallest class fitting wins
        out[(employees < staff) & (within | (turnover <= max_turnover))] = name
    out[employees < 0] = ""
    return out
