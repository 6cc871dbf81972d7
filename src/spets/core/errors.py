"""The errors every app's services raise; pages and the API translate them in one place each.

`spets.api` maps them to HTTP answers (one exception handler per class); `spets.core.permissions.page_view`
maps them on pages. A service raises these instead of returning status codes.
"""

from __future__ import annotations


class Forbidden(PermissionError):
    """The user may not do this; the message says why. Pages and the API answer 403."""


class InvalidData(ValueError):
    """Bad input; `errors` maps field names to messages. The API answers 422."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class Conflict(Exception):
    """The request clashes with the data's current state (changed meanwhile, a legal hold). The API
    answers 409."""


class Unavailable(Exception):
    """Data the request needs is not loaded yet (say, statistics not imported); the message says what to
    run. The API answers 503."""
