"""Turn assessment gaps into recommended offers, ranked by an open priority score. Pure.

For each rule of the result's framework whose condition holds (see load_rules):

    score    = the company's score in the rule's dimension (0..100)
    target   = top quartile of that dimension in the first peer group, in rules.target.groupings
               order (default: SNI section, then programme area), with >= MIN_PEERS scored companies;
               when none is large enough, the fixed target (default 75)
    gap      = max(0, target - score)
    weight   = rating / neutral   rating = the company's own priority for the rule's focus area on the
               1..5 scale (unrated = neutral = 3), so weight runs from 1/3 to 5/3
    priority = gap * weight

Each catalogue offer whose type is among the rule's offer types, whose focus area is the rule's, and
for which the company is eligible (size class, SNI, county) becomes a recommendation. An offer matched
by several rules keeps its highest priority and lists every rule. Ranking: priority descending, then
rule order in the file, then offer id. A dimension that is missing produces no recommendation but a
note; a rule that fires with no eligible offer is reported in ``unmatched``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .benchmark import GROUPINGS, Peer, position
from .errors import FrameworkError
from .frameworks import FRAMEWORK_DIR, read_yaml
from .scoring import Result


@dataclass(frozen=True)
class Rule:
    id: str
    framework: str
    dimension: str
    focus_area: str
    offer_types: tuple[str, ...]
    reason: dict[str, str]
    at_most: float | None = None  # fires when the dimension score <= at_most
    question: str | None = None
    points_at_most: float | None = None  # fires when the question's 0..10 points <= points_at_most


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: int
    source: str
    groupings: tuple[str, ...]
    fixed_target: float
    neutral: int
    min_priority: int
    max_priority: int
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class TargetSource:
    """Where a target comes from, as data (the web layer words it): the top quartile of the company's
    group ``group`` under ``grouping`` with ``n`` scored companies, or the fixed target (grouping None)."""

    grouping: str | None = None
    group: str | None = None
    n: int = 0

    @property
    def fixed(self) -> bool:
        return self.grouping is None


FIXED_TARGET = TargetSource()


@dataclass(frozen=True)
class Recommendation:
    offer_id: str
    organisation: str
    offer_type: str
    focus_area: str
    rules: tuple[str, ...]
    dimension: str
    score: float
    target: float
    target_source: TargetSource  # e.g. TargetSource("sni_section", "C", 12) or FIXED_TARGET
    gap: float
    weight: float
    priority: float
    reason: dict[str, str]


@dataclass(frozen=True)
class Gap:
    rule: str
    dimension: str
    focus_area: str
    gap: float
    priority: float


@dataclass(frozen=True)
class Recommendations:
    items: tuple[Recommendation, ...]
    unmatched: tuple[Gap, ...]  # rules that fired but found no eligible offer
    notes: tuple[str, ...]
    rules_id: str
    rules_version: int


def parse_rules(data: Any, source: str) -> RuleSet:
    def fail(path: str, message: str) -> FrameworkError:
        return FrameworkError(source, path, message)

    def text(raw: Mapping[str, Any], key: str, path: str, required: bool = True) -> str | None:
        value = raw.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value:
            raise fail(f"{path}.{key}" if path else key, "expected a text")
        return value

    def number(raw: Mapping[str, Any], key: str, path: str) -> float | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(f"{path}.{key}", "expected a number")
        return float(value)

    if not isinstance(data, Mapping):
        raise fail("", "expected a mapping")
    target, prio = data.get("target") or {}, data.get("priorities") or {}
    groupings = tuple(target.get("groupings") or ())
    for i, g in enumerate(groupings):
        if g not in GROUPINGS:
            raise fail(f"target.groupings[{i}]", f"unknown grouping {g!r} (known: {GROUPINGS})")
    fixed = number(target, "fixed", "target")
    if fixed is None or not 0 <= fixed <= 100:
        raise fail("target.fixed", "expected a number within 0..100")
    neutral, low, high = prio.get("neutral"), prio.get("min"), prio.get("max")
    if not (isinstance(neutral, int) and isinstance(low, int) and isinstance(high, int)) or not (
        0 < low <= neutral <= high
    ):
        raise fail("priorities", "expected integers with 0 < min <= neutral <= max")
    rules, seen = [], set()
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise fail("rules", "expected a non-empty list")
    for i, raw in enumerate(raw_rules):
        path = f"rules[{i}]"
        if not isinstance(raw, Mapping):
            raise fail(path, "expected a mapping")
        rule_id = text(raw, "id", path)
        if rule_id in seen:
            raise fail(f"{path}.id", f"duplicate rule id {rule_id!r}")
        seen.add(rule_id)
        types = raw.get("offer_types")
        if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
            raise fail(f"{path}.offer_types", "expected a non-empty list of offer types")
        reason = raw.get("reason")
        if not isinstance(reason, Mapping) or not all(
            isinstance(reason.get(lang), str) for lang in ("sv", "en")
        ):
            raise fail(f"{path}.reason", "expected a text in sv and en")
        question, points = text(raw, "question", path, required=False), number(raw, "points_at_most", path)
        if (question is None) != (points is None):
            raise fail(path, "question and points_at_most go together")
        rules.append(
            Rule(
                id=rule_id or "",
                framework=text(raw, "framework", path) or "",
                dimension=text(raw, "dimension", path) or "",
                focus_area=text(raw, "focus_area", path) or "",
                offer_types=tuple(types),
                reason=dict(reason),
                at_most=number(raw, "at_most", path),
                question=question,
                points_at_most=points,
            )
        )
    version = data.get("version")
    if not isinstance(version, int):
        raise fail("version", "expected an integer")
    return RuleSet(
        text(data, "id", "") or "",
        version,
        text(data, "source", "") or "",
        groupings,
        fixed,
        neutral,
        low,
        high,
        tuple(rules),
    )


@functools.lru_cache(maxsize=8)
def load_rules(name: str | Path = "recommendation-rules-v1") -> RuleSet:
    path = Path(name) if Path(name).suffix in (".yaml", ".yml") else FRAMEWORK_DIR / f"{name}.yaml"
    return parse_rules(read_yaml(path), path.name)


def eligible(offer: Mapping[str, Any], company: Peer) -> bool:
    """Empty or absent eligibility lists mean open to all. SNI entries are section letters ("C") or
    code prefixes ("16", "24.1") matched against the company's SNI code."""
    rules = offer.get("eligibility") or {}
    sizes, snis, counties = (rules.get(k) or [] for k in ("size_classes", "sni", "counties"))
    if sizes and company.size_class not in sizes:
        return False
    if counties and company.county not in counties:
        return False
    if snis:
        code = (company.sni_code or "").replace(".", "")
        ok = any(
            (s.isalpha() and s.upper() == (company.sni_section or "").upper())
            or (not s.isalpha() and code.startswith(s.replace(".", "")) and code != "")
            for s in snis
        )
        if not ok:
            return False
    return True


