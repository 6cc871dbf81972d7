"""Several respondents at one company: a consistency view and a documented way to combine answers. Pure.

Disagreement of a question (0 = everyone agrees, 1 = as far apart as the question allows):

    item value  v_ri in 0..1   (questions.item_values: ticked 1/0, scale points / max, ...)
    spread_i   = max_r v_ri - min_r v_ri        over respondents r who answered item i
    disagreement = mean of spread_i              over items answered by at least two respondents

A question answered by fewer than two respondents has disagreement None. A single-choice answer
without a score (such as "don't know") is compared by identity: spread 0 if all chose it, else 1.
Number questions (quantities) use the relative spread (max - min) / max(|value|).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .errors import AnswerError
from .frameworks import Framework
from .questions import item_values
from .scoring import validate_answers


@dataclass(frozen=True)
class QuestionConsistency:
    question_id: str
    answers: dict[str, Any]  # respondent -> answer in plain JSON form (only those who answered)
    disagreement: float | None
    items: dict[str, float]  # item -> spread, for items answered by two or more respondents


def plain(value: Any) -> Any:
    """A normalised answer in JSON-compatible form (sets -> sorted lists, fractions -> numbers)."""
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def _validate_all(
    framework: Framework, by_respondent: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    clean, errors = {}, []
    for respondent, answers in by_respondent.items():
        try:
            clean[respondent] = validate_answers(framework, answers)
        except AnswerError as exc:
            errors += [(qid, f"respondent {respondent}: {msg}") for qid, msg in exc.errors]
    if errors:
        raise AnswerError(errors)
    return clean


def consistency(
    framework: Framework, by_respondent: Mapping[str, Mapping[str, Any]]
) -> dict[str, QuestionConsistency]:
    """Per question (in framework order): each respondent's answer and the disagreement measure."""
    clean = _validate_all(framework, by_respondent)
    view = {}
    for qid, q in framework.questions.items():
        answered = {r: a[qid] for r, a in clean.items() if a.get(qid) is not None}
        if not answered:
            continue
        if q.type == "number":
            view[qid] = _number_consistency(qid, answered)
            continue
        values: dict[str, list[Fraction | None]] = {}
        for answer in answered.values():
            for item, v in item_values(q, answer).items():
                values.setdefault(item, []).append(v)
        spreads: dict[str, float] = {}
        for item, vs in values.items():
            if len(vs) < 2:
                continue
            if any(v is None for v in vs):  # unscored choices / unbounded numbers: compare by identity
                same = len({repr(plain(a)) for a in answered.values()}) == 1
                spreads[item] = 0.0 if same else 1.0
            else:
                nums = [v for v in vs if v is not None]
                spreads[item] = float(max(nums) - min(nums))
        disagreement = sum(spreads.values()) / len(spreads) if spreads else None
        view[qid] = QuestionConsistency(
            qid, {r: plain(a) for r, a in answered.items()}, disagreement, spreads
        )
    return view


def _number_consistency(qid: str, answered: dict[str, Any]) -> QuestionConsistency:
    """Quantities have no natural range: spread = (max - min) / max(|value|), 0 when all are 0."""
    nums = list(answered.values())
    top = max(abs(v) for v in nums)
    spread = None if len(nums) < 2 else (0.0 if top == 0 else float((max(nums) - min(nums)) / top))
    items = {} if spread is None else {"": spread}
    return QuestionConsistency(qid, {r: plain(a) for r, a in answered.items()}, spread, items)


def combine(
    framework: Framework, by_respondent: Mapping[str, Mapping[str, Any]], order: Sequence[str] | None = None
) -> dict[str, Any]:
    """One answer set for scoring: per question, the answer of the first respondent in ``order``
    (default: the mapping's order, e.g. the lead respondent first) who answered it. Answers are not
    averaged, so the combined set is always a set one person could have given per question."""
    clean = _validate_all(framework, by_respondent)
    combined: dict[str, Any] = {}
    for respondent in order or list(by_respondent):
        for qid, value in clean.get(respondent, {}).items():
            if value is not None and qid not in combined:
                combined[qid] = plain(value)
    return combined
