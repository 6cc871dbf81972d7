"""Form helpers shared by the apps' views."""

from __future__ import annotations

from spets.core.errors import InvalidData


def add_service_errors(form, exc: InvalidData) -> None:
    """Show a service's field errors on the form: on the field when the form has it, else on the form."""
    for field, message in exc.errors.items():
        form.add_error(field if field in form.fields else None, message)
