"""Texts the register shows for values stored or raised in English: org nr rule errors (from the pure
`orgnr` module), field and type names (the change history's sentences are `history.py`). Rendered in the
active language."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _

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


def company_field_label(name: str) -> str:
    from spets.companies.models import Company

    return field_label(Company, name)
