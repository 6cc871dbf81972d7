"""The progress report as a PDF (fpdf2 through `spets.core.pdf`): the same context as the page
(`spets.programme.presenters.report_context`), in the active language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spets.core.pdf import FONT, Document
from spets.core.templatetags.spets import num, pct
from spets.geo.models import Municipality

WIDTH = 180.0  # A4 minus the margins, mm


def _cell(value: Any, decimals: int = 0) -> str:
    return num(value, decimals)


def _even(first: float, n: int) -> list[float]:
    rest = (WIDTH - first) / max(n, 1)
    return [first] + [rest] * n


class ReportDocument(Document):
    """The shared report layout with table headers that wrap (long organisation and county names) and sit
    over their columns (numbers right-aligned)."""

    def wrapped_table(self, rows, widths, header=None, *, size=8, line_height=4.0, align=None, **kwargs):
        if header:
            aligns = align if isinstance(align, (list, tuple)) else ["L"] + ["R"] * (len(widths) - 1)
            if isinstance(align, str):
                aligns = [align] * len(widths)
            self.set_font(FONT, "B", size)
            cells = [
                self.multi_cell(w - 1, line_height, self.latin1(h), dry_run=True, output="LINES") or [""]
                for w, h in zip(widths, header, strict=True)
            ]
            height = line_height * max(len(c) for c in cells)
            if self.will_page_break(height + 2 * line_height):
                self.add_page()
            x, y = self.get_x(), self.get_y()
            for i, (w, c) in enumerate(zip(widths, cells, strict=True)):
                self.set_xy(x + sum(widths[:i]), y)
                self.multi_cell(w - 1, line_height, "\n".join(c), align=aligns[i])
            self.line(x, y + height + 0.5, x + sum(widths), y + height + 0.5)
            self.set_xy(x, y + height + 1)
        super().wrapped_table(rows, widths, None, size=size, line_height=line_height, align=align, **kwargs)


def aid_text(aid: dict[str, Any]) -> str:
    return ngettext(
        "%(total)s SEK of de minimis aid granted by the project up to the period's end, to %(n)s company "
        "(the aid register).",
        "%(total)s SEK of de minimis aid granted by the project up to the period's end, to %(n)s companies "
        "(the aid register).",
        aid["companies"],
    ) % {"total": num(aid["total_sek"]), "n": aid["companies"]}


def render_report(ctx: dict[str, Any]) -> bytes:
    period = ctx["period"]
    title = _("Progress report %(code)s") % {"code": period["code"]}
    doc = ReportDocument(footer_label=f"{ctx['project'].get('name', '')} · {title}")
    doc.add_page()
    doc.heading(title, 16)
    doc.paragraph(
        f"{ctx['project'].get('name', '')} · {period['kind']} · {period['starts_on']} – {period['ends_on']}"
    )
    if ctx["closed"]:
        doc.paragraph(
            _("Closed by %(who)s on %(when)s: the figures as reported.")
            % {"who": ctx["closed_by"], "when": ctx["closed_at"]},
            bold=True,
        )
    else:
        doc.paragraph(
            _("Open period: figures computed %(when)s; they change until the period is closed.")
            % {"when": ctx["computed_at"]},
            bold=True,
        )
    if ctx["synthetic"]:
        doc.paragraph(_("Synthetic demo data — invented for trying Spets, not real companies."))

    doc.heading(_("Indicators against targets"))
    rows = [
        [
            ind["id"],
            ind["name"],
            _cell(ind["value"]),
            _cell(ind["new"]),
            _cell(ind["target"]),
            pct(ind["share"], 0) if ind["share"] is not None else "–",
            ind["status_text"] or ind["unit_label"],
        ]
        for ind in ctx["indicators"]
    ]
    doc.wrapped_table(
        rows,
        [14, 62, 18, 18, 18, 16, 34],
        [_("Indicator"), _("Name"), _("Outcome"), _("New"), _("Target"), _("Share"), _("Unit / note")],
        align=["L", "L", "R", "R", "R", "R", "L"],
    )
    doc.paragraph(
        _(
            "Each enterprise counts once per indicator, across organisations and periods. Figures are cumulative "
            "from the project's start to the period's end; size class is the class at first support."
        ),
        size=7.5,
    )

    for table in ctx["tables"]:
        doc.heading(table["heading"], 11)
        columns = table["columns"]
        data = []
        for row in table["rows"]:
            cells = []
            for cell in row["cells"]:
                text = _cell(cell["value"])
                if cell["target"] is not None:
                    text += f" ({_cell(cell['target'])})"
                cells.append(text)
            data.append([row["indicator"]["id"], *cells])
        doc.wrapped_table(
            data, _even(18, len(columns)), [_("Indicator"), *[c["label"] for c in columns]], size=7
        )
        if table["dimension"] == "county":
            doc.paragraph(_("In brackets: the county's target."), size=7.5)
        if not table["adds_up"]:
            doc.paragraph(
                _(
                    "A company supported by several organisations (or in several focus areas) appears under each."
                ),
                size=7.5,
            )

    names = dict(Municipality.objects.values_list("code", "name"))
    municipalities = sorted(ctx["municipalities"].items(), key=lambda kv: (-kv[1], kv[0]))
    doc.heading(_("Supported companies by municipality"), 11)
    doc.wrapped_table(
        [[names.get(code, code), _cell(n)] for code, n in municipalities] or [["–", "–"]],
        [80, 30],
        [_("Municipality"), _("Companies (CO01)")],
    )

    cross = ctx["cross_county"]
    doc.heading(_("Support across county borders"), 11)
    doc.wrapped_table(
        [[r["label"], *[_cell(c["value"]) for c in r["cells"]], _cell(r["outside"])] for r in cross["rows"]]
        or [["–"] + ["–"] * (len(cross["columns"]) + 1)],
        _even(50, len(cross["columns"]) + 1),
        [_("Organisation"), *[c["label"] for c in cross["columns"]], _("Outside own county")],
        size=7.5,
    )

    doc.heading(_("Maturity from T0 to T1"), 11)
    for m in ctx["movement"]:
        doc.paragraph(
            _("%(fw)s: %(n)s companies with T0 and T1; %(up)s rose a band or more, %(down)s fell.")
            % {"fw": m["framework"], "n": m["total"], "up": m["up"], "down": m["down"]}
        )
        doc.wrapped_table(
            [[r["label"], *[_cell(n) for n in r["cells"]]] for r in m["rows"]],
            _even(40, len(m["columns"])),
            ["T0 \\ T1", *m["columns"]],
            size=7,
        )
    if not ctx["movement"]:
        doc.paragraph(_("No supported company has both a T0 and a T1 assessment yet."))

    doc.heading(_("Hours and cost against budget"), 11)
    costs = ctx["costs"]
    if costs:
        doc.wrapped_table(
            [
                [
                    str(r.get("organisation", "")),
                    str(r.get("kind_label", r.get("kind", ""))),
                    _cell(r.get("budget_sek")),
                    _cell(r.get("outcome_sek")),
                    _cell(r.get("cumulative_sek")),
                    pct(r.get("share"), 0),
                ]
                for r in costs
            ],
            [46, 34, 25, 25, 25, 25],
            [
                _("Organisation"),
                _("Budget line"),
                _("Budget (SEK)"),
                _("This period"),
                _("To date"),
                _("Share"),
            ],
            align=["L", "L", "R", "R", "R", "R"],
            size=7.5,
        )
    else:
        doc.paragraph("–")

    doc.heading(_("De minimis aid"), 11)
    aid = ctx.get("aid")
    if aid:
        doc.paragraph(aid_text(aid))
    else:
        doc.paragraph("–")

    doc.heading(_("The project leader's report"), 11)
    for section in ctx["sections"]:
        doc.paragraph(str(section["label"]), bold=True)
        doc.paragraph(section["text"] or "–")

    issues = ctx["issues"]
    doc.heading(_("Data to check"), 11)
    if issues["before_start_count"]:
        doc.paragraph(
            _("%(n)s activities are dated before the project's start and are not counted.")
            % {"n": issues["before_start_count"]}
        )
    for c in issues["no_orgnr"]:
        doc.paragraph(_("%(name)s (company id %(id)s) has no organisation number.") % c)
    if not issues["before_start_count"] and not issues["no_orgnr"]:
        doc.paragraph(_("Nothing to check."))
    return doc.to_bytes()
