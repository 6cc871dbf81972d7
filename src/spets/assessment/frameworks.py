"""Load and validate assessment frameworks (versioned YAML files in ``frameworks/``).

A framework file is data; this module turns it into frozen objects and refuses anything it cannot
interpret. Every error names the file and the path of the bad entry, e.g.
``dma-sme-v1.yaml: dimensions[2].questions[0].options[3].label: missing language 'sv'``.

Method versions: the file's top-level ``method_version`` is the default scoring method. Alternative
methods live under ``method_variants`` as scoring overrides per question; choosing one yields a
Framework stamped with that method version. A method change is therefore always visible in results.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from .errors import FrameworkError

FRAMEWORK_DIR = Path(__file__).parent / "frameworks"

# The frameworks assessments are run with, the one list of them: file name (what an assessment is started
# with and stores) -> framework id (stamped on every result). Models, forms, services, pages and the API
# read it; tests/assessment/test_registry.py checks that each file carries its id.
FRAMEWORKS: dict[str, str] = {"dma-sme-v1": "dma-sme", "spets-profile-v1": "spets-profile"}
FRAMEWORK_IDS: tuple[str, ...] = tuple(FRAMEWORKS.values())
DMA_FRAMEWORK_ID = (
    "dma-sme"  # the framework whose results have the DMA's six-dimension layout (dma_layout.py)
)


def framework_file(framework_id: str) -> str:
    """The file name of a registered framework id (``"dma-sme"`` -> ``"dma-sme-v1"``); KeyError if unknown."""
    for name, fid in FRAMEWORKS.items():
        if fid == framework_id:
            return name
    raise KeyError(framework_id)


# question type -> scoring rules it accepts (see docs/methods/assessment.md)
RULES_BY_TYPE: dict[str, set[str]] = {
    "checkbox": {"checkbox_share"},
    "checkbox_matrix": {"matrix_share", "matrix_weighted"},
    "scale": {"scale_points"},
    "scale_items": {"scale_mean"},
    "single_choice": {"option_points"},
    "number": {"linear", "steps"},
    "percentage": {"linear", "steps"},
}
NEGATIVE_MODES = {"exclusive", "inverted"}
DIMENSION_RULES = {"weighted_mean"}
OVERALL_RULES = {"mean_of_dimensions"}

Label = dict[str, str]


def to_fraction(value: int | float | str | Fraction) -> Fraction:
    """Exact rational from a YAML or answer number (floats via their shortest decimal form)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


@dataclass(frozen=True)
class Option:
    id: str
    label: Label
    points: Fraction | None = None  # single_choice only; None = "don't know" (treated as unanswered)
    negative: bool = False  # checkbox only: ticking it signals the absence of the practice


@dataclass(frozen=True)
class Level:
    id: int | str
    points: Fraction
    label: Label


@dataclass(frozen=True)
class Scale:
    id: str
    levels: tuple[Level, ...]

    @property
    def max_points(self) -> Fraction:
        return max(level.points for level in self.levels)

    def level(self, answer: Any) -> Level | None:
        for level in self.levels:
            if type(level.id) is type(answer) and level.id == answer:
                return level
        return None


@dataclass(frozen=True)
class Entry:
    """A column of a checkbox matrix, or an item of a scale_items question."""

    id: str
    label: Label


@dataclass(frozen=True)
class Scoring:
    rule: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    id: str
    dimension_id: str
    type: str
    text: Label
    scoring: Scoring | None  # None = recorded but not scored (e.g. energy quantities for the GHG estimate)
    weight: Fraction = Fraction(1)
    options: tuple[Option, ...] = ()
    columns: tuple[Entry, ...] = ()
    items: tuple[Entry, ...] = ()
    scale: Scale | None = None
    unit: str | None = None
    minimum: Fraction | None = None
    maximum: Fraction | None = None
    help: Label | None = None

    @property
    def scored(self) -> bool:
        return self.scoring is not None

    def option(self, option_id: Any) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Dimension:
    id: str
    title: Label
    questions: tuple[Question, ...]
    optional: bool = False
    export_column: str | None = None
    rule: str = "weighted_mean"


