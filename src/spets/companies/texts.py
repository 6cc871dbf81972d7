"""Texts the register shows for values stored or raised in English: org nr rule errors (from the pure
`orgnr` module), change-history actions and field names. Rendered in the active language."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from spets.companies.orgnr import OrgnrError


def orgnr_message(exc: OrgnrError) -> str:
    """The broken organisationsnummer rule in the active language (the exception's message is English)."""
    p = exc.params
    messages = {
        "not_digits": lambda: (
            _("%(value)s: an organisation number has only digits (and an optional dash)") % p
        ),
        "century": lambda: (
            _("%(value)s: a 12-digit number must start with 16 (legal entity) or 19/20 (person)") % p
        ),
        "length": lambda: _("%(value)s: has %(count)s digits; an organisation number has 10") % p,
        "check_digit": lambda: (
            _(
                "%(value)s: the check digit (last digit) should be %(expected)s by the Luhn "
                "algorithm (modulus 10), not %(found)s"
            )
            % p
        ),
        "month": lambda: (
            _(
                "%(value)s: digits 3–4 (%(digits)s) are neither a month of a personal identity number "
                "nor 20 or more as for a legal entity"
            )
            % p
        ),
    }
    render = messages.get(exc.code)
    return render() if render else str(exc)


def action_label(action: str, changes: dict | None = None) -> str:
    """An audit entry's action (stored as a code such as "create") as a word for people."""
    if action == "export" and (changes or {}).get("gdpr"):
        return pgettext("audit action", "GDPR access request (register extract)")
    labels = {
        "create": pgettext("audit action", "created"),
        "update": pgettext("audit action", "changed"),
        "delete": pgettext("audit action", "deleted"),
        "merge": pgettext("audit action", "merged"),
        "erase": pgettext("audit action", "anonymised"),
        "import": pgettext("audit action", "imported"),
        "export": pgettext("audit action", "exported"),
        "accept": pgettext("audit action", "accepted"),
        "decline": pgettext("audit action", "declined"),
        "complete": pgettext("audit action", "completed"),
        "remind": pgettext("audit action", "reminder sent"),
        "send": pgettext("audit action", "sent"),
        "revoke": pgettext("audit action", "revoked"),
    }
    return labels.get(action, action)


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def field_label(model, name: str) -> str:
    """A field's verbose name (by name or attname, e.g. municipality_id), else the name as stored."""
    if model is not None:
        for field in model._meta.concrete_fields:
            if name in (field.name, field.attname):
                return str(field.verbose_name)
    return name


def type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def _change_text(value) -> str:
    """[old, new] → "old → new" (– for empty); other values as stored."""
    if isinstance(value, list) and len(value) == 2:
        old, new = ("–" if v in (None, "") else v for v in value)
        return f"{old} → {new}"
    return value


def present_history(entries) -> list:
    """Audit entries with labels for the company page: action, object type and changed fields in words."""
    shown = []
    for entry in entries:
        model = _model(entry.object_type)
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        entry.action_label = action_label(entry.action, changes)
        entry.type_label = type_label(entry.object_type)
        # The GDPR marker is said by the action label; the other changes keep their values.
        entry.change_items = [
            (field_label(model, key), _change_text(value))
            for key, value in changes.items()
            if not (entry.action == "export" and key == "gdpr")
        ]
        shown.append(entry)
    return shown


def company_field_label(name: str) -> str:
    from spets.companies.models import Company

    return field_label(Company, name)
