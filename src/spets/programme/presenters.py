"""What the progress report shows, as plain data: the page, the PDF and `spets programme report` all render
this context, so they show the same figures (a test compares the page with the command).

`report_context(report)` reads the period's figures document (a closed period's frozen one) and labels it
in the active language. `figure_rows(context)` flattens every figure (indicator × breakdown cell) for the
command line and its exports.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from spets.assessment.frameworks import framework_file, load_framework
from spets.companies.models import SizeClass
from spets.core.models import FocusArea
from spets.geo.models import PROGRAMME_COUNTIES, County
from spets.programme.models import SupportType
from spets.programme.services.indicators import HEADLINE
from spets.programme.services.report import Report

SIZE_ORDER = ("micro", "small", "medium", "large", "")
DIMENSION_ORDER = ("county", "size_class", "organisation", "focus_area")


def english() -> bool:
    return (get_language() or "sv").startswith("en")


def pick(sv: str, en: str) -> str:
    return en if english() and en else sv


def unit_label(unit: str) -> str:
    return {"enterprises": _("enterprises"), "fte": _("FTE"), "sek": _("SEK")}.get(unit, unit)


def status_text(status: str, reason: str) -> str:
    texts = {
        "no_registration_date": _("not available: the register holds no registration date"),
        "no_year_figures": _("not available: no yearly employment figures for these companies"),
        "no_amounts": _("not available: no amounts recorded yet"),
        "no_support_type": _("not applicable: the project gives no support of this kind"),
    }
    if not status:
        return ""
    return texts.get(reason, _("not available"))


def dimension_label(dimension: str) -> str:
    return {
        "total": _("Total"),
        "county": _("County"),
        "size_class": _("Size class at first support"),
        "organisation": _("Organisation"),
        "focus_area": _("Focus area"),
    }[dimension]


def _when(value: str | None) -> str:
    if not value:
        return ""
    moment = parse_datetime(value)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else value


def _keys(dimension: str, doc: dict[str, Any], present: set[str]) -> list[tuple[str, str]]:
    """(key, label) columns of a breakdown, in a stable order."""
    if dimension == "county":
        names = dict(County.objects.values_list("code", "name"))
        keys = list(PROGRAMME_COUNTIES) + sorted(present - set(PROGRAMME_COUNTIES))
        return [(k, names.get(k, k) if k else _("unknown")) for k in keys]
    if dimension == "size_class":
        labels = dict(SizeClass.choices)
        return [(k, str(labels.get(k, "")) if k else _("unknown")) for k in SIZE_ORDER if k in present or k]
    if dimension == "organisation":
        orgs = doc.get("organisations", {})
        keys = sorted(present, key=lambda k: orgs.get(k, {}).get("name", k).casefold())
        return [(k, orgs.get(k, {}).get("name", k)) for k in keys]
    areas = {a.code: pick(a.name_sv, a.name_en) for a in FocusArea.objects.order_by("position", "code")}
    keys = [k for k in areas if k in present] + sorted(present - set(areas) - {""})
    if "" in present:
        keys.append("")
    return [(k, areas.get(k, k) if k else _("no focus area")) for k in keys]


def key_label(dimension: str, key: str, doc: dict[str, Any]) -> str:
    """The label of one breakdown cell (a county's or organisation's name, a size class)."""
    return dict(_keys(dimension, doc, {key})).get(key, key)


def _indicator_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for meta in doc.get("definitions", []):
        ind = doc["indicators"].get(meta["id"], {})
        target = doc.get("targets", {}).get(meta["id"], {}).get("")
        value = ind.get("value")
        rows.append(
            {
                "id": meta["id"],
                "name": pick(meta["name_sv"], meta["name_en"]),
                "rule": pick(meta.get("rule_sv", ""), meta.get("rule_en", "")),
                "source": meta.get("source", ""),
                "generation": meta.get("generation", ""),
                "unit": meta["unit"],
                "unit_label": unit_label(meta["unit"]),
                "value": value,
                "new": ind.get("new"),
                "target": target,
                "share": (value / target) if value is not None and target else None,
                "status": ind.get("status", ""),
                "status_text": status_text(ind.get("status", ""), ind.get("reason", "")),
                "coverage": ind.get("coverage"),
                "subset_of": meta.get("subset_of"),
                "headline": meta["id"] in HEADLINE,
                "drillable": bool(ind.get("ids")) and not ind.get("status"),
            }
        )
    return rows


def _dimension_tables(doc: dict[str, Any], indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    tables = []
    for dimension in DIMENSION_ORDER:
        present: set[str] = set()
        for row in indicators:
            present |= set(doc["indicators"].get(row["id"], {}).get("breakdowns", {}).get(dimension, {}))
        columns = _keys(dimension, doc, present)
        rows = []
        for row in indicators:
            if row["status"]:
                continue
            cells_of = doc["indicators"][row["id"]].get("breakdowns", {}).get(dimension, {})
            targets = doc.get("targets", {}).get(row["id"], {}) if dimension == "county" else {}
            cells = [
                {
                    "indicator": row["id"],
                    "dimension": dimension,
                    "key": key,
                    "label": label,
                    "value": cells_of.get(key, 0 if row["unit"] == "enterprises" else None),
                    "target": targets.get(key),
                    "drillable": bool(cells_of.get(key)),
                }
                for key, label in columns
            ]
            rows.append({"indicator": row, "cells": cells})
        tables.append(
            {
                "dimension": dimension,
                "label": dimension_label(dimension),
                "heading": {
                    "county": _("By county"),
                    "size_class": _("By size class at first support"),
                    "organisation": _("By organisation"),
                    "focus_area": _("By focus area"),
                }[dimension],
                "columns": [{"key": k, "label": label} for k, label in columns],
                "rows": rows,
                "adds_up": dimension in ("county", "size_class"),
            }
        )
    return tables


def _cross_county(doc: dict[str, Any]) -> dict[str, Any]:
    """Organisation × the supported company's county (CO01 companies): who supported companies where."""
    table = doc.get("cross_county", {})
    counties = dict(County.objects.values_list("code", "name"))
    present = {county for counts in table.values() for county in counts}
    keys = list(PROGRAMME_COUNTIES) + sorted(present - set(PROGRAMME_COUNTIES))
    orgs = doc.get("organisations", {})
    rows = []
    for slug, counts in sorted(table.items(), key=lambda kv: orgs.get(kv[0], {}).get("name", kv[0])):
        home = orgs.get(slug, {}).get("county", "")
        rows.append(
            {
                "organisation": slug,
                "label": orgs.get(slug, {}).get("name", slug),
                "home": home,
                "cells": [{"key": k, "value": counts.get(k, 0), "home": k == home} for k in keys],
                "outside": sum(n for k, n in counts.items() if k != home),
                "total": sum(counts.values()),
            }
        )
    return {"columns": [{"key": k, "label": counties.get(k, k) or _("unknown")} for k in keys], "rows": rows}


