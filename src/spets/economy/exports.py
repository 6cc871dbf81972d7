"""Footprint and scenario results as a terminal table, JSON and XLSX (labels and sources included).

Each export returns text or bytes; the page wraps them in a response, the commands write them out.
"""

from __future__ import annotations

import io
import json
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from spets.core.spreadsheet import inert_formulas
from spets.economy import texts


def sek(value: float | None) -> str:
    """Whole SEK with thin-space thousands (Swedish style); None → '–'."""
    return "–" if value is None else f"{value:,.0f}".replace(",", " ")


def persons(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}".replace(",", " ")


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2, default=str)


def _labels(result: dict[str, Any]) -> list[str]:
    return list(result.get("metadata", {}).get("labels", []))


def text_table(result: dict[str, Any]) -> str:
    """A readable plain-text report for the terminal (in the active language)."""
    w_notice, w_direct, w_indirect, w_induced, w_total = (
        _("notice"),
        _("direct"),
        _("indirect"),
        _("induced"),
        _("total"),
    )
    w_wages, w_value_added, w_median, w_method, w_table = (
        _("Wages"),
        _("Value added"),
        _("median"),
        _("method"),
        _("table"),
    )
    w_municipalities, w_regions, w_state = _("municipalities"), _("regions"), _("state")
    w_regionalisation = _("regionalisation")
    emp = result["employment"]
    tax = result["tax_sek"]
    meta = result["metadata"]
    what = result.get("industry_label") or "SNI " + ", ".join(result["industries"])
    title = result.get("scenario", {}).get("name") or _("Footprint of %(what)s") % {"what": what}
    lines = [
        _("%(title)s — %(area)s (%(spec)s), year %(year)s")
        % {
            "title": title,
            "area": result.get("area_name", result["area"]),
            "spec": result["area"],
            "year": result["year"],
        }
    ]
    if result.get("scope"):
        lines.append(
            _("Scope: %(name)s (%(key)s) — %(text)s")
            % {"name": result["scope_name"], "key": result["scope"], "text": result["scope_explanation"]}
        )
    lines += [f"  ! {label}" for label in _labels(result)]
    lines += [f"  ! {w_notice}: {n}" for n in meta.get("notices", [])]
    money = _("SEK/year")
    lines += [
        "",
        _("Employment (persons)"),
        f"  {w_direct:<10}{persons(emp['direct']):>14}",
        f"  {w_indirect:<10}{persons(emp['indirect']):>14}",
        f"  {w_induced:<10}{persons(emp['induced']):>14}",
        f"  {w_total:<10}{persons(emp['total']):>14}",
        "",
        f"{w_wages:<15}{sek(result['wages_sek']):>20} {money}",
        f"{w_value_added:<15}{sek(result['value_added_sek']):>20} {money}",
        "",
        _("Tax revenue by recipient (SEK/year)"),
        f"  {w_municipalities:<15}{sek(tax['municipalities']):>18}",
        f"  {w_regions:<15}{sek(tax['regions']):>18}",
        f"  {w_state:<15}{sek(tax['state']):>18}",
        f"  {w_total:<15}{sek(tax['total']):>18}",
        "",
        _("By recipient"),
    ]
    for r in tax["by_recipient"]:
        lines.append(f"  {r['code']:<5} {r['name'][:44]:<44} {sek(r['sek']):>16}")
    lines += ["", _("By tax type")]
    for k, v in tax["by_type"].items():
        lines.append(f"  {texts.tax_type(k)[:58]:<58} {sek(v):>16}")
    lines += _split_lines(result)
    if "scenario" in result:
        lines += [
            "",
            _("Effect by municipality (jobs: direct / indirect / induced / total; municipal tax SEK)"),
        ]
        for r in result["by_region"]:
            mark = " " if r.get("in_area") else "*"
            lines.append(
                f" {mark}{r['code']:<5} {r['name'][:30]:<30} {r['direct']:>8.1f} {r['indirect']:>8.1f} "
                f"{r['induced']:>8.1f} {r['total_jobs']:>9.1f} {sek(r['municipal_tax_sek']):>14}"
            )
        lines.append("  " + _("(* = outside the area)"))
        if result.get("intervals"):
            iv = result["intervals"]
            lines += [
                "",
                _("Sensitivity (%(draws)s Monte Carlo draws, %(lo)s–%(hi)s %% interval)")
                % {
                    "draws": iv["draws"],
                    "lo": int(iv["quantiles"][0] * 100),
                    "hi": int(iv["quantiles"][1] * 100),
                },
            ]
            for k in (
                "employment_total",
                "tax_total_sek",
                "tax_municipalities_sek",
                "tax_regions_sek",
                "tax_state_sek",
            ):
                v = iv["values"][k]
                lines.append(
                    f"  {texts.interval(k):<34} {sek(v['low']):>16} – {sek(v['high']):>16} "
                    f"({w_median} {sek(v['median'])})"
                )
    emp_meta = meta["inputs"]["employment"]
    lines += [
        "",
        _("Sources and method"),
        f"  {w_method}: {meta['method']}",
        "  "
        + _("employment: %(title)s (%(source)s), series %(series)s v%(version)s, year %(year)s")
        % {
            "title": texts.employment_title(emp_meta),
            "source": emp_meta["source"],
            "series": emp_meta["series"],
            "version": emp_meta["version"],
            "year": emp_meta["year"],
        },
        f"  {w_table}: {texts.table_name(meta['table']['name'])} "
        f"({meta['table']['source']}, {meta['table']['year']}; "
        f"{_('approximate') if meta['table']['approximate'] else _('real')})",
        "  "
        + _("tax year %(year)s (rates of %(rates)s); commuting: %(commuting)s")
        % {"year": meta["tax_year"], "rates": meta["tax_rates_year"], "commuting": meta["commuting"]},
        f"  {w_regionalisation}: {meta['regionalisation']}",
    ]
    return "\n".join(lines) + "\n"


