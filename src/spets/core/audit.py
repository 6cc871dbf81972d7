"""Write audit entries. Services call `log_action` for every change they make."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from spets.core.models import AuditEntry, Role


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [old, new]}."""
    return {
        k: [_plain(before.get(k)), _plain(after.get(k))]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def log_action(
    user,
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict | None = None,
    object_type: str = "",
    object_id: str | int = "",
    company_id: int | None = None,
    object_repr: str = "",
    visible_to: Iterable[int | None] | None = None,
) -> AuditEntry:
    """Write one entry. `visible_to` (organisation ids) restricts it to those organisations and programme
    managers: pass it when the change concerns rows not all programme staff may see (a private activity,
    a referral between two organisations)."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)[:300]
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    entry = AuditEntry.objects.create(
        user=user if authenticated else None,
        user_repr=(user.get_username() if authenticated else "system"),
        organisation_id=getattr(user, "organisation_id", None) if authenticated else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr,
        changes={
            k: _plain(v) if not isinstance(v, list) else [_plain(x) for x in v]
            for k, v in (changes or {}).items()
        },
        company_id=company_id,
        restricted=visible_to is not None,
    )
    if visible_to is not None:
        entry.visible_to.set({pk for pk in visible_to if pk is not None})
    return entry


def history_for(user, company_id: int):
    """A company's change history as `user` may read it, newest first: restricted entries only for the
    organisations they name and for programme managers. Every page or API showing audit entries uses this."""
    qs = AuditEntry.objects.filter(company_id=company_id)
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not user.is_active
        or not user.is_programme_staff
    ):
        return qs.none()
    if user.is_programme_manager:
        return qs
    open_entries = models.Q(restricted=False)
    # Analysts never read private notes, not even their own organisation's (as Activity.scope_queryset).
    if user.organisation_id is None or user.role == Role.ANALYST:
        return qs.filter(open_entries)
    mine = AuditEntry.visible_to.through.objects.filter(
        auditentry_id=models.OuterRef("pk"), organisation_id=user.organisation_id
    )
    return qs.filter(open_entries | models.Exists(mine))
