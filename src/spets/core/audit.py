"""Write audit entries. Services call `log_action` for every change they make."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from django.db import connection, models, transaction

from spets.core.models import AuditEntry
from spets.core.policy import Can, can


def plain_value(value: Any) -> Any:
    """A value as the audit log stores it: a model as its pk, anything unusual as text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [old, new]}."""
    return {
        k: [plain_value(before.get(k)), plain_value(after.get(k))]
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
            k: plain_value(v) if not isinstance(v, list) else [plain_value(x) for x in v]
            for k, v in (changes or {}).items()
        },
        company_id=company_id,
        restricted=visible_to is not None,
    )
    if visible_to is not None:
        entry.visible_to.set({pk for pk in visible_to if pk is not None})
    return entry


def log_read(user, what: str, *, filters: dict[str, Any] | None = None, rows: int) -> AuditEntry:
    """Record a bulk read of personal data — an export, a participant list, an API list of contacts: who
    (the entry's user), what (`what`, e.g. "companies.contacts.csv"), with which filter and how many rows.
    Filters are stored as given (empty ones left out) so the audit log shows what was asked for."""
    return log_action(
        user,
        "read",
        object_type=what,
        object_repr=f"{what} ({rows})",
        changes={
            # as a query string ("q=Testbolaget&county=20"): what the audit page shows, in the order given
            "filters": urlencode(
                [(str(k), str(v)[:200]) for k, v in (filters or {}).items() if v not in ("", None)]
            ),
            "rows": rows,
        },
    )


def history_for(user, company_id: int):
    """A company's change history as `user` may read it, newest first: restricted entries only for the
    organisations they name and for those who see every organisation's private content. Every page or API
    showing audit entries uses this."""
    qs = AuditEntry.objects.filter(company_id=company_id)
    if not can(user, Can.READ_COMPANY_DATA):
        return qs.none()
    if can(user, Can.SEE_ALL_PRIVATE):
        return qs
    open_entries = models.Q(restricted=False)
    # Analysts never read private notes, not even their own organisation's (as Activity's scope).
    if user.organisation_id is None or not can(user, Can.SEE_OWN_PRIVATE):
        return qs.filter(open_entries)
    mine = AuditEntry.visible_to.through.objects.filter(
        auditentry_id=models.OuterRef("pk"), organisation_id=user.organisation_id
    )
    return qs.filter(open_entries | models.Exists(mine))


@contextmanager
def _redaction_allowed():
    """Let the PostgreSQL trigger of migration core 0004 pass this transaction's redaction (and only it:
    the setting is local to the transaction and switched off again right after)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('spets.audit_redaction', 'on', true)")
    yield  # on an error the transaction rolls back, and the setting with it
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('spets.audit_redaction', 'off', true)")


def redact_entries(
    object_type: str, object_id, reason: str, *, user=None, company_id: int | None = None
) -> int:
    """The one sanctioned change to written entries: on erasure (GDPR art. 17) remove the values that
    earlier entries hold about the object — its name and the changed values, keeping which fields changed
    — and write an "erase" entry saying why (without the values). Returns the number of entries redacted."""
    label = f"{object_type.rsplit('.', 1)[-1].lower()} #{object_id}"
    entries = AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id))
    redacted = 0
    with transaction.atomic(), _redaction_allowed():
        for pk, changes in entries.values_list("pk", "changes"):
            names = changes if isinstance(changes, dict) else {}
            # A queryset update: save() refuses edits by design, this is the explicit exception.
            redacted += AuditEntry.objects.filter(pk=pk).update(
                object_repr=label, changes={k: "(redacted)" for k in names}
            )
    log_action(
        user,
        "erase",
        object_type=object_type,
        object_id=object_id,
        object_repr=label,
        company_id=company_id,
        changes={"reason": reason, "entries_redacted": redacted},
    )
    return redacted
