"""`?format=json|xlsx|pdf`: a footprint or scenario result as a file, the same result the page shows."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from spets.economy import exports
from spets.economy.pdf import render_pdf

CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def download(result: dict[str, Any], fmt: str, stem: str) -> HttpResponse:
    """The result as an attachment named ``stem.fmt`` (JSON, XLSX workbook or PDF report)."""
    if fmt == "json":
        content = exports.to_json(result).encode("utf-8")
    elif fmt == "xlsx":
        content = exports.to_xlsx(result)
    else:
        content = render_pdf(result)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