@dataclass(frozen=True)
class Band:
    id: str
    upper: Fraction  # inclusive upper bound; the band starts just above the previous band's upper bound
    label: Label


@dataclass(frozen=True)
class MethodVariant:
    version: str
    description: Label
    overrides: dict[str, Scoring]


@dataclass(frozen=True)
class Framework:
    id: str
    version: int
    method_version: str
    title: Label
    source: str
    languages: tuple[str, ...]
    bands: tuple[Band, ...]
    scales: dict[str, Scale]
    dimensions: tuple[Dimension, ...]
    method_description: Label
    methods: tuple[str, ...]  # every method version the file defines, default first
    file: str
    overall_rule: str = "mean_of_dimensions"
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the GHG factor table

    @functools.cached_property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for d in self.dimensions for q in d.questions}

    def dimension(self, dimension_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise KeyError(dimension_id)

    def band(self, score: Fraction | float | None) -> Band | None:
        """The band whose range holds ``score``: band i covers (upper[i-1], upper[i]], the first from 0."""
        if score is None:
            return None
        for band in self.bands:
            if score <= band.upper:
                return band
        return self.bands[-1]


# --------------------------------------------------------------------------------------------------
# parsing


class _Reader:
    def __init__(self, source: str, languages: tuple[str, ...] = ()) -> None:
        self.source = source
        self.languages = languages

    def fail(self, path: str, message: str) -> FrameworkError:
        return FrameworkError(self.source, path, message)

    def get(
        self, data: Any, key: str, path: str, kind: type | tuple[type, ...], required: bool = True
    ) -> Any:
        if not isinstance(data, dict):
            raise self.fail(path, "expected a mapping")
        sub = f"{path}.{key}" if path else key
        if key not in data or data[key] is None:
            if required:
                raise self.fail(sub, "required")
            return None
        value = data[key]
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.fail(sub, f"expected {_kind_name(kind)}, got a boolean")
        if not isinstance(value, kind):
            raise self.fail(sub, f"expected {_kind_name(kind)}, got {type(value).__name__}")
        return value

    def label(self, data: Any, key: str, path: str) -> Label:
        value = self.opt_label(data, key, path, required=True)
        assert value is not None
        return value

    def opt_label(self, data: Any, key: str, path: str, required: bool = False) -> Label | None:
        value = self.get(data, key, path, (dict, str), required)
        sub = f"{path}.{key}"
        if value is None:
            return None
        if isinstance(value, str):
            raise self.fail(sub, f"expected a text per language {list(self.languages)}")
        for lang in self.languages:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                raise self.fail(sub, f"missing language '{lang}'")
        extra = sorted(str(k) for k in value if k not in self.languages)
        if extra:
            # Typically an unquoted comma in a {sv: ..., en: ...} flow mapping that cut the text in two.
            raise self.fail(sub, f"unexpected key(s) {extra}: quote texts that contain commas")
        return {str(k): str(v) for k, v in value.items()}

    def number(self, data: Any, key: str, path: str) -> Fraction:
        value = self.opt_number(data, key, path, required=True)
        assert value is not None
        return value

    def opt_number(self, data: Any, key: str, path: str, required: bool = False) -> Fraction | None:
        value = self.get(data, key, path, (int, float), required)
        if value is None:
            return None
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(f"{path}.{key}", "must be a finite number")
        return to_fraction(value)

    def ids(self, entries: list[Any], path: str, what: str) -> None:
        seen: set[Any] = set()
        for i, entry in enumerate(entries):
            ident = entry.get("id") if isinstance(entry, dict) else None
            if ident in seen:
                raise self.fail(f"{path}[{i}].id", f"duplicate {what} id {ident!r}")
            seen.add(ident)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        dict: "a mapping",
        list: "a list",
        str: "a text",
        int: "an integer",
        float: "a number",
        bool: "true/false",
    }
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _entries(r: _Reader, data: dict, key: str, path: str, what: str, ids: bool = True) -> list[Any]:
    entries = r.get(data, key, path, list) or []
    if not entries:
        raise r.fail(f"{path}.{key}", f"needs at least one {what}")
    if ids:
        r.ids(entries, f"{path}.{key}", what)
    return entries


