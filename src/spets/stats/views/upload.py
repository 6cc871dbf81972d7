"""/atlas/import/: add a PX, JSON-stat, PxWeb JSON or SCB CSV file to the store from the browser.

Two steps, as the command's checks: the upload is parsed at once (a malformed file is refused with the
reader's message naming the line or JSON path, nothing kept) and its dimensions and cell counts are
shown; only "Store" writes, from the same file, each dataset as a version of its series with an audit
entry. Analysts and programme managers only (:func:`spets.stats.permissions.can_import_statistics`).
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spets.stats import services
from spets.stats.errors import StatsError
from spets.stats.permissions import require_import, statistics_page

MAX_BYTES = 100 * 2**20  # settings.STATS_UPLOAD_MAX_BYTES
SESSION_KEY = "stats_upload"


def _spool() -> Path:
    """Uploads waiting for "Store", beside the store (never under the web root)."""
    return Path(settings.STATS_STORE_PATH).parent / "stats-uploads"


@statistics_page
@require_http_methods(["GET", "POST"])
def upload_page(request):
    require_import(request.user)
    if request.method == "GET":
        return render(request, "stats/upload.html", {})
    if "token" in request.POST:
        return _store(request)
    upload = request.FILES.get("file")
    series = request.POST.get("series", "").strip() or None
    context = {"series": series or ""}
    if upload is None:
        context["error"] = _("Choose a file to import.")
        return render(request, "stats/upload.html", context, status=422)
    limit = int(getattr(settings, "STATS_UPLOAD_MAX_BYTES", MAX_BYTES))
    if upload.size > limit:
        context["error"] = _("The file is %(size)s MB; at most %(limit)s MB can be imported.") % {
            "size": round(upload.size / 2**20, 1),
            "limit": round(limit / 2**20),
        }
        return render(request, "stats/upload.html", context, status=422)
    raw = upload.read()
    name = Path(upload.name).name
    try:
        cubes = services.parse_cubes(raw, name=name)
        names = services.series_names(cubes, series)
    except StatsError as exc:
        context["error"] = _("The file cannot be imported: %(reason)s") % {"reason": exc}
        return render(request, "stats/upload.html", context, status=422)
    token = secrets.token_hex(16)
    spool = _spool()
    spool.mkdir(parents=True, exist_ok=True)
    _forget_old(spool)
    (spool / token).write_bytes(raw)
    request.session[SESSION_KEY] = {"token": token, "name": name, "series": series}
    context.update(
        {
            "token": token,
            "file_name": name,
            "previews": [services.preview(c, n) for c, n in zip(cubes, names, strict=True)],
        }
    )
    return render(request, "stats/upload.html", context)


def _forget_old(spool: Path, max_age: float = 24 * 3600) -> None:
    """Uploads previewed but never stored are deleted after a day."""
    now = time.time()
    for old in spool.iterdir():
        if now - old.stat().st_mtime > max_age:
            old.unlink(missing_ok=True)


def _store(request):
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    path = _spool() / token
    if not token or pending.get("token") != token or not path.exists():
        messages.error(request, _("That upload has expired or was already stored; upload the file again."))
        return redirect("stats:upload")
    try:
        cubes = services.parse_cubes(path.read_bytes(), name=pending["name"])
        imported = services.import_cubes(cubes, series=pending.get("series"), user=request.user)
    except StatsError as exc:
        return render(
            request,
            "stats/upload.html",
            {"error": _("The file cannot be imported: %(reason)s") % {"reason": exc}},
            status=422,
        )
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
    for item in imported:
        r = item.result
        if r.created:
            messages.success(
                request,
                _("Stored %(series)s version %(version)s.") % {"series": r.series, "version": r.version},
            )
        else:
            messages.info(
                request,
                _("%(series)s version %(version)s already holds this content; nothing changed.")
                % {"series": r.series, "version": r.version},
            )
    return redirect("stats:cubes")
