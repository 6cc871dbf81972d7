"""Words for the fit score's terms and refusals, and dimension names, in the active language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from spets.assessment.frameworks import framework_file, load_framework
from spets.assessment.texts import dimension_titles, group_name
from spets.core import i18n, numbers
from spets.core.models import FocusArea
from spets.matching.services.offers import OfferMatch


def _n(value, decimals: int = 0) -> str:
    return numbers.number(value, decimals, i18n.active_language())


def dimension_names(framework_id: str | None) -> dict[str, str]:
    if not framework_id:
        return {}
    return {**dimension_titles(load_framework(framework_file(framework_id))), "overall": _("overall score")}


def focus_names() -> dict[str, str]:
    return {a.code: str(a) for a in FocusArea.objects.all()}


REFUSALS = {
    "size": lambda: _("not for the company's size class"),
    "sni": lambda: _("not for the company's industry (SNI)"),
    "county": lambda: _("not offered in the company's county"),
    "deminimis": lambda: _("its value exceeds the company's de minimis headroom"),
    "capacity": lambda: _("no places left this year"),
}


def term_text(term, dims: dict[str, str], areas: dict[str, str]) -> str:
    d = term.detail
    if term.name == "need":
        if not term.known:
            return _("no assessment gap known for %(area)s") % {"area": areas.get(d.get("focus_area"), "–")}
        return _("gap of %(gap)s points to the peer group's top quartile in %(dimension)s (%(area)s)") % {
            "gap": _n(d["gap"], 1),
            "dimension": dims.get(d.get("dimension") or "", d.get("dimension") or "–"),
            "area": areas.get(d.get("focus_area"), "–"),
        }
    if term.name == "block":
        if not term.known:
            return _("no completed assessment")
        return _("overall score %(gap)s points below the peer group's top quartile") % {
            "gap": _n(d["gap"], 1)
        }
    if term.name == "priority":
        if not term.known:
            return _("the company has not rated this focus area (counted as 3 of 5)")
        return _("the company rates this focus area %(rating)s of 5") % {"rating": d["rating"]}
    if term.name == "capacity":
        if not term.known:
            return _("no capacity stated")
        return _("%(free)s of %(capacity)s places free this year") % {
            "free": d["free"],
            "capacity": d["capacity"],
        }
    if term.name == "distance":
        if not term.known:
            return _("distance unknown (counted as half)")
        return _("%(km)s km to the organisation") % {"km": _n(d["km"])}
    return ""


TERM_NAMES = {
    "need": lambda: _("Need"),
    "block": lambda: _("Overall gap"),
    "priority": lambda: _("Priority"),
    "capacity": lambda: _("Capacity"),
    "distance": lambda: _("Distance"),
}


def explain(row: OfferMatch, dims: dict[str, str] | None = None, areas: dict[str, str] | None = None) -> dict:
    dims = dims if dims is not None else {}
    areas = areas if areas is not None else focus_names()
    m = row.match
    return {
        "offer": row.offer,
        "organisation": row.offer.organisation,
        "county": row.offer.organisation.county,
        "rank": row.rank,
        "fit": m.fit,
        "distance_km": m.distance_km,
        "terms": [
            {
                "name": TERM_NAMES[t.name](),
                "text": term_text(t, dims, areas),
                "points": t.points,
                "max": 100 * t.weight,
            }
            for t in m.terms
        ],
        "refusals": [REFUSALS[r]() for r in m.refusals],
    }


def target_phrase(gap) -> str:
    if gap.grouping is None:
        return _("fixed target")
    return _("top quartile of the peer group %(group)s, n = %(n)s") % {
        "group": group_name(gap.grouping, gap.group),
        "n": gap.n,
    }
