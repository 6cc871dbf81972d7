"""What the pages and the PDF report show of an assessment, in the active language.

`result_context` is shared by the result page and the PDF; the other functions shape the comparison,
consistency and dashboard pages. They read through the services and peers, and word the pure core's
codes with `texts`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.translation import gettext as _

from spets.assessment import services
from spets.assessment.charts import Series, bars, radar
from spets.assessment.frameworks import Framework
from spets.assessment.models import Assessment
from spets.assessment.peers import dashboard, peer_position, recommendations
from spets.assessment.respondents import consistency
from spets.assessment.scoring import BAND_MIN_COVERAGE, Comparison, Result, band_is_shown
from spets.assessment.texts import (
    GROUPING_LABELS,
    band_text,
    gaps_text,
    group_value,
    status_text,
    target_text,
    tr,
    warning_text,
)
from spets.companies.models import SizeClass
from spets.core.i18n import pick
from spets.geo.maps import choropleth
from spets.geo.models import County, SniCode


def band_names(fw: Framework) -> dict[str, str]:
    return {b.id: tr(b.label) for b in fw.bands}


def dimension_rows(fw: Framework, result: Result, base: Result | None = None) -> list[dict[str, Any]]:
    """One row per dimension: title, score, band (or "preliminary" on too few answers), status in words,
    coverage, unanswered questions, T0 score."""
    rows = []
    for d in fw.dimensions:
        r = result.dimensions[d.id]
        missing = [tr(fw.questions[q.id].text) for q in r.questions if q.coverage < 1]
        rows.append(
            {
                "id": d.id,
                "title": tr(d.title),
                "score": r.score,
                "band": band_text(fw, r.band, r.coverage),
                "preliminary": bool(r.band) and not band_is_shown(r.coverage),
                "status": r.status,
                "status_text": status_text(r.status),
                "coverage": r.coverage,
                "optional": d.optional,
                "missing": missing,
                "before": base.dimensions[d.id].score if base and d.id in base.dimensions else None,
            }
        )
    return rows


def result_context(assessment: Assessment) -> dict[str, Any]:
    """Scores, charts, peer position and recommendations: shared by the result page and the PDF."""
    fw = services.framework_for(assessment)
    result = services.current_result(assessment)
    compared = services.comparison(assessment)
    base_result = Result.from_dict(compared[0].result) if compared else None
    rows = dimension_rows(fw, result, base_result)
    labels = [r["title"] for r in rows]
    series = [Series(assessment.round, [r["score"] for r in rows])]
    if compared:
        series.append(Series(compared[0].round, [r["before"] for r in rows]))
    position = peer_position(assessment, result) if result.overall.score is not None else {}
    prio = services.priorities(assessment.company_id)
    recs, raw = recommendations(assessment, result, prio) if result.overall.score is not None else ([], None)
    recs = [dataclasses.replace(r, target_text=target_text(r.target_source)) for r in recs]
    comparison = compared[1] if compared else None
    return {
        "fw": fw,
        "fw_title": tr(fw.title),
        "result": result,
        "rows": rows,
        "overall_band": band_text(fw, result.overall.band, result.overall.coverage),
        "overall_preliminary": bool(result.overall.band) and not band_is_shown(result.overall.coverage),
        "overall_status": status_text(result.overall.status),
        "band_min_coverage": BAND_MIN_COVERAGE,
        "radar": radar(labels, series, title=_("Scores by dimension")),
        "bars": bars(labels, series, title=_("Scores by dimension")),
        "position": [
            {"grouping": g, "label": str(GROUPING_LABELS[g]), "value": group_value(g, p.group), **p.__dict__}
            for g, p in position.items()
        ],
        "recommendations": recs,
        "unmatched": gaps_text(raw.unmatched, fw) if raw else [],
        "priorities": prio,
        "comparison": comparison,
        "baseline": compared[0] if compared else None,
        "warnings": [warning_text(w, fw) for w in comparison.warnings] if comparison else [],
    }


def comparison_context(assessment: Assessment, base: Assessment, comp: Comparison) -> dict[str, Any]:
    """The T0 → T1 page: a row per dimension and overall (with band names), bars and warnings."""
    fw = services.framework_for(assessment)
    titles = {d.id: tr(d.title) for d in fw.dimensions}
    rows = [
        {
            "title": titles.get(c.id, c.id),
            **c.__dict__,
            "band_before": band_text(fw, c.band_before, c.coverage_before),
            "band_after": band_text(fw, c.band_after, c.coverage_after),
        }
        for c in [*comp.dimensions.values(), comp.overall]
    ]
    rows[-1]["title"] = _("Overall")
    labels = [titles[d] for d in comp.dimensions]
    chart = bars(
        labels,
        [
            Series(assessment.round, [c.after for c in comp.dimensions.values()]),
            Series(base.round, [c.before for c in comp.dimensions.values()]),
        ],
    )
    return {"rows": rows, "chart": chart, "warnings": [warning_text(w, fw) for w in comp.warnings]}


def consistency_rows(assessment: Assessment, names: dict[str, str]) -> list[dict[str, Any]]:
    """Questions the respondents answered differently, most disagreement first (`names`: respondent
    id → name)."""
    fw = services.framework_for(assessment)
    view = consistency(fw, services.answers_by_respondent(assessment))
    rows = [
        {
            "id": qid,
            "text": tr(fw.questions[qid].text),
            "disagreement": c.disagreement,
            "answers": [(names.get(r, r), v) for r, v in c.answers.items()],
        }
        for qid, c in view.items()
    ]
    rows.sort(key=lambda r: -(r["disagreement"] or 0))
    return rows


def dashboard_context(framework_id: str) -> dict[str, Any]:
    """The programme dashboard of one framework: aggregates by county, SNI section and size class, per
    dimension, and a map of the median overall score by county."""
    data = dashboard(framework_id)
    counties = {c.code: c.name for c in County.objects.filter(in_programme=True)}
    sections = {s.code: pick(s.name_sv, s.name_en) for s in SniCode.objects.filter(level="section")}
    names = {
        "county": counties,
        "sni_section": sections,
        "size_class": {k: str(v) for k, v in SizeClass.choices},
    }
    tables = {
        g: [{"key": k, "name": names.get(g, {}).get(k, k), **s.__dict__} for k, s in t.items()]
        for g, t in data["tables"].items()
    }
    fw = data["framework"]
    dims = [{"title": tr(d.title), "stats": data["dimensions"].get(d.id)} for d in fw.dimensions]
    medians = {k: s.median for k, s in data["tables"]["county"].items() if k in counties}
    return {
        "fw_title": tr(fw.title),
        "n": data["n"],
        "tables": tables,
        "dims": dims,
        "min_peers": data["min_peers"],
        "map": choropleth({c: medians.get(c) for c in counties}, "county", codes=list(counties)),
        "map_title": _("Median overall score by county"),
    }
