"""Errors raised by the pure assessment core. Each one names what is wrong and where."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class FrameworkError(ValueError):
    """A framework or rules file is broken. The message names the file and the path of the bad entry."""

    def __init__(self, source: str, path: str, message: str) -> None:
        self.source = source
        self.path = path
        self.message = message
        super().__init__(f"{source}: {path or '(top level)'}: {message}")


class InvalidAnswer(ValueError):
    """One answer does not fit its question. ``code`` and ``params`` let the Django layer word the reason
    in the user's language (spets.assessment.texts); ``str()`` is the English text for pure use and the
    API."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(message)


class AnswerError(ValueError):
    """One or more answers do not fit the framework. ``errors`` lists (question id, English message) pairs;
    ``reasons`` lists (question id, InvalidAnswer) pairs in the same order, for wording elsewhere."""

    def __init__(self, errors: Sequence[tuple[str, str | InvalidAnswer]]) -> None:
        # a plain message becomes a reason without a code, shown as it is
        self.reasons = [
            (qid, msg if isinstance(msg, InvalidAnswer) else InvalidAnswer("", msg)) for qid, msg in errors
        ]
        self.errors = [(qid, str(reason)) for qid, reason in self.reasons]
        super().__init__("; ".join(f"question '{qid}': {msg}" for qid, msg in self.errors))

    @property
    def question_ids(self) -> list[str]:
        return [qid for qid, _ in self.errors]
