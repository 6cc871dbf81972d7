"""Scope every company-data query to what the requesting user may see.

Models holding company data use `ScopedManager` as their default manager and implement
`scope_queryset(qs, user)` as a classmethod. `Model.objects.for_user(user)` returns only what the user may
see; any other query through `objects` raises ScopeError, so a forgotten scope fails loudly in tests
instead of leaking. System work (imports, demo loading, migrations, scheduled jobs) opts out explicitly:

    with unscoped():
        Company.objects.filter(...)
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models

_unscoped = contextvars.ContextVar("spets_unscoped", default=False)


class ScopeError(RuntimeError):
    """Company data was queried without saying for whom."""


@contextmanager
def unscoped() -> Iterator[None]:
    token = _unscoped.set(True)
    try:
        yield
    finally:
        _unscoped.reset(token)


def is_unscoped() -> bool:
    return _unscoped.get()


class ScopedQuerySet(models.QuerySet):
    pass


class ScopedManager(models.Manager):
    """Default manager of company-data models: no query without a user scope."""

    _queryset_class = ScopedQuerySet

    def get_queryset(self) -> models.QuerySet:
        if not _unscoped.get():
            raise ScopeError(
                f"{self.model.__name__} queried without a user scope: "
                f"use {self.model.__name__}.objects.for_user(user) or `with unscoped():`"
            )
        return super().get_queryset()

    def for_user(self, user) -> models.QuerySet:
        qs = super().get_queryset()
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return qs.none()
        return self.model.scope_queryset(qs, user)
