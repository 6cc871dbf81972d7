"""Import pages: upload → mapping → preview → confirm → result.

A pending import is a file in DATA_DIR/imports named by a random id that is kept in the user's session
(no database row): another user cannot reach it, and it is removed after two days.

A large file (services/import_jobs.py) is checked and written by a background job instead of in the
request: mapping and confirm then lead to the job page, which shows the progress (HTMX polls it) and
moves on to the preview or the result when the job is done.
"""

from __future__ import annotations

import functools
import json
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spets.companies import permissions as perm
from spets.companies.forms import ImportConfirmForm, ImportMappingForm, ImportUploadForm
from spets.companies.models import LawfulBasis
from spets.companies.presenters import present_preview_rows
from spets.companies.services import import_columns, import_files, import_jobs, imports
from spets.core import background
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


def _unfinished_job(request, pending: dict) -> str | None:
    """The import's background job while it waits or runs: one job per import at a time (a second
    check could overwrite the newer preview, a second write would repeat the first)."""
    job_id = pending.get("job")
    if not job_id:
        return None
    try:
        return None if background.get(job_id, request.user).finished else job_id
    except ObjectDoesNotExist:
        return None


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
                rows = import_files.check_limits(import_files.open_table(path))
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
                        "rows": rows,
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
    if request.method == "POST" and (running := _unfinished_job(request, pending)):
        return redirect("companies:import_job", job_id=running)
    if request.method == "POST":
        form = ImportMappingForm(request.POST, headers=table.headers)
        valid = form.is_valid()
        pending.update(
            mapping=form.cleaned_data["mapping"],
            basis=form.cleaned_data["basis"],
            basis_note=form.cleaned_data["basis_note"],
        )
        _save(request, import_id, pending)
        if valid and import_jobs.is_large(Path(pending["path"]), pending.get("rows", 0)):
            pending["job"] = import_jobs.start_preview(
                request.user,
                import_id=import_id,
                path=Path(pending["path"]),
                mapping=pending["mapping"],
                file_name=pending["file"],
                rows=pending.get("rows", 0),
            )
            _save(request, import_id, pending)
            return redirect("companies:import_job", job_id=pending["job"])
        if valid:
            try:
                summary = imports.preview(Path(pending["path"]), pending["mapping"])
            except import_files.ImportFileError as exc:
                error = str(exc)
            else:
                import_jobs.save_preview(pending["path"], summary)
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
    preview_path = import_jobs.preview_path(pending["path"])
    if not preview_path.exists():
        if pending.get("job"):  # still being checked in the background
            return redirect("companies:import_job", job_id=pending["job"])
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
    if running := _unfinished_job(request, pending):
        return redirect("companies:import_job", job_id=running)
    basis_kind = pending.get("basis") or LawfulBasis.LEGITIMATE_INTEREST
    valid_rows_only = ImportConfirmForm(request.POST).valid_rows_only()
    if import_jobs.is_large(Path(pending["path"]), pending.get("rows", 0)):
        pending["job"] = import_jobs.start_write(
            request.user,
            import_id=import_id,
            path=Path(pending["path"]),
            mapping=pending["mapping"],
            file_name=pending["file"],
            rows=pending.get("rows", 0),
            valid_rows_only=valid_rows_only,
            basis_kind=basis_kind,
            basis_note=pending.get("basis_note", ""),
        )
        _save(request, import_id, pending)
        return redirect("companies:import_job", job_id=pending["job"])
    basis = imports.contact_basis(basis_kind, pending.get("basis_note", ""))
    try:
        totals = imports.write(
            Path(pending["path"]),
            pending["mapping"],
            request.user,
            valid_rows_only=valid_rows_only,
            import_id=import_id,
            file_name=pending["file"],
            basis=basis,
        )
    except imports.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("companies:import_preview", import_id=import_id)
    _finish(request, import_id, pending, totals)
    return redirect("companies:import_result", import_id=import_id)


def _finish(request, import_id: str, pending: dict, totals: dict) -> None:
    pending["result"] = totals
    _save(request, import_id, pending)
    for path in (Path(pending["path"]), import_jobs.preview_path(pending["path"])):
        path.unlink(missing_ok=True)  # done: the uploaded file is not kept
    request.session[SESSION_KEY + "_done"] = {"file": pending["file"], "totals": totals, "id": import_id}


def _next_page(request, job: background.Job) -> str | None:
    """Where the user who started a finished job goes on: the preview, or the result of the write."""
    value = job.value or {}
    import_id = value.get("import_id", "")
    done = request.session.get(SESSION_KEY + "_done")
    if value.get("kind") == "write" and done and done["id"] == import_id:
        return reverse("companies:import_result", args=[import_id])  # finished on an earlier poll
    pending = request.session.get(SESSION_KEY, {}).get(import_id)
    if pending is None:
        return None
    if value.get("kind") == "write":
        _finish(request, import_id, pending, value["totals"])
        return reverse("companies:import_result", args=[import_id])
    return reverse("companies:import_preview", args=[import_id])


@importer_view
def import_job(request, job_id: str):
    """A background import job: progress while it waits or runs, then on to the next page (its starter)
    or what became of it (colleagues of the same organisation may look; everyone else gets 404)."""
    job = background.get(job_id, request.user)
    partial = request.headers.get("HX-Request") == "true"
    if job.state == "done" and job.started_by_user and (url := _next_page(request, job)):
        if partial:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    arguments = job.arguments
    import_id = arguments.get("import_id", "")
    mine = job.started_by_user and import_id in request.session.get(SESSION_KEY, {})
    context = {
        "job": job,
        "writing": job.arguments.get("valid_rows_only") is not None,
        "file_name": arguments.get("file_name", ""),
        "back": (
            reverse(
                "companies:import_preview" if "valid_rows_only" in arguments else "companies:import_mapping",
                args=[import_id],
            )
            if mine
            else ""
        ),
    }
    template = "companies/io/_job.html" if partial else "companies/io/job.html"
    return render(request, template, context)


@importer_view
def import_result(request, import_id: str):
    done = request.session.get(SESSION_KEY + "_done")
    if not done or done["id"] != import_id:
        raise Http404(_("No finished import with this id in this session"))
    return render(request, "companies/io/result.html", {"done": done})
