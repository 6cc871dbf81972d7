"""CSV/XLSX export of assessment results the user may see, in two layouts.

- "long": one row per assessment × dimension (both frameworks in one file): company, round, framework,
  method version, dimension, score, band, status and coverage. Missing scores are empty cells, never 0.
- "dma": the DMA six-dimension layout of the pure core (dma_layout.py), DMA-compatible results only, so
  Spets figures can be set beside Digital Innovation Hub ones.

Rows come from `Assessment.objects.for_user(user)`. While demo data is loaded (or a row is synthetic)
the file starts with a line saying so. `results_file` returns the file (bytes, type, name); the page
wraps it in a response.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.assessment.dma_layout import dma_columns, dma_table
from spets.assessment.frameworks import DMA_FRAMEWORK_ID, framework_file, load_framework
from spets.assessment.models import Assessment, Status
from spets.assessment.scoring import Result
from spets.core.demo import demo_loaded
from spets.core.spreadsheet import inert_formulas, safe_rows

LONG_COLUMNS = [
    "assessment_id",
    "orgnr",
    "company",
    "county",
    "sni",
    "size_class",
    "framework",
    "framework_version",
    "method_version",
    "round",
    "mode",
    "completed",
    "dimension",
    "score",
    "band",
    "status",
    "coverage",
]


# The XLSX header row is for people (Swedish in the Swedish UI); the CSV keeps the keys above for scripts.
HEADERS = {
    "assessment_id": gettext_lazy("Assessment id"),
    "orgnr": gettext_lazy("Organisation number"),
    "company": gettext_lazy("Company"),
    "county": gettext_lazy("County"),
    "sni": gettext_lazy("SNI"),
    "size_class": gettext_lazy("Size class"),
    "framework": gettext_lazy("Framework"),
    "framework_version": gettext_lazy("Framework version"),
    "method_version": gettext_lazy("Method version"),
    "round": gettext_lazy("Round"),
    "mode": gettext_lazy("Mode"),
    "completed": gettext_lazy("Completed"),
    "dimension": gettext_lazy("Dimension"),
    "score": gettext_lazy("Score (0–100)"),
    "band": gettext_lazy("Level"),
    "status": gettext_lazy("Status"),
    "coverage": gettext_lazy("Share answered"),
}


def header_label(column: str) -> str:
    """A column's header for people: its name in the active language (DMA columns keep their ids)."""
    return str(HEADERS[column]) if column in HEADERS else column


def synthetic_note() -> str:
    return _("Synthetic demo data — invented for trying Spets, not real companies.")


def _assessments(user) -> Iterable[Assessment]:
    return (
        Assessment.objects.for_user(user)
        .filter(status=Status.COMPLETED, result__isnull=False)
        .select_related("company__municipality")
        .order_by("company__name", "round", "id")
    )


def long_rows(user) -> tuple[list[str], list[list], bool]:
    rows, synthetic = [], False
    for a in _assessments(user):
        synthetic |= a.synthetic or a.company.synthetic
        result = Result.from_dict(a.result)
        head = [
            a.pk,
            a.company.orgnr,
            a.company.name,
            a.company.municipality.county_id,
            a.company.sni_id or "",
            a.company.size_class,
            a.framework_id,
            a.framework_version,
            a.method_version,
            a.round,
            a.mode,
            timezone.localtime(a.completed_at).date() if a.completed_at else None,
        ]
        for d in [*result.dimensions.values(), result.overall]:
            score = None if d.score is None else round(d.score, 1)
            rows.append(head + [d.id, score, d.band or "", d.status, round(d.coverage, 3)])
    return LONG_COLUMNS, rows, synthetic


def dma_rows(user) -> tuple[list[str], list[list], bool]:
    fw = load_framework(framework_file(DMA_FRAMEWORK_ID))
    pairs, synthetic = [], False
    for a in _assessments(user).filter(framework_id=DMA_FRAMEWORK_ID):
        synthetic |= a.synthetic or a.company.synthetic
        pairs.append(
            (
                {"orgnr": a.company.orgnr, "company": a.company.name, "round": a.round},
                Result.from_dict(a.result),
            )
        )
    columns = ["orgnr", "company", "round", *dma_columns(fw)]
    table = dma_table(fw, pairs)
    return columns, [[row.get(c) for c in columns] for row in table], synthetic


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def results_file(user, layout: str, fmt: str) -> ExportFile:
    """The results the user may see as CSV (semicolons, UTF-8 with BOM) or XLSX, in the "long" or "dma"
    layout. Company names are user text: never formulas."""
    columns, rows, synthetic = (dma_rows if layout == "dma" else long_rows)(user)
    synthetic = synthetic or demo_loaded()
    name = f"spets-assessments-{layout}-{timezone.localdate().isoformat()}"
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "results" if layout != "dma" else "dma"
        if synthetic:
            sheet.append([synthetic_note()])
        sheet.append([header_label(c) for c in columns])
        for row in rows:
            sheet.append(row)
        inert_formulas(book)  # company names are user text: never formulas
        buffer = io.BytesIO()
        book.save(buffer)
        return ExportFile(buffer.getvalue(), XLSX, f"{name}.xlsx")
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    if synthetic:
        writer.writerow([synthetic_note()])
    writer.writerow(columns)
    writer.writerows(safe_rows([["" if v is None else v for v in row] for row in rows]))
    return ExportFile(("\ufeff" + text.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", f"{name}.csv")
