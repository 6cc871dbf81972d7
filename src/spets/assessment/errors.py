"""Errors raised by the pure assessment core. Each one names what is wrong and where."""

from __future__ import annotations


class FrameworkError(ValueError):
    """A framework or rules file is broken. The message names the file and the path of the bad entry."""

    def __init__(self, source: str, path: str, message: str) -> None:
        self.source = source
        self.path = path
        self.message = message
        super().__init__(f"{source}: {path or '(top level)'}: {message}")


class AnswerError(ValueError):
    """One or more answers do not fit the framework. ``errors`` lists (question id, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"question '{qid}': {msg}" for qid, msg in self.errors))

    @property
    def question_ids(self) -> list[str]:
        return [qid for qid, _ in self.errors]
