"""Scope every company-data query to what the requesting user may see.

A model holding company data declares its scope once, on its default manager:

    objects = ScopedManager(readers=Can.READ_COMPANY_DATA, company="company")

`Model.objects.for_user(user)` returns only what the user may see; any other query through `objects`
raises ScopeError, so a forgotten scope fails loudly in tests instead of leaking. System work (imports,
demo loading, migrations, scheduled jobs) opts out explicitly:

    with unscoped():
        Company.objects.filter(...)

The declaration's terms (what each role holds is `spets.core.policy`):
- `readers`: the capability that reads the rows (all of them, unless `bound` narrows it);
- `company`: the field path to the company, for company users (they see their own company's rows);
  None means company users see none;
- `bound`: rows that belong to organisations (a private note, a referral between two of them);
- `via`: the rows are visible exactly when their parent (a scoped model) is.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models

from spets.core.policy import Can, can, is_active, own_company_id

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


@dataclass(frozen=True)
class Bound:
    """Rows bound to organisations: `organisations` are the field paths naming them. Rows matching `shared`
    (if given) are everyone's; the others are read by holders of `every` (all organisations' rows) or of
    `own` (rows of the user's own organisation)."""

    organisations: tuple[str, ...]
    every: Can
    own: Can
    shared: models.Q | None = None

    def filter(self, qs: models.QuerySet, user) -> models.QuerySet:
        if can(user, self.every):
            return qs
        visible = models.Q(pk__in=[]) if self.shared is None else self.shared
        if can(user, self.own) and user.organisation_id:
            for path in self.organisations:
                visible |= models.Q(**{f"{path}_id": user.organisation_id})
        return qs.filter(visible)


@dataclass(frozen=True)
class Scope:
    """A model's declared scope (see the module docstring for the terms)."""

    readers: Can | None
    company: str | None
    bound: Bound | None
    via: str | None

    def filter(self, qs: models.QuerySet, user) -> models.QuerySet:
        if not is_active(user):
            return qs.none()
        if self.via is not None:
            parent = qs.model._meta.get_field(self.via).related_model
            return qs.filter(**{f"{self.via}__in": parent.objects.for_user(user)})
        if self.readers is not None and can(user, self.readers):
            return self.bound.filter(qs, user) if self.bound else qs
        company_id = own_company_id(user)
        if self.company is None or not company_id:
            return qs.none()
        mine = qs.filter(**{self.company: company_id})
        if self.bound and self.bound.shared is not None:
            mine = mine.filter(self.bound.shared)
        return mine


class ScopedQuerySet(models.QuerySet):
    pass


class ScopedManager(models.Manager):
    """Default manager of company-data models: no query without a user scope."""

    _queryset_class = ScopedQuerySet

    def __init__(
        self,
        *,
        readers: Can | None = None,
        company: str | None = None,
        bound: Bound | None = None,
        via: str | None = None,
    ):
        # Related managers (company.activities) are built from this class without arguments: the
        # declaration lives on the model (`_scope`), set when the declaring manager joins its class.
        super().__init__()
        self._declared = Scope(readers, company, bound, via) if readers or via else None

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        if self._declared is not None:
            cls._scope = self._declared

    def deconstruct(self):
        # Scoping is runtime behaviour, not schema: migrations see a plain manager.
        return (True, "django.db.models.Manager", None, (), {})

    def get_queryset(self) -> models.QuerySet:
        if not _unscoped.get():
            raise ScopeError(
                f"{self.model.__name__} queried without a user scope: "
                f"use {self.model.__name__}.objects.for_user(user) or `with unscoped():`"
            )
        return super().get_queryset()

    def for_user(self, user) -> models.QuerySet:
        return self.model._scope.filter(super().get_queryset(), user)
