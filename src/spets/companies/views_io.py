"""Pages for import (upload → mapping → preview → confirm → result), merge and export.

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
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spets.companies import exports, imports
from spets.companies import merge as company_merge
from spets.companies import permissions as perm
from spets.companies.models import Company, LawfulBasis
from spets.companies.services import StaleVersion
from spets.companies.texts import company_field_label
from spets.core.scoping import unscoped

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
UPLOAD_OVERHEAD_BYTES = 64 * 1024  # multipart boundaries and the other form fields around the file
KEEP_SECONDS = 2 * 24 * 3600
SESSION_KEY = "spets_imports"


def importer_view(view):
    """Import and merge: advisors and programme managers; everyone else gets 403."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not perm.can_edit_company(request.user):
            raise PermissionDenied(_("Only advisors and programme managers import or merge companies"))
        try:
            return view(request, *args, **kwargs)
        except perm.Forbidden as exc:
            raise PermissionDenied(str(exc)) from None

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
                    "targets": imports.TARGETS,
                    "export_lists": [],
                },
                status=413,
            )
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a file")
        elif upload.size > MAX_UPLOAD_BYTES:
            error = _("The file is larger than 100 MB; split it into parts")
        else:
            folder = _folder()
            _clean_old(folder)
            import_id = secrets.token_urlsafe(12)
            suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            path = folder / f"{import_id}{suffix}"
            with open(path, "wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                table = imports.open_table(path)
            except imports.ImportFileError as exc:
                path.unlink(missing_ok=True)
                error = str(exc)
            else:
                _save(
                    request,
                    import_id,
                    {
                        "path": str(path),
                        "file": upload.name[:200],
                        "mapping": imports.suggest_mapping(table.headers),
                    },
                )
                return redirect("companies:import_mapping", import_id=import_id)
    export_lists = [("companies", _("Companies")), ("activities", _("Activities"))]
    if perm.can_see_contacts(request.user):
        export_lists.insert(1, ("contacts", _("Contacts")))
    return render(
        request,
        "companies/io/upload.html",
        {"error": error, "targets": imports.TARGETS, "export_lists": export_lists},
        status=400 if error else 200,
    )


@importer_view
def import_mapping(request, import_id: str):
    pending = _pending(request, import_id)
    try:
        table = imports.open_table(Path(pending["path"]))
    except imports.ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("companies:import_upload")
    samples = [cells for _n, cells in zip(range(3), table.rows, strict=False)]
    error = ""
    if request.method == "POST":
        mapping = {}
        for index, _header in enumerate(table.headers):
            key = request.POST.get(f"col{index}", "")
            if key in imports.TARGET_KEYS:
                if key in mapping:
                    error = _("'%(target)s' is chosen for two columns") % {
                        "target": imports.TARGET_KEYS[key].label
                    }
                mapping[key] = index
        if not error and "orgnr" not in mapping:
            error = _("Choose the column that holds the organisation number")
        basis = request.POST.get("basis", LawfulBasis.LEGITIMATE_INTEREST)
        pending.update(
            mapping=mapping,
            basis=basis if basis in LawfulBasis.values else "",
            basis_note=request.POST.get("basis_note", "")[:1000],
        )
        _save(request, import_id, pending)
        if not error:
            summary = imports.preview(Path(pending["path"]), mapping)
            Path(pending["path"] + ".preview.json").write_text(json.dumps(summary.as_dict()))
            return redirect("companies:import_preview", import_id=import_id)
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
            "targets": imports.TARGETS,
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
    labels = {t.key: str(t.label) for t in imports.TARGETS}
    for rows in summary["rows"].values():  # "employees: 600 → 650" in the reader's words and language
        for row in rows:
            row["change_list"] = [
                (company_field_label(f), old, new) for f, (old, new) in row["changes"].items()
            ]
    return render(
        request,
        "companies/io/preview.html",
        {
            "import_id": import_id,
            "pending": pending,
            "counts": summary["counts"],
            "rows": summary["rows"],
            "listed": imports.MAX_LISTED,
            "labels": labels,
        },
    )


@importer_view
@require_POST
def import_confirm(request, import_id: str):
    pending = _pending(request, import_id)
    valid_only = request.POST.get("mode") == "valid"
    basis = imports.contact_basis(
        pending.get("basis") or LawfulBasis.LEGITIMATE_INTEREST, pending.get("basis_note", "")
    )
    try:
        totals = imports.write(
            Path(pending["path"]),
            pending["mapping"],
            request.user,
            valid_rows_only=valid_only,
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


# --- merge ------------------------------------------------------------------------------------------


def _company(user, value: str) -> Company | None:
    value = (value or "").strip()
    digits = value.replace("-", "")
    qs = Company.objects.for_user(user)
    if digits.isdigit() and len(digits) >= 10:
        return qs.filter(orgnr=digits[-10:]).first()
    return qs.filter(pk=int(value)).first() if value.isdigit() else None


@importer_view
def merge_start(request):
    error = ""
    if request.GET.get("a") or request.GET.get("b"):
        first, second = (
            _company(request.user, request.GET.get("a")),
            _company(request.user, request.GET.get("b")),
        )
        if first and second and first.pk != second.pk:
            return redirect("companies:merge", survivor_id=first.pk, other_id=second.pk)
        error = _("Give two different companies (organisation number or id) that are in the register")
    return render(
        request,
        "companies/io/merge_start.html",
        {"error": error, "params": request.GET},
        status=400 if error else 200,
    )


@importer_view
def merge(request, survivor_id: int, other_id: int):
    qs = Company.objects.for_user(request.user).select_related("municipality", "sni")
    survivor, other = qs.filter(pk=survivor_id).first(), qs.filter(pk=other_id).first()
    if survivor is None or other is None:
        raise Http404(_("One of the companies is not in the register (merged or deleted?)"))
    error = ""
    if request.method == "POST":
        choices = {k.removeprefix("choice_"): v for k, v in request.POST.items() if k.startswith("choice_")}
        try:
            kept = company_merge.merge(
                request.user,
                survivor.pk,
                other.pk,
                choices,
                int(request.POST.get("survivor_version", 0)),
                int(request.POST.get("other_version", 0)),
            )
        except StaleVersion as exc:
            error = _("Changed by %(who)s meanwhile: look at the values again") % {"who": exc.changed_by}
        except company_merge.MergeError as exc:
            error = str(exc)
        else:
            messages.success(
                request, _("%(other)s was merged into %(kept)s") % {"other": other.name, "kept": kept.name}
            )
            try:
                return redirect("companies:detail", company_id=kept.pk)
            except NoReverseMatch:  # the company page is not mounted (tests with only these urls)
                return redirect(reverse("companies:merge_start"))
    with unscoped():
        counts = [company_merge.related_counts(survivor), company_merge.related_counts(other)]
    return render(
        request,
        "companies/io/merge.html",
        {
            "survivor": survivor,
            "other": other,
            "conflicts": company_merge.conflicts(survivor, other),
            "counts": counts,
            "error": error,
        },
        status=409 if error else 200,
    )


# --- export -----------------------------------------------------------------------------------------


@login_required
def export(request, list_name: str, fmt: str):
    if list_name not in exports.LISTS or fmt not in ("csv", "xlsx"):
        raise Http404
    allowed = (
        perm.can_see_contacts(request.user)
        if list_name == "contacts"
        else perm.can_use_register(request.user)
    )
    if not allowed:
        raise PermissionDenied(_("You may not export this list"))
    return exports.export(request.user, list_name, fmt, request.GET)
