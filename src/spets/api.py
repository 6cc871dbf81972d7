"""The REST API under /api/ (django-ninja; OpenAPI at /api/openapi.json).

Authentication: a personal token (`Authorization: Bearer spets_…`) or the browser session. Every app
that has an `api.py` with a `router` is mounted at /api/<app>/; permissions are the same as the pages'.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from spets.core.errors import Conflict, Forbidden, InvalidData, Unavailable
from spets.core.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        try:
            api_token = ApiToken.objects.select_related("user").get(key_hash=ApiToken.hash(token))
        except ApiToken.DoesNotExist:
            return None
        if not api_token.user.is_active:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


api = NinjaAPI(
    title="Spets API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    description="Spets: shared platform for regional industrial transformation programmes.",
)


# One translation of service errors into HTTP answers for every router: a service raises, the API answers
# with JSON {"detail": ...} (422 adds "errors": {field: message}).
@api.exception_handler(Forbidden)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(InvalidData)
def _invalid(request, exc):
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=422)


@api.exception_handler(Conflict)
def _conflict(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(Unavailable)
def _unavailable(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=503)


@api.exception_handler(ObjectDoesNotExist)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Not Found"}, status=404)


for app in ("core", "geo", "companies", "stats", "economy", "assessment"):
    module = f"spets.{app}.api"
    if importlib.util.find_spec(module) is not None:
        router = getattr(importlib.import_module(module), "router", None)
        if router is not None:
            api.add_router(f"/{app}/", router)
