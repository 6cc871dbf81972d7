"""Throttling of log-in, password reset and API tokens: failed attempts counted per account and per address.

A `Limit` counts attempts for a key (a user name, an e-mail address, a client address) in a fixed window;
once `limit` attempts are reached within the window the key is blocked until the window ends. The counts
live in the database (`ThrottleCount`), so every worker and every app server counts together.

The limits:
- log-in: 30 failed passwords for one account within an hour lock the account for the rest of that hour;
  100 failures from one address within an hour block log-in from that address;
- password reset: at most 3 e-mails to one address and 10 requests from one client address an hour;
- API: 50 unknown tokens from one address within 10 minutes block token log-in from that address.

The client address is REMOTE_ADDR; behind a reverse proxy set it from the proxy's header there (the admin
guide's deployment does), or every client shares the proxy's address.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.core.models import ThrottleCount


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window: datetime.timedelta

    def _key(self, ident: str) -> str:
        return f"{self.scope}:{ident.strip().lower()}"[:200]

    def _current(self, ident: str) -> ThrottleCount | None:
        row = ThrottleCount.objects.filter(key=self._key(ident)).first()
        if row is None or timezone.now() - row.window_start >= self.window:
            return None
        return row

    def blocked(self, ident: str) -> bool:
        row = self._current(ident)
        return row is not None and row.count >= self.limit

    def retry_after(self, ident: str) -> int:
        """Seconds until the key's window ends (0 when it is not blocked)."""
        row = self._current(ident)
        if row is None or row.count < self.limit:
            return 0
        return max(1, int((row.window_start + self.window - timezone.now()).total_seconds()))

    def hit(self, ident: str) -> int:
        """Count one attempt; returns the count in the current window."""
        key, now = self._key(ident), timezone.now()
        for _attempt in range(2):  # a concurrent first hit may create the row between our get and create
            try:
                with transaction.atomic():
                    row = ThrottleCount.objects.select_for_update().filter(key=key).first()
                    if row is None:
                        row = ThrottleCount.objects.create(key=key, count=1, window_start=now)
                        return 1
                    if now - row.window_start >= self.window:
                        row.count, row.window_start = 0, now
                    row.count += 1
                    row.save(update_fields=["count", "window_start"])
                    return row.count
            except IntegrityError:
                continue
        return self.limit

    def clear(self, ident: str) -> None:
        ThrottleCount.objects.filter(key=self._key(ident)).delete()


HOUR = datetime.timedelta(hours=1)
LOGIN_PER_ACCOUNT = Limit("login-account", 30, HOUR)
LOGIN_PER_IP = Limit("login-ip", 100, HOUR)
RESET_PER_EMAIL = Limit("reset-email", 3, HOUR)
RESET_PER_IP = Limit("reset-ip", 10, HOUR)
API_TOKEN_PER_IP = Limit("api-token-ip", 50, datetime.timedelta(minutes=10))


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def minutes_left(limit: Limit, ident: str) -> int:
    return max(1, -(-limit.retry_after(ident) // 60))


def login_locked_message(minutes: int) -> str:
    return _(
        "Too many failed log-in attempts. The account is locked for %(minutes)s more minutes; "
        "try again later or reset your password."
    ) % {"minutes": minutes}


def address_blocked_message(minutes: int) -> str:
    return _("Too many attempts from your network. Try again in %(minutes)s minutes.") % {"minutes": minutes}


def api_message() -> str:
    return _("Too many failed token attempts from your address. Try again later.")