def _parse_scale(r: _Reader, data: Any, path: str, scale_id: str) -> Scale:
    levels = []
    for i, raw in enumerate(_entries(r, data, "levels", path, "level")):
        lp = f"{path}.levels[{i}]"
        ident = r.get(raw, "id", lp, (int, str))
        levels.append(Level(ident, r.number(raw, "points", lp), r.label(raw, "label", lp)))
    if max(lv.points for lv in levels) <= 0:
        raise r.fail(f"{path}.levels", "at least one level must have points > 0")
    return Scale(scale_id, tuple(levels))


def _parse_scoring(r: _Reader, raw: Any, path: str, qtype: str, q: dict) -> Scoring:
    rule = r.get(raw, "rule", path, str)
    if rule not in RULES_BY_TYPE[qtype]:
        raise r.fail(
            f"{path}.rule",
            f"rule {rule!r} does not fit a {qtype} question (allowed: {sorted(RULES_BY_TYPE[qtype])})",
        )
    params = {k: v for k, v in raw.items() if k != "rule"}
    if rule == "checkbox_share":
        mode = params.get("negative", "exclusive")
        if mode not in NEGATIVE_MODES:
            raise r.fail(f"{path}.negative", f"expected one of {sorted(NEGATIVE_MODES)}")
        params["negative"] = mode
    elif rule == "matrix_weighted":
        weights = r.get(raw, "columns", path, dict)
        column_ids = {str(c.get("id")) for c in q.get("columns") or [] if isinstance(c, dict)}
        if set(weights) != column_ids:
            raise r.fail(f"{path}.columns", f"needs a weight for exactly the columns {sorted(column_ids)}")
        params["columns"] = {k: r.number(weights, k, f"{path}.columns") for k in weights}
        if max(params["columns"].values()) <= 0:
            raise r.fail(f"{path}.columns", "at least one column weight must be > 0")
    elif rule == "linear":
        zero_at, full_at = r.number(raw, "zero_at", path), r.number(raw, "full_at", path)
        if zero_at == full_at:
            raise r.fail(f"{path}.full_at", "must differ from zero_at")
        params.update(zero_at=zero_at, full_at=full_at)
    elif rule == "steps":
        steps = []
        for i, step in enumerate(_entries(r, raw, "steps", path, "step", ids=False)):
            sp = f"{path}.steps[{i}]"
            points = r.number(step, "points", sp)
            if not 0 <= points <= 1:
                raise r.fail(f"{sp}.points", "must be within 0..1")
            steps.append((r.number(step, "from", sp), points))
        starts = [start for start, _ in steps]
        if starts != sorted(starts):
            raise r.fail(f"{path}.steps", "'from' values must increase")
        params["steps"] = tuple(steps)
    return Scoring(rule, params)


