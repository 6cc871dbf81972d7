"""Logging: one line per client error, and (opt-in) JSON lines with request id, user and duration.

Django logs a 403 with the whole traceback of the PermissionDenied that caused it; a refused request is
not a fault of the server, so 4xx records keep their one-line message only. With SPETS_LOG_JSON=1 every
record is one JSON object that a log collector can index; `RequestLogMiddleware` gives each request an id
(the proxy's X-Request-ID when it sends one), answers it in the same header and logs one line per request.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid

request_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("spets_request", default=None)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")  # what we accept from a proxy's X-Request-ID
access_log = logging.getLogger("spets.request")


class ClientErrorsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class RequestContext(logging.Filter):
    """Adds request_id and user_id (None outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = request_context.get() or {}
        for key in ("request_id", "user_id"):
            if getattr(record, key, None) is None:
                setattr(record, key, context.get(key))
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("request_id", "user_id", "method", "path", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: getattr(record, k) for k in self.FIELDS if getattr(record, k, None) is not None})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if REQUEST_ID.match(offered) else uuid.uuid4().hex
        context = {"request_id": request_id, "user_id": None}
        token = request_context.set(context)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            context["user_id"] = user.pk if user is not None and user.is_authenticated else None
            response["X-Request-ID"] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": request_id,
                    "user_id": context["user_id"],
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_context.reset(token)


def logging_config(level: str, as_json: bool) -> dict:
    """Django's LOGGING for the settings: console, one line per 4xx, JSON when asked."""
    formatter = (
        {"()": JsonFormatter} if as_json else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"one_line_4xx": {"()": ClientErrorsOnOneLine}, "request": {"()": RequestContext}},
        "formatters": {"spets": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "spets",
                "filters": ["one_line_4xx", "request"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # The per-request line is for JSON collectors; gunicorn's access log covers plain text.
            "spets.request": {"level": "INFO" if as_json else "WARNING"},
        },
    }