def _split_lines(result: dict[str, Any]) -> list[str]:
    """Jobs, wages and tax of the scope by place and by effect (terminal table)."""
    if "by_place" not in result:
        return []
    head = f"  {'':<32}{_('jobs'):>10}{_('wages'):>18}{_('tax'):>18}"
    lines = ["", _("By place (SEK/year)"), head]
    rows = [(texts.place(k), v) for k, v in result["by_place"].items()]
    rows += [(None, None)] + [(texts.effect(k), v) for k, v in result["by_effect"].items()]
    for name, v in rows:
        if name is None:
            lines += ["", _("By effect (SEK/year)"), head]
            continue
        lines.append(
            f"  {name[:32]:<32}{persons(v['jobs']):>10}{sek(v['wages_sek']):>18}{sek(v['tax_sek']['total']):>18}"
        )
    return lines


def to_xlsx(result: dict[str, Any]) -> bytes:
    """Workbook: Summary, Recipients, Tax types, Municipalities, (Intervals), Sources."""
    wb = Workbook()
    bold = Font(bold=True)
    ws = wb.active
    ws.title = "Summary"
    emp = result["employment"]
    tax = result["tax_sek"]
    rows: list[tuple[Any, ...]] = [
        ("Spets economic footprint",),
        *((label,) for label in _labels(result)),
        *((f"notice: {n}",) for n in result.get("metadata", {}).get("notices", [])),
        (),
        ("area", result["area"], result.get("area_name", "")),
        ("year", result["year"]),
        ("industries", ", ".join(result["industries"])),
    ]
    if "scenario" in result:
        rows.append(("scenario", result["scenario"]["name"]))
    rows += [
        (),
        ("quantity", "value", "unit"),
        ("employment, direct", emp["direct"], "persons"),
        ("employment, indirect", emp["indirect"], "persons"),
        ("employment, induced", emp["induced"], "persons"),
        ("employment, total", emp["total"], "persons"),
        ("wages", result["wages_sek"], "SEK/year"),
        ("value added", result["value_added_sek"], "SEK/year"),
        ("tax, municipalities", tax["municipalities"], "SEK/year"),
        ("tax, regions", tax["regions"], "SEK/year"),
        ("tax, state", tax["state"], "SEK/year"),
        ("tax, total", tax["total"], "SEK/year"),
    ]
    for r in rows:
        ws.append(list(r))
    ws["A1"].font = bold
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 20

    ws = wb.create_sheet("Recipients")
    ws.append(["kind", "code", "name", "SEK/year"])
    for r in tax["by_recipient"]:
        ws.append([r["kind"], r["code"], r["name"], r["sek"]])
    ws = wb.create_sheet("Tax types")
    ws.append(["tax type", "description", "SEK/year"])
    for k, v in tax["by_type"].items():
        ws.append([k, texts.tax_type(k), v])
    ws = wb.create_sheet("Municipalities")
    ws.append(
        [
            "code",
            "name",
            "in area",
            "jobs direct",
            "jobs indirect",
            "jobs induced",
            "jobs total",
            "municipal income tax SEK/year",
        ]
    )
    area = set(result.get("area_regions", []))
    for r in result["by_region"]:
        ws.append(
            [
                r["code"],
                r["name"],
                r.get("in_area", r["code"] in area),
                r["direct"],
                r["indirect"],
                r["induced"],
                r["total_jobs"],
                r["municipal_tax_sek"],
            ]
        )
    if result.get("intervals"):
        ws = wb.create_sheet("Intervals")
        iv = result["intervals"]
        ws.append([f"Monte Carlo, {iv['draws']} draws, seed {iv['seed']}, quantiles {iv['quantiles']}"])
        ws.append(["quantity", "low", "median", "high"])
        for k, v in iv["values"].items():
            ws.append([k, v["low"], v["median"], v["high"]])
    ws = wb.create_sheet("Sources")
    for key, value in flatten_metadata(result["metadata"]):
        ws.append([key, value])
    ws.column_dimensions["A"].width = 48
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = bold
    buf = io.BytesIO()
    inert_formulas(wb)
    wb.save(buf)
    return buf.getvalue()