def _parse_question(r: _Reader, raw: Any, path: str, dim_id: str, scales: dict[str, Scale]) -> Question:
    qid = r.get(raw, "id", path, str)
    qtype = r.get(raw, "type", path, str)
    if qtype not in RULES_BY_TYPE:
        raise r.fail(f"{path}.type", f"unknown question type {qtype!r} (known: {sorted(RULES_BY_TYPE)})")
    kw: dict[str, Any] = {}
    if qtype in ("checkbox", "checkbox_matrix", "single_choice"):
        options = []
        for i, o in enumerate(_entries(r, raw, "options", path, "option")):
            op = f"{path}.options[{i}]"
            points = r.opt_number(o, "points", op) if qtype == "single_choice" else None
            if qtype == "single_choice" and "points" not in o:
                raise r.fail(
                    f"{op}.points", "required (use null for an unscored answer such as 'don't know')"
                )
            if points is not None and not 0 <= points <= 1:
                raise r.fail(f"{op}.points", "must be within 0..1")
            negative = bool(r.get(o, "negative", op, bool, required=False))
            if negative and qtype != "checkbox":
                raise r.fail(f"{op}.negative", "only checkbox questions may have negative options")
            options.append(Option(r.get(o, "id", op, str), r.label(o, "label", op), points, negative))
        if qtype == "checkbox" and all(o.negative for o in options):
            raise r.fail(f"{path}.options", "needs at least one positive option")
        kw["options"] = tuple(options)
    if qtype == "checkbox_matrix":
        kw["columns"] = tuple(
            Entry(r.get(c, "id", f"{path}.columns[{i}]", str), r.label(c, "label", f"{path}.columns[{i}]"))
            for i, c in enumerate(_entries(r, raw, "columns", path, "column"))
        )
    if qtype in ("scale", "scale_items"):
        scale_id = r.get(raw, "scale", path, str)
        if scale_id not in scales:
            raise r.fail(f"{path}.scale", f"unknown scale {scale_id!r} (defined: {sorted(scales)})")
        kw["scale"] = scales[scale_id]
    if qtype == "scale_items":
        kw["items"] = tuple(
            Entry(r.get(c, "id", f"{path}.items[{i}]", str), r.label(c, "label", f"{path}.items[{i}]"))
            for i, c in enumerate(_entries(r, raw, "items", path, "item"))
        )
    if qtype in ("number", "percentage"):
        kw["unit"] = "%" if qtype == "percentage" else r.get(raw, "unit", path, str)
        kw["minimum"] = Fraction(0) if qtype == "percentage" else r.opt_number(raw, "min", path)
        kw["maximum"] = Fraction(100) if qtype == "percentage" else r.opt_number(raw, "max", path)
        if kw["minimum"] is not None and kw["maximum"] is not None and kw["minimum"] >= kw["maximum"]:
            raise r.fail(f"{path}.max", "must be greater than min")
    raw_scoring = r.get(raw, "scoring", path, dict, required=False)
    scoring = _parse_scoring(r, raw_scoring, f"{path}.scoring", qtype, raw) if raw_scoring else None
    if scoring is None and qtype not in ("number", "percentage"):
        raise r.fail(f"{path}.scoring", "required for this question type")
    weight = r.opt_number(raw, "weight", path)
    if weight is not None and weight <= 0:
        raise r.fail(f"{path}.weight", "must be > 0")
    return Question(
        id=qid,
        dimension_id=dim_id,
        type=qtype,
        text=r.label(raw, "text", path),
        scoring=scoring,
        weight=weight if weight is not None else Fraction(1),
        help=r.opt_label(raw, "help", path),
        **kw,
    )


