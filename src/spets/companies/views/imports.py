"""Import pages: upload → mapping → preview → confirm → result.

A pending import is a file in DATA_DIR/imports named by a random id that is kept in the user's session
(no database row): another user cannot reach it, and it is removed after two days.
"""

from __future__ import annotations

import functools
import json
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spets.companies import permissions as perm
from spets.companies.forms import ImportConfirmForm, ImportMappingForm, ImportUploadForm
from spets.companies.models import LawfulBasis
from spets.companies.presenters import present_preview_rows
from spets.companies.services import import_columns, import_files, imports
from spets.core.permissions import page_view

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
UPLOAD_OVERHEAD_BYTES = 64 * 1024  # multipart boundaries and the other form fields around the file
KEEP_SECONDS = 2 * 24 * 3600
SESSION_KEY = "spets_imports"


def importer_view(view):
    """Import and merge pages: advisors and programme managers; everyone else gets 403 (before anything
    else, e.g. the method check)."""

    @page_view
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        perm.require(
            perm.can_edit_company(request.user),
            _("Only advisors and programme managers import or merge companies"),
        )
        return view(request, *args, **kwargs)

    return wrapper


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _clean_old(folder: Path) -> None:
    limit = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _pending(request, import_id: str) -> dict:
    pending = request.session.get(SESSION_KEY, {}).get(import_id)
    if pending is None or not Path(pending["path"]).exists():
        raise Http404(_("No such import in this session (it may have expired): upload the file again"))
    return pending


def _save(request, import_id: str, pending: dict) -> None:
    store = request.session.get(SESSION_KEY, {})
    store[import_id] = pending
    request.session[SESSION_KEY] = store


def _export_lists(user) -> list[tuple[str, str]]:
    export_lists = [("companies", _("Companies")), ("activities", _("Activities"))]
    if perm.can_see_contacts(user):
        export_lists.insert(1, ("contacts", _("Contacts")))
    return export_lists


@importer_view
def import_upload(request):
    error = ""
    if request.method == "POST":
        # Refuse an oversized body from its declared length, before Django reads it into a temporary file.
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES + UPLOAD_OVERHEAD_BYTES:
            return render(
                request,
                "companies/io/upload.html",
                {
                    "error": _("The file is larger than 100 MB; split it into parts"),
                    "targets": import_columns.TARGETS,
                    "export_lists": [],
                },
                status=413,
            )
        form = ImportUploadForm(request.POST, request.FILES, max_bytes=MAX_UPLOAD_BYTES)
        if not form.is_valid():
            error = form.errors["file"][0]
        else:
            upload = form.cleaned_data["file"]
            folder = _folder()
            _clean_old(folder)
            import_id = secrets.token_urlsafe(12)
            suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            path = folder / f"{import_id}{suffix}"
            with open(path, "wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                # One streaming pass refuses a file over a limit (rows, columns, cell length) here, before
                # the mapping page; it stops at the first row over the limit.
                import_files.check_limits(import_files.open_table(path))
                table = import_files.open_table(path)
            except import_files.ImportFileError as exc:
                path.unlink(missing_ok=True)
                error = str(exc)
            else:
                _save(
                    request,
                    import_id,
                    {
                        "path": str(path),
                        "file": upload.name[:200],
                        "mapping": import_columns.suggest_mapping(table.headers),
                    },
                )
                return redirect("companies:import_mapping", import_id=import_id)
    return render(
        request,
        "companies/io/upload.html",
        {"error": error, "targets": import_columns.TARGETS, "export_lists": _export_lists(request.user)},
        status=400 if error else 200,
    )


@importer_view
def import_mapping(request, import_id: str):
    pending = _pending(request, import_id)
    try:
        table = import_files.open_table(Path(pending["path"]))
    except import_files.ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("companies:import_upload")
    samples = [cells for _n, cells in zip(range(3), table.rows, strict=False)]
    error = ""
    if request.method == "POST":
        form = ImportMappingForm(request.POST, headers=table.headers)
        valid = form.is_valid()
        pending.update(
            mapping=form.cleaned_data["mapping"],
            basis=form.cleaned_data["basis"],
            basis_note=form.cleaned_data["basis_note"],
        )
        _save(request, import_id, pending)
        if valid:
            try:
                summary = imports.preview(Path(pending["path"]), pending["mapping"])
            except import_files.ImportFileError as exc:
                error = str(exc)
            else:
                Path(pending["path"] + ".preview.json").write_text(json.dumps(summary.as_dict()))
                return redirect("companies:import_preview", import_id=import_id)
        else:
            error = form.non_field_errors()[0]
    by_index = {index: key for key, index in pending["mapping"].items()}
    columns = [
        {
            "index": i,
            "header": h,
            "target": by_index.get(i, ""),
            "samples": [row[i] if i < len(row) else "" for row in samples],
        }
        for i, h in enumerate(table.headers)
    ]
    return render(
        request,
        "companies/io/mapping.html",
        {
            "import_id": import_id,
            "pending": pending,
            "columns": columns,
            "targets": import_columns.TARGETS,
            "description": table.description,
            "error": error,
            "bases": LawfulBasis.choices,
        },
        status=400 if error else 200,
    )


@importer_view
def import_preview(request, import_id: str):
    pending = _pending(request, import_id)
    preview_path = Path(pending["path"] + ".preview.json")
    if not preview_path.exists():
        return redirect("companies:import_mapping", import_id=import_id)
    summary = json.loads(preview_path.read_text())
    present_preview_rows(summary["rows"])
    return render(
        request,
        "companies/io/preview.html",
        {
            "import_id": import_id,
            "pending": pending,
            "counts": summary["counts"],
            "rows": summary["rows"],
            "listed": imports.MAX_LISTED,
            "labels": {t.key: str(t.label) for t in import_columns.TARGETS},
        },
    )


@importer_view
@require_POST
def import_confirm(request, import_id: str):
    pending = _pending(request, import_id)
    basis = imports.contact_basis(
        pending.get("basis") or LawfulBasis.LEGITIMATE_INTEREST, pending.get("basis_note", "")
    )
    try:
        totals = imports.write(
            Path(pending["path"]),
            pending["mapping"],
            request.user,
            valid_rows_only=ImportConfirmForm(request.POST).valid_rows_only(),
            import_id=import_id,
            file_name=pending["file"],
            basis=basis,
        )
    except imports.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("companies:import_preview", import_id=import_id)
    pending["result"] = totals
    _save(request, import_id, pending)
    for suffix in ("", ".preview.json"):  # done: the uploaded file is not kept
        Path(pending["path"] + suffix).unlink(missing_ok=True)
    request.session[SESSION_KEY + "_done"] = {"file": pending["file"], "totals": totals, "id": import_id}
    return redirect("companies:import_result", import_id=import_id)


@importer_view
def import_result(request, import_id: str):
    done = request.session.get(SESSION_KEY + "_done")
    if not done or done["id"] != import_id:
        raise Http404(_("No finished import with this id in this session"))
    return render(request, "companies/io/result.html", {"done": done})
