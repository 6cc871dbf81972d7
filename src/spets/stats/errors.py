"""Exceptions of the stats package: one type per kind of failure, each with a message a user can act on."""

from __future__ import annotations


class StatsError(Exception):
    """Base class for everything the stats package raises on purpose."""


class ParseError(StatsError, ValueError):
    """A file or response is not in the format we expected.

    The message always names the file, the line (or JSON path) and what was expected, e.g.
    ``employment.px, line 12: expected '=' after keyword VALUES, found ';'``.
    """

    def __init__(self, file: str, where: str | int | None, expected: str):
        self.file = file
        self.where = where
        self.expected = expected
        if isinstance(where, int):
            loc = f", line {where}"
        elif where:
            loc = f", at {where}"
        else:
            loc = ""
        super().__init__(f"{file}{loc}: {expected}")


class UnknownCodeError(StatsError, KeyError):
    """A table, variable or value code we do not know; the message lists the valid choices."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class ApiError(StatsError):
    """The statistics API refused or failed; raised after retries. Nothing partial is returned."""

    def __init__(self, message: str, status: int | None = None, url: str | None = None):
        self.status = status
        self.url = url
        super().__init__(message)


class StoreError(StatsError):
    """The statistics store could not complete an operation (nothing was written)."""