def parse_framework(data: Any, source: str, method: str | None = None) -> Framework:
    """Validate the parsed YAML ``data`` of a framework file and build a Framework for ``method``."""
    r = _Reader(source)
    r.languages = tuple(r.get(data, "languages", "", list))
    if not r.languages or not all(isinstance(x, str) for x in r.languages):
        raise r.fail("languages", "expected a non-empty list of language codes")
    fw_id = r.get(data, "id", "", str)
    version = r.get(data, "version", "", int)
    default_method = r.get(data, "method_version", "", str)
    title = r.label(data, "title", "")
    fw_source = r.get(data, "source", "", str)

    bands, previous = [], Fraction(-1)
    for i, raw in enumerate(_entries(r, data, "bands", "", "band")):
        bp = f"bands[{i}]"
        upper = r.number(raw, "upper", bp)
        if upper <= previous:
            raise r.fail(f"{bp}.upper", "band upper bounds must increase")
        previous = upper
        bands.append(Band(r.get(raw, "id", bp, str), upper, r.label(raw, "label", bp) or {}))
    if bands[-1].upper != 100:
        raise r.fail(f"bands[{len(bands) - 1}].upper", "the last band must end at 100")

    raw_scales = r.get(data, "scales", "", dict, required=False) or {}
    scales = {sid: _parse_scale(r, s, f"scales.{sid}", sid) for sid, s in raw_scales.items()}

    dimensions, seen_q = [], set()
    for i, raw in enumerate(_entries(r, data, "dimensions", "", "dimension")):
        dp = f"dimensions[{i}]"
        dim_id = r.get(raw, "id", dp, str)
        rule = r.get(raw, "rule", dp, str, required=False) or "weighted_mean"
        if rule not in DIMENSION_RULES:
            raise r.fail(f"{dp}.rule", f"unknown dimension rule {rule!r}")
        questions = []
        for j, q in enumerate(_entries(r, raw, "questions", dp, "question")):
            question = _parse_question(r, q, f"{dp}.questions[{j}]", dim_id, scales)
            if question.id in seen_q:
                raise r.fail(f"{dp}.questions[{j}].id", f"duplicate question id {question.id!r}")
            seen_q.add(question.id)
            questions.append(question)
        if not any(q.scored for q in questions):
            raise r.fail(f"{dp}.questions", "a dimension needs at least one scored question")
        dimensions.append(
            Dimension(
                id=dim_id,
                title=r.label(raw, "title", dp) or {},
                questions=tuple(questions),
                optional=bool(r.get(raw, "optional", dp, bool, required=False)),
                export_column=r.get(raw, "export_column", dp, str, required=False),
                rule=rule,
            )
        )
    overall_rule = r.get(data, "overall_rule", "", str, required=False) or "mean_of_dimensions"
    if overall_rule not in OVERALL_RULES:
        raise r.fail("overall_rule", f"unknown overall rule {overall_rule!r}")

    by_id = {q.id: q for d in dimensions for q in d.questions}
    variants: dict[str, MethodVariant] = {}
    raw_variants = r.get(data, "method_variants", "", dict, required=False) or {}
    for name, raw in raw_variants.items():
        vp = f"method_variants.{name}"
        if name == default_method:
            raise r.fail(vp, "a variant cannot reuse the default method version")
        overrides = {}
        for qid, raw_scoring in (r.get(raw, "scoring", vp, dict) or {}).items():
            if qid not in by_id:
                raise r.fail(f"{vp}.scoring.{qid}", "unknown question")
            q = by_id[qid]
            raw_q = {"columns": [{"id": c.id} for c in q.columns]}
            overrides[qid] = _parse_scoring(r, raw_scoring, f"{vp}.scoring.{qid}", q.type, raw_q)
        variants[str(name)] = MethodVariant(str(name), r.label(raw, "description", vp) or {}, overrides)

    chosen = method or default_method
    if chosen != default_method and chosen not in variants:
        raise r.fail(
            "method_version", f"unknown method version {chosen!r} (defined: {[default_method, *variants]})"
        )
    description = r.label(data, "method_description", "") or {}
    if chosen != default_method:
        variant = variants[chosen]
        description = variant.description
        dimensions = [
            Dimension(
                d.id,
                d.title,
                tuple(_with_scoring(q, variant.overrides.get(q.id)) for q in d.questions),
                d.optional,
                d.export_column,
                d.rule,
            )
            for d in dimensions
        ]
    known = {
        "id",
        "version",
        "method_version",
        "method_description",
        "method_variants",
        "title",
        "source",
        "languages",
        "bands",
        "scales",
        "dimensions",
        "overall_rule",
    }
    extra = {k: v for k, v in data.items() if k not in known}
    if "ghg" in extra:
        extra["ghg"] = parse_ghg_table(extra["ghg"], source, by_id)
    return Framework(
        id=fw_id,
        version=version,
        method_version=chosen,
        title=title or {},
        source=fw_source,
        languages=r.languages,
        bands=tuple(bands),
        scales=scales,
        dimensions=tuple(dimensions),
        method_description=description,
        methods=(default_method, *variants),
        file=source,
        overall_rule=overall_rule,
        extra=extra,
    )


