"""Error reporting to Sentry or a compatible service (GlitchTip, self-hosted Sentry), when the operator sets
SPETS_SENTRY_DSN. Off by default: with no address nothing leaves the machine.

No personal data is sent (sentry-sdk's default: no user name, e-mail, IP address, cookies or request
bodies). The request id goes along as a tag, so an error is found again in the log (SPETS_LOG_JSON has the
user id beside it) where the operator may look it up. The package is an extra: `pip install 'spets[sentry]'`.
"""

from __future__ import annotations

from typing import Any

from spets.config import ConfigError
from spets.core.logs import request_context


def _tag_request(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    context = request_context.get() or {}
    tags = event.setdefault("tags", {})
    for key in ("request_id", "user_id"):
        if context.get(key) is not None:
            tags[key] = str(context[key])
    event.pop("user", None)  # belt and braces: never a user's name or address
    return event


def start(dsn: str, *, release: str, environment: str, transport: Any = None) -> None:
    """Start reporting unhandled errors of requests, commands and background jobs to `dsn`."""
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        raise ConfigError(
            "SPETS_SENTRY_DSN is set but the sentry-sdk package is not installed: "
            "pip install 'spets[sentry]' (or unset SPETS_SENTRY_DSN)"
        ) from None
    sentry_sdk.init(
        dsn=dsn,
        release=release,
        environment=environment,
        integrations=[DjangoIntegration()],
        # sentry-sdk's default sends no personal data (send_default_pii off); the test checks it stays so
        traces_sample_rate=0.0,  # errors only: no performance traces of people's requests
        before_send=_tag_request,
        transport=transport,
    )
