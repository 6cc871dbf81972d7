"""Interpret one question: check an answer against the question and turn it into a score fraction.

Answer shapes (what the Django layer stores and passes in, JSON-compatible):

===============  =====================================================  ===========================
type             answer                                                 example
===============  =====================================================  ===========================
checkbox         list of option ids (empty list = answered, none apply)  ``["erp", "crm"]``
checkbox_matrix  mapping column id -> list of option ids                 ``{"invested": ["sales"]}``
scale            one level id of the question's scale                    ``3``
scale_items      mapping item id -> level id (items may be left out)     ``{"robots": 2, "ai": 0}``
single_choice    one option id                                           ``"several_markets"``
number           a number within min/max                                 ``120.5``
percentage       a number within 0..100                                  ``35``
===============  =====================================================  ===========================

``None`` (or a missing key) means unanswered; it never counts as zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .errors import InvalidAnswer
from .frameworks import Question, to_fraction

ZERO, ONE = Fraction(0), Fraction(1)


@dataclass(frozen=True)
class Evaluation:
    """``fraction`` is the question's score in 0..1 over its answered part (None: nothing scorable
    answered); ``coverage`` is the answered share of the question (0..1)."""

    fraction: Fraction | None
    coverage: Fraction
    note: str | None = None


UNANSWERED = Evaluation(None, ZERO)


def _id_list(value: Any, what: str) -> list[str]:
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple | set | frozenset):
        raise InvalidAnswer(
            "not_a_list",
            f"expected a list of {what} ids, got {type(value).__name__}",
            got=type(value).__name__,
        )
    return list(value)


def normalise(q: Question, value: Any) -> Any:
    """Check ``value`` against ``q``; return it in canonical form or raise InvalidAnswer with the reason."""
    if value is None:
        return None
    if q.type == "checkbox":
        return _options(q, _id_list(value, "option"))
    if q.type == "checkbox_matrix":
        if not isinstance(value, Mapping):
            raise InvalidAnswer("not_a_mapping", "expected a mapping column -> list of option ids")
        known = {c.id for c in q.columns}
        unknown = sorted(str(k) for k in value if k not in known)
        if unknown:
            raise InvalidAnswer(
                "unknown_columns",
                f"unknown column(s) {unknown} (known: {sorted(known)})",
                unknown=unknown,
                known=sorted(known),
            )
        return {c.id: _options(q, _id_list(value.get(c.id) or [], "option"), c.id) for c in q.columns}
    if q.type == "scale":
        return _level(q, value)
    if q.type == "scale_items":
        if not isinstance(value, Mapping):
            raise InvalidAnswer("not_a_mapping", "expected a mapping item -> scale value")
        known = {i.id for i in q.items}
        unknown = sorted(str(k) for k in value if k not in known)
        if unknown:
            raise InvalidAnswer(
                "unknown_items",
                f"unknown item(s) {unknown} (known: {sorted(known)})",
                unknown=unknown,
                known=sorted(known),
            )
        return {i.id: _level(q, value[i.id], i.id) for i in q.items if value.get(i.id) is not None}
    if q.type == "single_choice":
        if q.option(value) is None:
            raise InvalidAnswer(
                "unknown_option",
                f"unknown option {value!r} (known: {[o.id for o in q.options]})",
                value=value,
                known=[o.id for o in q.options],
            )
        return value
    # number / percentage
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidAnswer("not_a_number", f"expected a number, got {type(value).__name__}", value=value)
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidAnswer("not_finite", "expected a finite number", value=value)
    number = to_fraction(value)
    if q.minimum is not None and number < q.minimum or q.maximum is not None and number > q.maximum:
        raise InvalidAnswer(
            "out_of_range",
            f"{value} is outside the allowed range {_fmt(q.minimum)}..{_fmt(q.maximum)} {q.unit}",
            value=value,
            minimum=_fmt(q.minimum),
            maximum=_fmt(q.maximum),
            unit=q.unit or "",
        )
    return number


def _options(q: Question, ids: list[Any], column: str | None = None) -> frozenset[str]:
    known = {o.id for o in q.options}
    unknown = sorted(str(i) for i in ids if i not in known)
    if unknown:
        where = f" in column '{column}'" if column else ""
        raise InvalidAnswer(
            "unknown_options",
            f"unknown option(s) {unknown}{where} (known: {sorted(known)})",
            unknown=unknown,
            column=column,
            known=sorted(known),
        )
    return frozenset(ids)


def _level(q: Question, value: Any, item: str | None = None) -> int | str:
    assert q.scale is not None
    level = q.scale.level(value)
    if level is None:
        where = f"item '{item}': " if item else ""
        allowed = [lv.id for lv in q.scale.levels]
        raise InvalidAnswer(
            "outside_scale",
            f"{where}{value!r} is outside the scale '{q.scale.id}' (allowed: {allowed})",
            item=item,
            value=value,
            scale=q.scale.id,
            allowed=allowed,
        )
    return level.id


def _fmt(x: Fraction | None) -> str:
    return "" if x is None else f"{float(x):g}"


def evaluate(q: Question, value: Any) -> Evaluation:
    """Score a normalised answer. Formulas: docs/methods/assessment.md, section "Question rules"."""
    if value is None or q.scoring is None:
        return UNANSWERED
    rule, params = q.scoring.rule, q.scoring.params
    if rule == "checkbox_share":
        positive = [o.id for o in q.options if not o.negative]
        negative = [o.id for o in q.options if o.negative]
        hits = sum(1 for o in positive if o in value)
        if params["negative"] == "exclusive":
            if any(o in value for o in negative):
                return Evaluation(ZERO, ONE, "negative option selected: question scores 0")
            return Evaluation(Fraction(hits, len(positive)), ONE)
        credited = hits + sum(1 for o in negative if o not in value)
        return Evaluation(Fraction(credited, len(q.options)), ONE)
    if rule == "matrix_share":
        cells = len(q.options) * len(q.columns)
        return Evaluation(Fraction(sum(len(v) for v in value.values()), cells), ONE)
    if rule == "matrix_weighted":
        weights: dict[str, Fraction] = params["columns"]
        top = max(weights.values())
        credit = sum(
            (
                max((weights[c] for c, chosen in value.items() if o.id in chosen), default=ZERO)
                for o in q.options
            ),
            ZERO,
        )
        return Evaluation(credit / (top * len(q.options)), ONE)
    if rule == "scale_points":
        assert q.scale is not None
        level = q.scale.level(value)
        assert level is not None
        return Evaluation(level.points / q.scale.max_points, ONE)
    if rule == "scale_mean":
        assert q.scale is not None
        if not value:
            return UNANSWERED
        points = sum((q.scale.level(v).points for v in value.values()), ZERO)  # type: ignore[union-attr]
        return Evaluation(points / (q.scale.max_points * len(value)), Fraction(len(value), len(q.items)))
    if rule == "option_points":
        option = q.option(value)
        assert option is not None
        if option.points is None:
            return Evaluation(None, ZERO, f"answer '{option.id}' carries no score; counted as unanswered")
        return Evaluation(option.points, ONE)
    if rule == "linear":
        zero_at, full_at = params["zero_at"], params["full_at"]
        return Evaluation(min(ONE, max(ZERO, (value - zero_at) / (full_at - zero_at))), ONE)
    if rule == "steps":
        points = ZERO
        for start, step_points in params["steps"]:
            if value >= start:
                points = step_points
        return Evaluation(points, ONE)
    raise AssertionError(f"unhandled rule {rule}")  # frameworks.py refuses unknown rules


def item_values(q: Question, value: Any) -> dict[str, Fraction | None]:
    """The answer split into comparable items, each 0..1 (for the respondents' consistency view).

    checkbox: one item per option (1 ticked, 0 not); matrix: one per column/option cell; scale_items:
    one per item (points / max points); scale and single_choice: one item (its score fraction);
    number/percentage: one item scaled to the question's min..max range (None without both bounds).
    """
    if value is None:
        return {}
    if q.type == "checkbox":
        return {o.id: ONE if o.id in value else ZERO for o in q.options}
    if q.type == "checkbox_matrix":
        return {f"{c}/{o.id}": ONE if o.id in value[c] else ZERO for c in value for o in q.options}
    if q.type == "scale_items":
        assert q.scale is not None
        return {i: q.scale.level(v).points / q.scale.max_points for i, v in value.items()}  # type: ignore[union-attr]
    if q.type == "scale":
        assert q.scale is not None
        return {"": q.scale.level(value).points / q.scale.max_points}  # type: ignore[union-attr]
    if q.type == "single_choice":
        option = q.option(value)
        return {"": option.points if option else None}
    if q.minimum is None or q.maximum is None:
        return {"": None}
    return {"": (value - q.minimum) / (q.maximum - q.minimum)}