def _target(rules: RuleSet, company: Peer, peers: list[Peer], dimension: str) -> tuple[float, TargetSource]:
    positions = position(company, peers, key=dimension, groupings=rules.groupings)
    for grouping in rules.groupings:
        pos = positions[grouping]
        if pos.top_quartile is not None:
            return pos.top_quartile, TargetSource(grouping, pos.group, pos.n)
    return rules.fixed_target, FIXED_TARGET


def weight(rules: RuleSet, priorities: Mapping[str, int] | None, focus_area: str) -> float:
    rating = (priorities or {}).get(focus_area, rules.neutral)
    if (
        isinstance(rating, bool)
        or not isinstance(rating, int)
        or not rules.min_priority <= rating <= rules.max_priority
    ):
        raise ValueError(
            f"priority for {focus_area!r} must be an integer "
            f"{rules.min_priority}..{rules.max_priority}, got {rating!r}"
        )
    return rating / rules.neutral


def recommend(
    result: Result,
    company: Peer,
    peers: Iterable[Peer],
    offers: Iterable[Mapping[str, Any]],
    rules: RuleSet | None = None,
    priorities: Mapping[str, int] | None = None,
) -> Recommendations:
    """Recommended offers for ``company`` from ``result`` (see the module docstring for the formula).

    ``peers`` carry the peer companies' latest scores of the same framework (company may be among
    them); ``offers`` are plain dicts: id, organisation, type, focus_area, eligibility
    {size_classes, sni, counties}.
    """
    rules = rules or load_rules()
    peers = list(peers)
    offers = list(offers)
    me = Peer(
        company.company_id,
        {k: d.score for k, d in result.dimensions.items()},
        company.sni_section,
        company.size_class,
        company.county,
        company.programme_area,
        company.sni_code,
    )
    best: dict[str, tuple[Recommendation, int]] = {}
    unmatched, notes = [], []
    for order, rule in enumerate(r for r in rules.rules if r.framework == result.framework_id):
        dim = result.dimensions.get(rule.dimension)
        if dim is None:
            raise ValueError(f"rule {rule.id}: dimension {rule.dimension!r} not in {result.framework_id}")
        if dim.score is None:
            notes.append(f"{rule.dimension}: not assessed, rule {rule.id} not applied")
            continue
        if rule.at_most is not None and dim.score > rule.at_most:
            continue
        if rule.question is not None:
            q = next((q for q in dim.questions if q.id == rule.question), None)
            if q is None:
                raise ValueError(
                    f"rule {rule.id}: question {rule.question!r} not in dimension {rule.dimension}"
                )
            if q.points is None or rule.points_at_most is None or q.points > rule.points_at_most:
                continue
        target, source = _target(rules, me, peers, rule.dimension)
        gap = max(0.0, target - dim.score)
        w = weight(rules, priorities, rule.focus_area)
        priority = gap * w
        matched = False
        for offer in offers:
            if offer.get("type") not in rule.offer_types or offer.get("focus_area") != rule.focus_area:
                continue
            if not eligible(offer, me):
                continue
            matched = True
            rec = Recommendation(
                str(offer["id"]),
                str(offer.get("organisation", "")),
                str(offer["type"]),
                rule.focus_area,
                (rule.id,),
                rule.dimension,
                dim.score,
                target,
                source,
                gap,
                w,
                priority,
                rule.reason,
            )
            previous = best.get(rec.offer_id)
            if previous is None:
                best[rec.offer_id] = (rec, order)
            else:
                old, old_order = previous
                keep, keep_order = (rec, order) if priority > old.priority else (old, old_order)
                merged = Recommendation(
                    **{**keep.__dict__, "rules": tuple(dict.fromkeys(old.rules + rec.rules))}
                )
                best[rec.offer_id] = (merged, keep_order)
        if not matched:
            unmatched.append(Gap(rule.id, rule.dimension, rule.focus_area, gap, priority))
    ranked = sorted(best.values(), key=lambda ro: (-ro[0].priority, ro[1], ro[0].offer_id))
    return Recommendations(
        tuple(r for r, _ in ranked), tuple(unmatched), tuple(notes), rules.id, rules.version
    )
