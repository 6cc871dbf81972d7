"""Results in the DMA's six-dimension layout, to set Spets figures beside Digital Innovation Hub ones. Pure.

One row per result; the dimension columns are the framework file's ``export_column`` names, in the
DMA's order, on its 0-100 scale. A missing dimension is an empty cell (None), never 0, and each
dimension has a ``<column>_status`` and ``<column>_coverage`` column so partial answers stay visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .frameworks import DMA_FRAMEWORK_ID, Framework
from .scoring import Result

OVERALL_COLUMN = "overall_digital_maturity"


def dma_columns(framework: Framework) -> list[str]:
    """Column names of the DMA layout, in order (identifiers first, then per dimension)."""
    if framework.id != DMA_FRAMEWORK_ID:
        raise ValueError(f"the DMA layout needs a {DMA_FRAMEWORK_ID} framework, not {framework.id}")
    columns = ["framework", "framework_version", "method_version"]
    for d in framework.dimensions:
        col = d.export_column or d.id
        columns += [col, f"{col}_status", f"{col}_coverage"]
    return columns + [OVERALL_COLUMN, f"{OVERALL_COLUMN}_band", f"{OVERALL_COLUMN}_status"]


def dma_row(framework: Framework, result: Result, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One result as a row in the DMA layout; ``extra`` (e.g. company id, T0/T1) is put in front."""
    if result.framework_id != framework.id or framework.id != DMA_FRAMEWORK_ID:
        raise ValueError(f"result of {result.framework_id} cannot be exported in the DMA layout")
    row: dict[str, Any] = dict(extra or {})
    row.update(
        framework=result.framework_id,
        framework_version=result.framework_version,
        method_version=result.method_version,
    )
    for d in framework.dimensions:
        col = d.export_column or d.id
        dim = result.dimensions[d.id]
        row[col] = None if dim.score is None else round(dim.score, 1)
        row[f"{col}_status"] = dim.status
        row[f"{col}_coverage"] = round(dim.coverage, 3)
    o = result.overall
    row[OVERALL_COLUMN] = None if o.score is None else round(o.score, 1)
    row[f"{OVERALL_COLUMN}_band"] = o.band
    row[f"{OVERALL_COLUMN}_status"] = o.status
    return row


def dma_table(framework: Framework, rows: Iterable[tuple[Mapping[str, Any], Result]]) -> list[dict[str, Any]]:
    """Rows for a CSV/XLSX writer: each (extra columns, result) pair becomes one row."""
    return [dma_row(framework, result, extra) for extra, result in rows]
