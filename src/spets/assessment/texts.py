"""Words for the pure core's structured results, in the active language.

The pure modules return codes and numbers (peer groupings and their values, target sources,
comparison warnings, unmatched gaps); this module turns them into text with gettext and the
frameworks' own sv/en names, so pages and the PDF read wholly in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.assessment.forms import tr
from spets.assessment.frameworks import Framework
from spets.assessment.recommend import Gap, TargetSource
from spets.assessment.scoring import FRAMEWORK_DIFFERS, METHOD_DIFFERS, PARTIAL_DIMENSIONS, ComparisonWarning
from spets.companies.models import SizeClass
from spets.core.models import FocusArea
from spets.geo.models import County, SniCode

GROUPING_LABELS = {"sni_section": gettext_lazy("SNI section"), "size_class": gettext_lazy("Size class"),
                   "county": gettext_lazy("County"), "programme_area": gettext_lazy("Programme area")}


def group_value(grouping: str, value: str | None) -> str:
    """The company's group under a grouping, named: "C – Tillverkning", "Små", "Dalarnas län"."""
    if value is None or value == "":
        return "–"
    if grouping == "sni_section":
        section = SniCode.objects.filter(code=value, level="section").first()
        return f"{value} – {tr({'sv': section.name_sv, 'en': section.name_en})}" if section else value
    if grouping == "size_class":
        return str(SizeClass(value).label) if value in SizeClass.values else value
    if grouping == "county":
        county = County.objects.filter(code=value).first()
        return county.name if county else value
    if grouping == "programme_area":
        return _("all companies in the programme area")
    return value


def group_name(grouping: str, value: str | None) -> str:
    """"SNI section: C – Manufacturing" — the peer group as one phrase."""
    return f"{GROUPING_LABELS[grouping]}: {group_value(grouping, value)}"


def target_text(source: TargetSource) -> str:
    if source.fixed:
        return _("fixed target")
    return _("top quartile of the peer group %(group)s, n = %(n)s") % {
        "group": group_name(source.grouping or "", source.group), "n": source.n}


def dimension_titles(fw: Framework) -> dict[str, str]:
    return {d.id: tr(d.title) for d in fw.dimensions}


def warning_text(warning: ComparisonWarning, fw: Framework) -> str:
    if warning.code == METHOD_DIFFERS:
        return _("the method version differs (%(before)s before, %(after)s after), so the changes mix two "
                 "scoring methods") % {"before": warning.before, "after": warning.after}
    if warning.code == FRAMEWORK_DIFFERS:
        return _("the framework version differs (version %(before)s before, version %(after)s after)") % {
            "before": warning.before, "after": warning.after}
    if warning.code == PARTIAL_DIMENSIONS:
        titles = dimension_titles(fw)
        return _("partly answered dimensions are compared: %(dimensions)s") % {
            "dimensions": ", ".join(titles.get(d, d) for d in warning.dimensions)}
    return warning.code


def gaps_text(gaps: Iterable[Gap], fw: Framework) -> list[str]:
    """"Data management (Digitalisation)" once per dimension and focus area, in rule order."""
    titles = dimension_titles(fw)
    areas = {f.code: tr({"sv": f.name_sv, "en": f.name_en}) for f in FocusArea.objects.all()}
    seen = dict.fromkeys((g.dimension, g.focus_area) for g in gaps)
    return [f"{titles.get(d, d)} ({areas.get(f, f)})" for d, f in seen]
