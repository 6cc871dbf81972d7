"""Absolute links for e-mails: from the request when there is one, else from SPETS_BASE_URL."""

from __future__ import annotations

from django.conf import settings


def absolute(path: str, request=None) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.BASE_URL}{path}" if settings.BASE_URL else path
