"""Large imports as background jobs (spets.core.background): a file over the size or row threshold is checked
(preview) and written by `spets worker`, with progress on the page and a time limit; smaller files are
handled in the request as before.

The write stays one transaction: a refused row, an error or the time limit rolls the whole import back.
Messages for the user name the row and never a server path.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from spets.companies.services import imports
from spets.companies.services.import_files import ImportFileError
from spets.core import background

PREVIEW_SUFFIX = ".preview.json"  # the checked rows, beside the uploaded file, for the preview page
PREVIEW_JOB = "spets.companies.services.import_jobs.preview_job"
WRITE_JOB = "spets.companies.services.import_jobs.write_job"


def is_large(path: Path, rows: int) -> bool:
    return path.stat().st_size > settings.IMPORT_BACKGROUND_BYTES or rows > settings.IMPORT_BACKGROUND_ROWS


def preview_path(path: Path | str) -> Path:
    return Path(str(path) + PREVIEW_SUFFIX)


def save_preview(path: Path | str, summary: imports.Preview) -> None:
    preview_path(path).write_text(json.dumps(summary.as_dict()))


def start_preview(user, *, import_id: str, path: Path, mapping: dict, file_name: str, rows: int) -> str:
    preview_path(path).unlink(missing_ok=True)  # the columns may have changed: check again
    return background.start(
        PREVIEW_JOB,
        user=user,
        total=rows,
        arguments={
            "import_id": import_id,
            "path": str(path),
            "mapping": mapping,
            "file_name": file_name,
        },
    )


def start_write(
    user,
    *,
    import_id: str,
    path: Path,
    mapping: dict,
    file_name: str,
    rows: int,
    valid_rows_only: bool,
    basis_kind: str,
    basis_note: str,
) -> str:
    return background.start(
        WRITE_JOB,
        user=user,
        total=rows,
        arguments={
            "import_id": import_id,
            "path": str(path),
            "mapping": mapping,
            "file_name": file_name,
            "user_id": user.pk,
            "valid_rows_only": valid_rows_only,
            "basis_kind": basis_kind,
            "basis_note": basis_note,
        },
    )


def _mapping(mapping: dict) -> dict[str, int]:
    return {key: int(index) for key, index in mapping.items()}


def preview_job(
    progress: background.Progress, *, import_id: str, path: str, mapping: dict, file_name: str
) -> dict:
    try:
        summary = imports.preview(
            Path(path), _mapping(mapping), progress=progress.step, chunk_rows=imports.CHUNK_ROWS
        )
    except (ImportFileError, imports.ImportRefused) as exc:
        raise background.JobFailed(str(exc)) from None
    save_preview(path, summary)
    return {"kind": "preview", "import_id": import_id, "counts": summary.counts}


def write_job(
    progress: background.Progress,
    *,
    import_id: str,
    path: str,
    mapping: dict,
    file_name: str,
    user_id: int,
    valid_rows_only: bool,
    basis_kind: str,
    basis_note: str,
) -> dict:
    user = get_user_model().objects.get(pk=user_id)
    try:
        totals = imports.write(
            Path(path),
            _mapping(mapping),
            user,
            valid_rows_only=valid_rows_only,
            import_id=import_id,
            file_name=file_name,
            basis=imports.contact_basis(basis_kind, basis_note),
            chunk_rows=imports.CHUNK_ROWS,
            progress=progress.step,
        )
    except imports.ImportRefused as exc:
        raise background.JobFailed(str(exc)) from None
    return {"kind": "write", "import_id": import_id, "totals": totals}
