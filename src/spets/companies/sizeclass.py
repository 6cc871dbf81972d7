"""EU SME size classes (Commission Recommendation 2003/361/EC). Pure Python.

Staff headcount decides first; a company stays in a class if EITHER turnover OR balance sheet total is
within the ceiling. Ceilings are in EUR; SEK amounts are converted at `EUR_SEK`.
"""

from __future__ import annotations

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