def _movement(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """One T0 × T1 band matrix per assessment framework (bands are the framework's, in its order)."""
    by_framework: dict[str, dict[tuple[str, str], int]] = {}
    for framework, a, b, n in doc.get("movement", []):
        by_framework.setdefault(framework, {})[(a or "", b or "")] = n
    out = []
    for framework_id, cells in sorted(by_framework.items()):
        try:
            fw = load_framework(framework_file(framework_id))
            order = [band.id for band in fw.bands]
            labels = {
                band.id: pick(band.label.get("sv", band.id), band.label.get("en", "")) for band in fw.bands
            }
            title = pick(fw.title.get("sv", fw.id), fw.title.get("en", ""))
        except KeyError:
            order, labels, title = [], {}, framework_id
        bands = order + sorted({b for key in cells for b in key if b not in order})
        rank = {b: i for i, b in enumerate(bands)}
        rows = []
        for a in bands:
            counts = [cells.get((a, b), 0) for b in bands]
            rows.append({"band": a, "label": labels.get(a, a or _("no band")), "cells": counts})
        out.append(
            {
                "framework": title,
                "columns": [labels.get(b, b or _("no band")) for b in bands],
                "rows": rows,
                "total": sum(cells.values()),
                "up": sum(n for (a, b), n in cells.items() if a and b and rank[b] > rank[a]),
                "down": sum(n for (a, b), n in cells.items() if a and b and rank[b] < rank[a]),
            }
        )
    return out


def _issues(doc: dict[str, Any]) -> dict[str, Any]:
    names = {cid: c.get("name", "") for cid, c in doc.get("companies", {}).items()}
    before = doc.get("before_start", [])
    return {
        "before_start": [
            {"activity": a, "company": c, "date": day, "company_name": names.get(str(c), "")}
            for a, c, day in before
        ],
        "before_start_count": doc.get("before_start_count", len(before)),
        "no_orgnr": [{"id": c, "name": names.get(str(c), "")} for c in doc.get("no_orgnr", [])],
        "unmapped": sorted(doc.get("unmapped", {}).items()),
    }


def _aid(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The de minimis aid the project granted up to the period's end (the ledger): total and companies."""
    aid = doc.get("aid")
    if aid is None:
        return None
    return {"total_sek": sum(aid.values()), "companies": sum(1 for v in aid.values() if v)}


def report_context(report: Report) -> dict[str, Any]:
    doc = report.figures.data
    period = report.period
    indicators = _indicator_rows(doc)
    municipalities: dict[str, float] = {}
    for cid in doc.get("indicators", {}).get("CO01", {}).get("ids", ()):
        code = doc["companies"].get(str(cid), {}).get("municipality")
        if code:
            municipalities[code] = municipalities.get(code, 0) + 1
    closed = doc.get("closed") if period.is_closed else None
    with_labels = dict(SupportType.choices)
    return {
        "project": doc.get("project", {}),
        "period": {
            "id": period.pk,
            "code": period.code,
            "kind": period.get_kind_display(),
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
        },
        "closed": bool(closed),
        "closed_at": _when(closed.get("at")) if closed else "",
        "closed_by": closed.get("by", "") if closed else "",
        "computed_at": _when(doc.get("computed_at")),
        "synthetic": bool(doc.get("project", {}).get("synthetic")),
        "indicators": indicators,
        "headline": [r for r in indicators if r["headline"]],
        "tables": _dimension_tables(doc, indicators),
        "municipalities": municipalities,
        "cross_county": _cross_county(doc),
        "movement": _movement(doc),
        "costs": doc.get("costs"),
        "aid": _aid(doc),
        "sections": report.sections,
        "issues": _issues(doc),
        "participants": sum(1 for c in doc.get("companies", {}).values() if c.get("p")),
        "support_types": {k: str(v) for k, v in with_labels.items()},
    }


def figure_rows(context: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure of the report as one flat row: indicator, dimension (total or a breakdown), key,
    label, value, target. The command line prints these; the page shows the same cells."""
    rows = []
    for ind in context["indicators"]:
        rows.append(
            {
                "indicator": ind["id"],
                "name": ind["name"],
                "unit": ind["unit"],
                "dimension": "total",
                "key": "",
                "label": _("Total"),
                "value": ind["value"],
                "new": ind["new"],
                "target": ind["target"],
                "status": ind["status_text"],
            }
        )
    for table in context["tables"]:
        for row in table["rows"]:
            for cell in row["cells"]:
                rows.append(
                    {
                        "indicator": cell["indicator"],
                        "name": row["indicator"]["name"],
                        "unit": row["indicator"]["unit"],
                        "dimension": table["dimension"],
                        "key": cell["key"],
                        "label": cell["label"],
                        "value": cell["value"],
                        "new": None,
                        "target": cell["target"],
                        "status": "",
                    }
                )
    return rows