# --------------------------------------------------------------------------------------------------
# the GHG factor table (the ``ghg`` block; ghg.estimate_emissions interprets it)


@dataclass(frozen=True)
class GhgLine:
    question: str
    scope: int
    fossil: bool | None  # True fossil fuel, False renewable fuel, None purchased energy (mix)
    kwh_per_unit: Fraction
    kg_co2e_per_unit: Fraction | None
    factor_question: str | None
    source: str


def parse_ghg_table(data: Any, source: str, questions: Mapping[str, Question]) -> tuple[GhgLine, ...]:
    """Validate the ``ghg`` block of a framework file: the factor table of the GHG estimate (ghg.py)."""

    def fail(path: str, message: str) -> FrameworkError:
        return FrameworkError(source, f"ghg.{path}" if path else "ghg", message)

    def number_question(qid: Any, path: str) -> str:
        q = questions.get(qid) if isinstance(qid, str) else None
        if q is None:
            raise fail(path, f"unknown question {qid!r}")
        if q.type != "number":
            raise fail(path, f"question {qid!r} must be of type number")
        return qid

    def number(raw: Mapping[str, Any], key: str, path: str) -> Fraction:
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise fail(f"{path}.{key}", "expected a number >= 0")
        return to_fraction(value)

    if not isinstance(data, Mapping) or not isinstance(data.get("lines"), list) or not data["lines"]:
        raise fail("lines", "expected a non-empty list")
    lines = []
    for i, raw in enumerate(data["lines"]):
        path = f"lines[{i}]"
        if not isinstance(raw, Mapping):
            raise fail(path, "expected a mapping")
        if raw.get("scope") not in (1, 2):
            raise fail(f"{path}.scope", "expected 1 or 2")
        if raw.get("fossil") not in (True, False, None):
            raise fail(f"{path}.fossil", "expected true, false or null")
        if not isinstance(raw.get("source"), str) or not raw["source"].strip():
            raise fail(f"{path}.source", "every factor needs a source")
        has_factor, has_question = "kg_co2e_per_unit" in raw, "factor_question" in raw
        if has_factor == has_question:
            raise fail(path, "give exactly one of kg_co2e_per_unit and factor_question")
        lines.append(
            GhgLine(
                question=number_question(raw.get("question"), f"{path}.question"),
                scope=raw["scope"],
                fossil=raw.get("fossil"),
                kwh_per_unit=number(raw, "kwh_per_unit", path),
                kg_co2e_per_unit=number(raw, "kg_co2e_per_unit", path) if has_factor else None,
                factor_question=number_question(raw["factor_question"], f"{path}.factor_question")
                if has_question
                else None,
                source=raw["source"],
            )
        )
    return tuple(lines)


def _with_scoring(q: Question, scoring: Scoring | None) -> Question:
    if scoring is None:
        return q
    return Question(**{**q.__dict__, "scoring": scoring})


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError:
        raise FrameworkError(path.name, "", "file not found") from None
    except yaml.YAMLError as exc:
        raise FrameworkError(path.name, "", f"not valid YAML: {exc}") from None


def framework_path(name: str | Path) -> Path:
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        return path
    return FRAMEWORK_DIR / f"{name}.yaml"


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, method: str | None) -> Framework:
    p = Path(path)
    return parse_framework(read_yaml(p), p.name, method)


def load_framework(name: str | Path, method: str | None = None) -> Framework:
    """Load a framework by name (``"dma-sme-v1"``) or path, scored with ``method`` (default: the file's)."""
    return _load_cached(str(framework_path(name).resolve()), method)


def available_frameworks() -> list[str]:
    """Names of the framework files shipped with Spets (rules files are not frameworks)."""
    return sorted(p.stem for p in FRAMEWORK_DIR.glob("*.yaml") if not p.stem.startswith("recommendation-"))
