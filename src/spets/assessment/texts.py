"""Words for the pure core's codes and structured results, in the active language.

The pure modules return codes and numbers (framework ids, peer groupings and their values, target
sources, comparison warnings, unmatched gaps, refused answers); this module turns them into text with
gettext and the frameworks' own sv/en labels (`tr`), so pages and the PDF read wholly in the user's
language.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.assessment.errors import AnswerError, InvalidAnswer
from spets.assessment.frameworks import Entry, Framework, Option, Question, framework_file, load_framework
from spets.assessment.recommend import Gap, TargetSource
from spets.assessment.scoring import (
    FRAMEWORK_DIFFERS,
    METHOD_DIFFERS,
    PARTIAL_DIMENSIONS,
    ComparisonWarning,
    band_is_shown,
)
from spets.companies.models import SizeClass
from spets.core.i18n import active_language, pick
from spets.core.models import FocusArea
from spets.geo.models import County, SniCode


def tr(label: dict[str, str] | None, lang: str | None = None) -> str:
    """A framework's label ({"sv": …, "en": …}) in ``lang`` or the active language (Swedish when missing)."""
    if not label:
        return ""
    return label.get(lang or active_language()) or label.get("sv") or next(iter(label.values()))


# One set of words for a result's status, on the pages and in the PDF alike.
STATUS_WORDS = {
    "complete": {"sv": "komplett", "en": "complete"},
    "partial": {"sv": "delvis besvarad", "en": "partly answered"},
    "missing": {"sv": "obesvarad", "en": "not answered"},
}
PRELIMINARY = {"sv": "preliminär", "en": "preliminary"}


def status_text(status: str, lang: str | None = None) -> str:
    """A result status ("complete", "partial", "missing") in words."""
    return tr(STATUS_WORDS.get(status), lang) or status


def band_text(fw: Framework, band_id: str | None, coverage: float | None, lang: str | None = None) -> str:
    """The band's name, "preliminary" when too little was answered for a band (scoring.BAND_MIN_COVERAGE),
    or "" when there is no score."""
    if not band_id:
        return ""
    if not band_is_shown(coverage):
        return tr(PRELIMINARY, lang)
    return next((tr(b.label, lang) for b in fw.bands if b.id == band_id), "")


# Names of the registered frameworks (frameworks.FRAMEWORKS) by framework id: on the start form, and
# short in the list's filter. A framework not named here goes by its file's title.
FRAMEWORK_NAMES = {
    "dma-sme": gettext_lazy("Digital maturity (DMA-compatible)"),
    "spets-profile": gettext_lazy("Spets transformation profile"),
}
FRAMEWORK_SHORT_NAMES = {"dma-sme": "DMA", "spets-profile": gettext_lazy("Transformation profile")}


def framework_name(framework_id: str, short: bool = False) -> str:
    names = FRAMEWORK_SHORT_NAMES if short else FRAMEWORK_NAMES
    if framework_id in names:
        return str(names[framework_id])
    return tr(load_framework(framework_file(framework_id)).title)


GROUPING_LABELS = {
    "sni_section": gettext_lazy("SNI section"),
    "size_class": gettext_lazy("Size class"),
    "county": gettext_lazy("County"),
    "programme_area": gettext_lazy("Programme area"),
}


def group_value(grouping: str, value: str | None) -> str:
    """The company's group under a grouping, named: "C – Tillverkning", "Små", "Dalarnas län"."""
    if value is None or value == "":
        return "–"
    if grouping == "sni_section":
        section = SniCode.objects.filter(code=value, level="section").first()
        return f"{value} – {pick(section.name_sv, section.name_en)}" if section else value
    if grouping == "size_class":
        return str(SizeClass(value).label) if value in SizeClass.values else value
    if grouping == "county":
        county = County.objects.filter(code=value).first()
        return county.name if county else value
    if grouping == "programme_area":
        return _("all companies in the programme area")
    return value


def group_name(grouping: str, value: str | None) -> str:
    """ "SNI section: C – Manufacturing" — the peer group as one phrase."""
    return f"{GROUPING_LABELS[grouping]}: {group_value(grouping, value)}"


def target_text(source: TargetSource) -> str:
    if source.fixed:
        return _("fixed target")
    return _("top quartile of the peer group %(group)s, n = %(n)s") % {
        "group": group_name(source.grouping or "", source.group),
        "n": source.n,
    }


