"""Import of companies' yearly figures: upload (CSV or XLSX) → preview with an error per bad row →
confirm (all rows or none). The pending file lives in DATA_DIR/imports under a random name kept in the
user's session, like the register's import."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from spets.core.errors import InvalidData
from spets.core.permissions import page_view
from spets.programme import permissions as perm
from spets.programme.services import figures as figure_services

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
KEEP_SECONDS = 2 * 24 * 3600
SESSION_KEY = "spets_figure_imports"


class FigureUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))
    source = forms.CharField(
        label=gettext_lazy("Source of the figures"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Where the figures come from (used for rows without a source column)"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB"))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file"))
        return upload


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    limit = time.time() - KEEP_SECONDS
    for path in folder.glob("figures-*"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
    return folder


def _pending(request, token: str) -> dict:
    pending = request.session.get(SESSION_KEY, {}).get(token)
    if pending is None or not Path(pending["path"]).exists():
        raise Http404(_("No such import in this session (it may have expired): upload the file again"))
    return pending


def _require(user) -> None:
    perm.require(figure_services.can_import(user), _("advisors and programme managers import yearly figures"))


@page_view
def figures_import(request):
    _require(request.user)
    form = FigureUploadForm(request.POST or None, request.FILES or None)
    preview, token, error = None, "", ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = secrets.token_urlsafe(12)
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        path = _folder() / f"figures-{token}{suffix}"
        with open(path, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        source = form.cleaned_data["source"]
        try:
            preview = figure_services.preview_import(request.user, path, source)
        except InvalidData as exc:
            path.unlink(missing_ok=True)
            error = "; ".join(exc.errors.values())
            token = ""
        else:
            store = request.session.get(SESSION_KEY, {})
            store[token] = {"path": str(path), "source": source, "file": upload.name[:200]}
            request.session[SESSION_KEY] = store
    status = 200 if request.method == "GET" or (form.is_valid() and not error) else 400
    return render(
        request,
        "programme/figures_import.html",
        {"form": form, "preview": preview, "token": token, "error": error},
        status=status,
    )


@page_view
@require_POST
def figures_import_confirm(request, token: str):
    _require(request.user)
    pending = _pending(request, token)
    try:
        summary = figure_services.import_figures(
            request.user, Path(pending["path"]), pending["source"], pending["file"]
        )
    except InvalidData as exc:
        messages.error(request, "; ".join(exc.errors.values()))
        return redirect("programme:figures_import")
    Path(pending["path"]).unlink(missing_ok=True)
    store = request.session.get(SESSION_KEY, {})
    store.pop(token, None)
    request.session[SESSION_KEY] = store
    messages.success(
        request,
        _("Yearly figures imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
        % summary,
    )
    return redirect("programme:figures_import")
