"""The atlas page's choices after a switch: keep what still applies, reset what does not, and say so.

The page's form sends every choice at once, so switching the measure also sends the old industry, years
and version, which the new measure may not have. The page must never answer such a request with an
error nobody sees (HTMX does not swap a 400): each choice the stored statistics cannot answer is put
back to its default and a notice in the page's language names what changed. The API stays strict
(422 naming the parameter), since a program should learn that its parameter was wrong.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _

from . import atlas


def adjust(params: atlas.Params) -> tuple[atlas.Params, list[str]]:
    """(params every one of which the stored statistics can answer, notices about the ones changed).
    Raises NoStatistics when nothing is stored."""
    notices: list[str] = []
    available = atlas.measures()
    if not available:
        atlas.measure(None)  # raises NoStatistics with the instructions
    keys = {m.key: m for m in available}
    if params.measure and params.measure not in keys:
        notices.append(
            _("The measure “%(given)s” is not stored; showing “%(shown)s”.")
            % {"given": params.measure, "shown": available[0].label}
        )
        params = replace(params, measure=None)
    m = keys.get(params.measure or "", available[0])
    stored = [x["version"] for x in atlas.versions(m.series)]
    if params.version is not None and params.version not in stored:
        notices.append(
            _("Version %(given)s of “%(measure)s” is not stored; showing the newest version, %(newest)s.")
            % {"given": params.version, "measure": m.label, "newest": max(stored)}
        )
        params = replace(params, version=None)
    if params.level not in atlas.LEVELS:
        notices.append(_("Unknown level “%(given)s”; showing municipalities.") % {"given": params.level})
        params = replace(params, level="municipality")
    areas = dict(atlas.area_choices())
    if params.area not in areas:
        notices.append(
            _("Unknown area “%(given)s”; showing %(shown)s.")
            % {"given": params.area, "shown": areas["programme"]}
        )
        params = replace(params, area="programme")
    p = atlas.prepare(m, params.version)
    if params.industry and params.industry != atlas.TOTAL and params.industry not in p.industries:
        default = atlas.default_industry(p)
        shown = (
            _("all industries")
            if default == atlas.TOTAL
            else f"{default} {p.industry_labels.get(default, '')}"
        )
        notices.append(
            _("“%(measure)s” has no figures for the industry %(given)s; showing %(shown)s.")
            % {"measure": m.label, "given": params.industry, "shown": shown.strip()}
        )
        params = replace(params, industry=None)
    for name, label in (("year", _("year")), ("start", _("first year"))):
        given = getattr(params, name)
        if given and given not in p.years:
            shown = p.years[-1] if name == "year" else p.years[0]
            notices.append(
                _(
                    "“%(measure)s” has no %(what)s %(given)s (it covers %(first)s–%(last)s); showing %(shown)s."
                )
                % {
                    "measure": m.label,
                    "what": label,
                    "given": given,
                    "first": p.years[0],
                    "last": p.years[-1],
                    "shown": shown,
                }
            )
            params = replace(params, **{name: None})
    return params, notices
