"""Score a set of answers against a framework, and compare two results (T0 -> T1). Pure: no Django.

    fw = load_framework("dma-sme-v1")
    result = score(fw, {"readiness.basic": ["website", "erp"], ...})
    result.dimensions["readiness"].score, result.overall.band, result.to_dict()

Formulas (docs/methods/assessment.md):
    question fraction f_q in 0..1           (rule per question, see questions.py)
    dimension  = 100 * sum(w_q * f_q) / sum(w_q)   over answered scored questions
    coverage   = sum(w_q * c_q) / sum(w_q)          over all scored questions (c_q = answered share)
    status     = complete (coverage 1) | partial (some answered) | missing (none; score None)
    overall    = mean of available non-optional dimension scores; coverage = mean of their coverages
Scores are computed exactly (fractions), reported rounded to 6 decimals; bands use the reported score.
With equal weights this is the DMA's "(Qa + Qb) x 5" for two-question dimensions and "Q x 10" for
one-question dimensions, where Q = 10 * f_q is the question's 0..10 score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .errors import AnswerError, InvalidAnswer
from .frameworks import Dimension, Framework
from .questions import evaluate, normalise

COMPLETE, PARTIAL, MISSING = "complete", "partial", "missing"
SCORE_DECIMALS = 6


# A band ("Ledande", "Etablerad" …) says where a company stands; on less than half of the questions
# answered it would claim more than the answers carry, so pages and reports show "preliminary" instead
# (docs/methods/assessment.md, "Bands on partial answers"). The score itself is still shown.
BAND_MIN_COVERAGE = 0.5


def band_is_shown(coverage: float | None) -> bool:
    """True when enough was answered for the band to be shown (coverage ≥ BAND_MIN_COVERAGE)."""
    return coverage is not None and coverage >= BAND_MIN_COVERAGE


@dataclass(frozen=True)
class QuestionResult:
    id: str
    points: float | None  # 0..10, the DMA's question score; None when unanswered
    coverage: float
    note: str | None = None


@dataclass(frozen=True)
class DimensionResult:
    id: str
    score: float | None  # 0..100; None when missing
    band: str | None
    band_rank: int | None  # 0 = lowest band
    status: str
    coverage: float  # 0..1
    optional: bool = False
    questions: tuple[QuestionResult, ...] = ()


@dataclass(frozen=True)
class Result:
    framework_id: str
    framework_version: int
    method_version: str
    dimensions: dict[str, DimensionResult]
    overall: DimensionResult
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible form for storage; ``Result.from_dict`` reads it back."""

        def dim(d: DimensionResult) -> dict[str, Any]:
            return {
                "id": d.id,
                "score": d.score,
                "band": d.band,
                "band_rank": d.band_rank,
                "status": d.status,
                "coverage": d.coverage,
                "optional": d.optional,
                "questions": [
                    {"id": q.id, "points": q.points, "coverage": q.coverage, "note": q.note}
                    for q in d.questions
                ],
            }

        return {
            "framework_id": self.framework_id,
            "framework_version": self.framework_version,
            "method_version": self.method_version,
            "overall": dim(self.overall),
            "dimensions": [dim(d) for d in self.dimensions.values()],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        def dim(d: Mapping[str, Any]) -> DimensionResult:
            questions = tuple(
                QuestionResult(q["id"], q["points"], q["coverage"], q.get("note"))
                for q in d.get("questions", ())
            )
            return DimensionResult(
                d["id"],
                d["score"],
                d["band"],
                d["band_rank"],
                d["status"],
                d["coverage"],
                d.get("optional", False),
                questions,
            )

        dims = [dim(d) for d in data["dimensions"]]
        return cls(
            data["framework_id"],
            data["framework_version"],
            data["method_version"],
            {d.id: d for d in dims},
            dim(data["overall"]),
            tuple(data.get("notes", ())),
        )


def validate_answers(framework: Framework, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Check every answer; return them normalised. Raises AnswerError naming every bad question."""
    errors: list[tuple[str, str | InvalidAnswer]] = []
    clean: dict[str, Any] = {}
    for qid, value in answers.items():
        question = framework.questions.get(qid)
        if question is None:
            errors.append(
                (
                    str(qid),
                    InvalidAnswer(
                        "unknown_question",
                        f"unknown question in {framework.id} v{framework.version}",
                        framework=framework.id,
                        version=framework.version,
                    ),
                )
            )
            continue
        try:
            clean[qid] = normalise(question, value)
        except ValueError as exc:  # InvalidAnswer carries a code; any other reason stays plain text
            errors.append((qid, exc if isinstance(exc, InvalidAnswer) else str(exc)))
    if errors:
        raise AnswerError(errors)
    return clean


def reported(exact: Fraction) -> Fraction:
    """The reported score: the exact rational score rounded to SCORE_DECIMALS places (half to even).
    Bands are taken from this value, so a stored score and its band always agree."""
    return Fraction(round(exact, SCORE_DECIMALS))


def _status(coverage: Fraction, any_answered: bool) -> str:
    if coverage == 1:
        return COMPLETE
    return PARTIAL if any_answered else MISSING


def _dimension(
    framework: Framework, dim: Dimension, answers: Mapping[str, Any]
) -> tuple[DimensionResult, Fraction | None, Fraction]:
    weight_sum = weighted_cover = scored_weight = weighted_score = Fraction(0)
    questions = []
    for q in dim.questions:
        if not q.scored:
            continue
        ev = evaluate(q, answers.get(q.id))
        weight_sum += q.weight
        weighted_cover += q.weight * ev.coverage
        if ev.fraction is not None:
            scored_weight += q.weight
            weighted_score += q.weight * ev.fraction
        points = None if ev.fraction is None else float(10 * ev.fraction)
        questions.append(QuestionResult(q.id, points, float(ev.coverage), ev.note))
    coverage = weighted_cover / weight_sum
    exact = reported(100 * weighted_score / scored_weight) if scored_weight else None
    band = framework.band(exact)
    result = DimensionResult(
        id=dim.id,
        score=None if exact is None else float(exact),
        band=band.id if band else None,
        band_rank=framework.bands.index(band) if band else None,
        status=_status(coverage, exact is not None),
        coverage=float(coverage),
        optional=dim.optional,
        questions=tuple(questions),
    )
    return result, exact, coverage


def score(framework: Framework, answers: Mapping[str, Any]) -> Result:
    """Score ``answers`` (question id -> answer) against ``framework``; see the module docstring."""
    clean = validate_answers(framework, answers)
    dims: dict[str, DimensionResult] = {}
    core_scores: list[Fraction] = []
    core_cover: list[Fraction] = []
    core_status: list[str] = []
    for dim in framework.dimensions:
        result, exact, coverage = _dimension(framework, dim, clean)
        dims[dim.id] = result
        if not dim.optional:
            core_cover.append(coverage)
            core_status.append(result.status)
            if exact is not None:
                core_scores.append(exact)
    overall_exact = reported(sum(core_scores, Fraction(0)) / len(core_scores)) if core_scores else None
    coverage = sum(core_cover, Fraction(0)) / len(core_cover)
    band = framework.band(overall_exact)
    if all(s == COMPLETE for s in core_status):
        status = COMPLETE
    else:
        status = PARTIAL if core_scores else MISSING
    notes = []
    if status == PARTIAL:
        missing = [d.id for d in dims.values() if not d.optional and d.status == MISSING]
        if missing:
            notes.append(
                f"overall is the mean of {len(core_scores)} of {len(core_status)} dimensions; "
                f"missing: {', '.join(missing)}"
            )
    overall = DimensionResult(
        id="overall",
        score=None if overall_exact is None else float(overall_exact),
        band=band.id if band else None,
        band_rank=framework.bands.index(band) if band else None,
        status=status,
        coverage=float(coverage),
    )
    return Result(framework.id, framework.version, framework.method_version, dims, overall, tuple(notes))


# --------------------------------------------------------------------------------------------------
# T0 -> T1


@dataclass(frozen=True)
class DimensionChange:
    id: str
    before: float | None
    after: float | None
    delta: float | None  # after - before; None unless both scores exist
    band_before: str | None
    band_after: str | None
    crossing: str | None  # "up", "down" or None (same band or a score missing)
    status_before: str
    status_after: str
    coverage_before: float
    coverage_after: float


@dataclass(frozen=True)
class ComparisonWarning:
    """Why a comparison needs care, as data: the web layer and the PDF word it in the user's language.

    code: METHOD_DIFFERS (before/after = method versions), FRAMEWORK_DIFFERS (before/after = framework
    versions) or PARTIAL_DIMENSIONS (dimensions = ids of partly answered dimensions, framework order).
    """

    code: str
    before: str | None = None
    after: str | None = None
    dimensions: tuple[str, ...] = ()


METHOD_DIFFERS, FRAMEWORK_DIFFERS, PARTIAL_DIMENSIONS = (
    "method_differs",
    "framework_differs",
    "partial_dimensions",
)


@dataclass(frozen=True)
class Comparison:
    framework_id: str
    method_before: str
    method_after: str
    dimensions: dict[str, DimensionChange]
    overall: DimensionChange
    warnings: tuple[ComparisonWarning, ...]


def _change(a: DimensionResult | None, b: DimensionResult | None, dim_id: str) -> DimensionChange:
    before = a.score if a else None
    after = b.score if b else None
    delta = None if before is None or after is None else round(after - before, 9)
    rank_a = a.band_rank if a else None
    rank_b = b.band_rank if b else None
    crossing = None
    if rank_a is not None and rank_b is not None and rank_a != rank_b:
        crossing = "up" if rank_b > rank_a else "down"
    return DimensionChange(
        dim_id,
        before,
        after,
        delta,
        a.band if a else None,
        b.band if b else None,
        crossing,
        a.status if a else MISSING,
        b.status if b else MISSING,
        a.coverage if a else 0.0,
        b.coverage if b else 0.0,
    )


def compare(t0: Result, t1: Result) -> Comparison:
    """Per-dimension signed deltas (T1 - T0), band crossings and warnings.

    Results of different frameworks cannot be compared (ValueError). A different method version or
    framework version is allowed but produces a warning, because the deltas then mix two methods.
    Partial dimensions are compared but warned about, since their coverage differs from a full answer.
    """
    if t0.framework_id != t1.framework_id:
        raise ValueError(
            f"cannot compare results of different frameworks: {t0.framework_id} and {t1.framework_id}"
        )
    warnings = []
    if t0.method_version != t1.method_version:  # the deltas mix two scoring methods
        warnings.append(ComparisonWarning(METHOD_DIFFERS, t0.method_version, t1.method_version))
    if t0.framework_version != t1.framework_version:
        warnings.append(
            ComparisonWarning(FRAMEWORK_DIFFERS, str(t0.framework_version), str(t1.framework_version))
        )
    ids = list(t0.dimensions) + [d for d in t1.dimensions if d not in t0.dimensions]
    changes = {d: _change(t0.dimensions.get(d), t1.dimensions.get(d), d) for d in ids}
    partial = tuple(c.id for c in changes.values() if PARTIAL in (c.status_before, c.status_after))
    if partial:
        warnings.append(ComparisonWarning(PARTIAL_DIMENSIONS, dimensions=partial))
    return Comparison(
        t1.framework_id,
        t0.method_version,
        t1.method_version,
        changes,
        _change(t0.overall, t1.overall, "overall"),
        tuple(warnings),
    )
