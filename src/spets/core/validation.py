"""Input checks at the boundary, shared by every app: control characters, integer ranges, paging.

`BoundaryValidationMiddleware` refuses a request whose query string, form fields or JSON body hold a NUL
byte or another control character (tab, line feed and carriage return are text): PostgreSQL refuses NUL
in text, and no field of ours has a use for the others. The answer names the field: on /api/ a 422 in the
shape of django-ninja's own validation errors, on pages a 422 page. A control character in the path
answers 404 (no address of ours contains one).

The range constants are the database's limits; schemas and forms use them so that an out-of-range
number is a 422 naming the field, never a database error.
"""

from __future__ import annotations

import json
import re

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

INT32_MAX = 2**31 - 1  # PositiveIntegerField on PostgreSQL
BIGINT_MAX = 2**63 - 1  # BigIntegerField
EMAIL_MAX = 254  # RFC 5321 path limit; Django's EmailField
MAX_CHECKED_UPLOAD = 10 * 1024 * 1024  # multipart bodies above this are not parsed here (see below)
MAX_PAGE = 100_000  # 5 million rows at 50 a page: beyond any register; larger page numbers are clamped

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_JSON_TYPES = ("application/json", "application/merge-patch+json")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_control_chars(value: str) -> bool:
    return bool(CONTROL_CHARS.search(value))


def clamp_page(value, maximum: int = MAX_PAGE) -> int:
    """A page number from user input: 1 when missing or not a number, at most `maximum`."""
    try:
        page = int(str(value).strip() or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(1, page), maximum)


def _bad_in_querydict(querydict) -> str | None:
    for key, values in querydict.lists():
        if has_control_chars(key):
            return "?"
        for value in values:
            if isinstance(value, str) and has_control_chars(value):
                return key
    return None


def _bad_in_json(value, path: str = "") -> str | None:
    """The dotted path of the first string (or key) in a JSON document holding a control character."""
    if isinstance(value, str):
        return path or "body" if has_control_chars(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if has_control_chars(str(key)):
                return where
            found = _bad_in_json(item, where)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _bad_in_json(item, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


def _declared_length(request) -> int:
    declared = request.META.get("CONTENT_LENGTH") or "0"
    return int(declared) if declared.isdigit() else 0


def find_bad_field(request) -> tuple[str, str] | None:
    """(where, field) of the first input holding a control character: where is "query" or "body"."""
    field = _bad_in_querydict(request.GET)
    if field:
        return "query", field
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    content_type = (request.content_type or "").lower()
    if content_type == "multipart/form-data" and _declared_length(request) > MAX_CHECKED_UPLOAD:
        return None  # a large upload: its view refuses it by size before reading it (imports)
    if content_type in _FORM_TYPES:
        field = _bad_in_querydict(request.POST)
        if field:
            return "body", field
        for upload in request.FILES.values():
            if has_control_chars(upload.name or ""):
                return "body", "file"
    elif content_type in _JSON_TYPES:
        try:
            document = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            return None  # not JSON: the endpoint's own parser answers
        field = _bad_in_json(document)
        if field:
            return "body", field
    return None


def refusal_message(field: str) -> str:
    return _("%(field)s contains a control character (such as a NUL byte), which is not allowed.") % {
        "field": field
    }


class BoundaryValidationMiddleware:
    """Refuse control characters in every text input before a view sees it (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_chars(request.path):
            raise Http404
        bad = find_bad_field(request)
        if bad is None:
            return self.get_response(request)
        where, field = bad
        message = refusal_message(field)
        if request.path.startswith("/api/"):
            detail = [{"loc": [where, *field.split(".")], "msg": message, "type": "value_error"}]
            return JsonResponse({"detail": detail}, status=422)
        return render(request, "core/invalid_input.html", {"message": message, "field": field}, status=422)