def dimension_titles(fw: Framework) -> dict[str, str]:
    return {d.id: tr(d.title) for d in fw.dimensions}


def warning_text(warning: ComparisonWarning, fw: Framework) -> str:
    if warning.code == METHOD_DIFFERS:
        return _(
            "the method version differs (%(before)s before, %(after)s after), so the changes mix two "
            "scoring methods"
        ) % {"before": warning.before, "after": warning.after}
    if warning.code == FRAMEWORK_DIFFERS:
        return _("the framework version differs (version %(before)s before, version %(after)s after)") % {
            "before": warning.before,
            "after": warning.after,
        }
    if warning.code == PARTIAL_DIMENSIONS:
        titles = dimension_titles(fw)
        return _("partly answered dimensions are compared: %(dimensions)s") % {
            "dimensions": ", ".join(titles.get(d, d) for d in warning.dimensions)
        }
    return warning.code


def gaps_text(gaps: Iterable[Gap], fw: Framework) -> list[str]:
    """ "Data management (Digitalisation)" once per dimension and focus area, in rule order."""
    titles = dimension_titles(fw)
    areas = {f.code: pick(f.name_sv, f.name_en) for f in FocusArea.objects.all()}
    seen = dict.fromkeys((g.dimension, g.focus_area) for g in gaps)
    return [f"{titles.get(d, d)} ({areas.get(f, f)})" for d, f in seen]


def _named(entries: Iterable[Entry | Option], ids: Iterable[object]) -> str:
    """«Label» (id) for each id, in the active language; ids the framework does not know stay as they are."""
    labels = {e.id: tr(e.label) for e in entries}
    return ", ".join(f"«{labels[i]}» ({i})" if i in labels else repr(i) for i in ids)


def _levels(q: Question) -> str:
    assert q.scale is not None
    return ", ".join(f"{lv.id} ({tr(lv.label)})" if lv.label else str(lv.id) for lv in q.scale.levels)


def reason_text(reason: InvalidAnswer, q: Question | None) -> str:
    """Why one answer was refused, in the active language (the core's English text when it has no code)."""
    p = reason.params
    if q is None or reason.code == "unknown_question":
        return _("unknown question in this framework") if reason.code == "unknown_question" else str(reason)
    if reason.code == "not_a_list":
        return _("expected a list of choices")
    if reason.code == "not_a_mapping":
        return _("expected one answer per row")
    if reason.code == "unknown_columns":
        return _("unknown column(s) %(unknown)s; valid: %(known)s") % {
            "unknown": ", ".join(map(repr, p["unknown"])),
            "known": _named(q.columns, p["known"]),
        }
    if reason.code == "unknown_items":
        return _("unknown row(s) %(unknown)s; valid: %(known)s") % {
            "unknown": ", ".join(map(repr, p["unknown"])),
            "known": _named(q.items, p["known"]),
        }
    if reason.code in ("unknown_option", "unknown_options"):
        unknown = p["unknown"] if reason.code == "unknown_options" else [p["value"]]
        text = _("unknown option(s) %(unknown)s; valid: %(known)s") % {
            "unknown": ", ".join(map(repr, unknown)),
            "known": _named(q.options, p["known"]),
        }
        if p.get("column"):
            text = _("column %(column)s: %(reason)s") % {
                "column": _named(q.columns, [p["column"]]),
                "reason": text,
            }
        return text
    if reason.code == "not_a_number":
        return _("%(value)s is not a number") % {"value": repr(p["value"])}
    if reason.code == "not_finite":
        return _("expected a finite number")
    if reason.code == "out_of_range":
        return _("%(value)s is outside the allowed range %(minimum)s–%(maximum)s %(unit)s") % p
    if reason.code == "outside_scale":
        text = _("%(value)s is outside the scale (allowed: %(levels)s)") % {
            "value": repr(p["value"]),
            "levels": _levels(q),
        }
        if p.get("item"):
            text = _("row %(item)s: %(reason)s") % {"item": _named(q.items, [p["item"]]), "reason": text}
        return text
    return str(reason)


def answer_error_text(exc: AnswerError, fw: Framework) -> str:
    """'Question «label» (id): reason' for every refused answer, in the active language."""
    parts = []
    for qid, reason in exc.reasons:
        q = fw.questions.get(qid)
        name = f"«{tr(q.text)}» ({qid})" if q else qid
        parts.append(
            _("Question %(question)s: %(reason)s") % {"question": name, "reason": reason_text(reason, q)}
        )
    return "; ".join(parts)
