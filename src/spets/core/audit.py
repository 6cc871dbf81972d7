"""Write audit entries. Services call `log_action` for every change they make."""

from __future__ import annotations

from typing import Any

from django.db import models

from spets.core.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [old, new]}."""
    return {k: [_plain(before.get(k)), _plain(after.get(k))]
            for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


def log_action(user, action: str, obj: models.Model | None = None, *, changes: dict | None = None,
               object_type: str = "", object_id: str | int = "", company_id: int | None = None,
               object_repr: str = "") -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)[:300]
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        user_repr=(user.get_username() if authenticated else "system"),
        organisation_id=getattr(user, "organisation_id", None) if authenticated else None,
        action=action, object_type=object_type, object_id=str(object_id), object_repr=object_repr,
        changes={k: _plain(v) if not isinstance(v, list) else [_plain(x) for x in v]
                 for k, v in (changes or {}).items()},
        company_id=company_id,
    )
