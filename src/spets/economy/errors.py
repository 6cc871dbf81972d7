"""What the economy's services raise when they cannot answer, as the platform's errors (`spets.core.errors`).

The message is English (API, CLI); ``code`` and ``params`` let pages word it in the user's language
(:func:`spets.economy.texts.error_text`).
"""

from __future__ import annotations

from typing import Any

from spets.core.errors import InvalidData, Unavailable


class EconomyError(Exception):
    """A request the footprint model cannot answer. ``field`` names the input at fault (None: the data)."""

    field: str | None = None

    def __init__(self, message: str, code: str = "", **params: Any) -> None:
        Exception.__init__(self, message)  # not super(): InvalidData's constructor takes a dict
        self.code = code
        self.params = params


class InvalidChoice(EconomyError, InvalidData):
    """A choice the model cannot answer: unknown area, industry, year or region set, a change it cannot
    read or apply, too many draws. ``field`` ('area', 'industry', 'year', 'regions', 'changes', 'draws')
    names the input; the message lists the valid choices. The API answers 422 in the shape of its schema
    errors (``schema_error``), naming the field."""

    schema_error = True

    def __init__(self, message: str, field: str, code: str = "", **params: Any) -> None:
        super().__init__(message, code, **params)
        self.field = field
        self.errors = {field: message}


class MissingInputs(EconomyError, Unavailable):
    """Inputs the model needs are missing or unusable (statistics not loaded, reference data absent, a
    broken table or tax parameter file); the message says what to run. The API answers 503."""
