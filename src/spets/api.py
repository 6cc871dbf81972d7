"""The REST API under /api/ (django-ninja; OpenAPI at /api/openapi.json).

Authentication: a personal token (`Authorization: Bearer spets_…`) or the browser session. Every app
that declares an `api_router` on its AppConfig is mounted at /api/<label>/; permissions are the same as
the pages'.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import DataError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import Throttled
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer, django_auth

from spets.core import throttle
from spets.core.errors import Conflict, Forbidden, InvalidData, Unavailable
from spets.core.models import ApiToken
from spets.core.registry import spets_apps

logger = logging.getLogger("spets.api")


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        address = throttle.client_address(request)
        if throttle.API_TOKEN_PER_IP.blocked(address):
            raise Throttled(throttle.API_TOKEN_PER_IP.retry_after(address))
        try:
            api_token = ApiToken.objects.select_related("user").get(key_hash=ApiToken.hash(token))
        except ApiToken.DoesNotExist:
            throttle.API_TOKEN_PER_IP.hit(address)
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
    # Swagger UI from django-ninja's own static files ("ninja" in INSTALLED_APPS): nothing from a CDN,
    # and no online validator badge.
    docs=Swagger(settings={"validatorUrl": None}),
)


# One translation of service errors into HTTP answers for every router: a service raises, the API answers
# with JSON {"detail": ...} (422 adds "errors": {field: message}).
@api.exception_handler(Forbidden)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(InvalidData)
def _invalid(request, exc):
    if getattr(exc, "schema_error", False):
        # a choice the schema could not check (an unknown area, a series not stored): answered in the shape
        # of the schema's own 422, so an endpoint has one error shape ("query" for GET, "body" otherwise)
        where = "query" if request.method == "GET" else "body"
        detail = [{"loc": [where, f], "msg": m, "type": "value_error"} for f, m in exc.errors.items()]
        return api.create_response(request, {"detail": detail}, status=422)
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


@api.exception_handler(PermissionDenied)
def _permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(Throttled)
def _throttled(request, exc):
    response = api.create_response(request, {"detail": throttle.api_message()}, status=429)
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _data_error(request, exc):
    # A value the schema let through but the database refuses (a number or text beyond a column's range,
    # an integer too large for SQLite):
    # the input is wrong, not the server. Logged, since a schema should have caught it.
    logger.warning("API input refused by the database: %s %s: %s", request.method, request.path, exc)
    return api.create_response(
        request, {"detail": _("A value is out of range or too long for the register.")}, status=422
    )


@api.exception_handler(Exception)
def _unexpected(request, exc):
    # Every answer of the API is JSON, errors included; the traceback goes to the log, not to the client.
    logger.exception("API error: %s %s", request.method, request.path)
    return api.create_response(
        request, {"detail": _("Internal server error; it has been logged.")}, status=500
    )


for config in spets_apps():
    if getattr(config, "api_router", None):
        api.add_router(f"/{config.label}/", import_string(config.api_router))