def flatten_metadata(value: Any, prefix: str = "", number: Any = None) -> list[tuple[str, str]]:
    """Nested metadata → (dotted key, text) rows; ``number`` formats numbers (the PDF: Swedish style)."""
    if isinstance(value, dict):
        out: list[tuple[str, str]] = []
        for k, v in value.items():
            out += flatten_metadata(v, f"{prefix}.{k}" if prefix else str(k), number)
        return out
    if isinstance(value, list | tuple):
        if all(not isinstance(v, dict | list) for v in value):
            return [(prefix, "; ".join(_text(v, number) for v in value))]
        out = []
        for i, v in enumerate(value):
            out += flatten_metadata(v, f"{prefix}[{i}]", number)
        return out
    return [(prefix, _text(value, number))]


def _text(value: Any, number: Any) -> str:
    if value is None:
        return ""
    if number is not None and isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    return str(value)


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def validation_text(report: dict[str, Any]) -> str:
    """`spets footprint validate` as a plain-text report (in the active language)."""
    t = report["table"]
    emp = report["employment"]
    lines = [
        _("Validation of the footprint, income year %(year)s") % {"year": report["year"]},
        _("table: %(name)s (%(year)s)%(label)s")
        % {
            "name": texts.table_name(t["name"]),
            "year": t["year"],
            "label": ", APPROXIMATE" if t["approximate"] else "",
        },
        _("employment: %(series)s v%(version)s, %(year)s%(label)s")
        % {
            "series": emp["series"],
            "version": emp["version"],
            "year": emp["year"],
            "label": ", SYNTHETIC" if emp["synthetic"] else "",
        },
        "",
    ]
    va = report["value_added"]
    lines.append("1. " + _("Value added by county: model against SCB NR0105 (MSEK)"))
    if va["status"] != "compared":
        lines.append("   " + va["message"])
    else:
        ref = va["reference"]
        lines.append(
            "   "
            + _("NR0105: %(series)s v%(version)s, %(year)s, %(contents)s")
            % {
                "series": ref["series"],
                "version": ref["version"],
                "year": ref["year"],
                "contents": ref["contents_label"],
            }
        )
    lines.append(f"   {_('county'):<28} {_('model'):>12} {'NR0105':>12} {_('ratio'):>6}")
    for r in va["rows"]:
        lines.append(
            f"   {r['code'] + ' ' + r['name']:<28.28} {sek(r['model']):>12} {sek(r['reference']):>12} {_ratio(r['ratio']):>6}"
        )
    lines += ["   " + va["note"], ""]

    tu = report["turnover"]
    lines.append("2. " + _("Direct output of B + C: model against the register's turnover (MSEK)"))
    if tu["message"]:
        lines.append("   " + tu["message"])
    lines.append(
        f"   {_('municipality'):<28} {_('model'):>10} {_('register'):>10} {_('ratio'):>6} {_('workplaces'):>10}"
    )
    for r in tu["rows"]:
        lines.append(
            f"   {r['code'] + ' ' + r['name']:<28.28} {sek(r['model']):>10} {sek(r['reference']):>10} "
            f"{_ratio(r['ratio']):>6} {r['workplaces']:>10}"
        )
    tot = tu["total"]
    lines.append(
        f"   {_('total'):<28} {sek(tot['model']):>10} {sek(tot['reference']):>10} {_ratio(tot['ratio']):>6}"
    )
    lines += ["   " + tu["note"], ""]

    mu = report["multipliers"]
    lines.append(
        "3. " + _("Type I employment multipliers (%(table)s)") % {"table": texts.table_name(mu["table"])}
    )
    for r in mu["rows"]:
        lines.append(f"   {r['industry']:<8} {r['type_i']:>5.2f}  {r['name']}")
    lines += ["   " + mu["note"], ""]

    st = report["structural"]
    lines.append(
        "4. "
        + _(
            "Structural uncertainty, SNI %(sni)s in the programme area: jobs in Sweden / in the area, tax (bn SEK)"
        )
        % {"sni": st["sni"]}
    )
    scopes = list(st["variants"][0]["scopes"])
    lines.append(f"   {_('variant'):<30}" + "".join(f" {s:>24}" for s in scopes))
    for v in st["variants"]:
        name = (
            _("extraction") if v["method"] == "extraction" else _("whole output")
        ) + f", δ = {v['delta']:g}"
        name += " *" if v["default"] else ""
        cells = "".join(
            " " + f"{persons(c['jobs'])} / {persons(c['jobs_in_area'])}, {c['tax_sek'] / 1e9:.1f}".rjust(24)
            for c in v["scopes"].values()
        )
        lines.append(f"   {name:<30}{cells}")
    lines += ["   * " + _("default"), "   " + st["note"], ""]
    return "\n".join(lines)
