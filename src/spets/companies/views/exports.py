"""Export downloads: companies (of a search), contacts and activities as CSV (streamed) or XLSX."""

from __future__ import annotations

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils.translation import gettext as _

from spets.companies import exports
from spets.companies import permissions as perm
from spets.core.permissions import page_view


@page_view
def export(request, list_name: str, fmt: str):
    if list_name not in exports.LISTS or fmt not in exports.CONTENT_TYPES:
        raise Http404
    allowed = (
        perm.can_see_contacts(request.user)
        if list_name == "contacts"
        else perm.can_use_register(request.user)
    )
    perm.require(allowed, _("You may not export this list"))
    file = exports.export(request.user, list_name, fmt, request.GET)
    if fmt == "xlsx":
        return FileResponse(
            file.content, as_attachment=True, filename=file.filename, content_type=file.content_type
        )
    response = StreamingHttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
