"""Health check and error pages."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render


def health(request):
    from spets.core.health import checks

    found = checks()
    ok = all(check["ok"] for check in found.values())
    return JsonResponse({"status": "ok" if ok else "error", "checks": found}, status=200 if ok else 503)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)
