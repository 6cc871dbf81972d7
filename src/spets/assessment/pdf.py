"""Company report as PDF (fpdf2) in Swedish or English: scores, peer position, T0→T1,
recommendations and action plan. Texts of the report itself are data in both languages below.

Uses the PDF core font (no font files needed, works offline); text is reduced to Latin-1, which covers
Swedish (å, ä, ö, é) — other characters are replaced by plain equivalents.
"""

from __future__ import annotations

import math

from fpdf import FPDF

from spets.assessment.forms import tr

TEXT = {
    "title": {"sv": "Bedömningsrapport", "en": "Assessment report"},
    "synthetic": {
        "sv": "Syntetiska demodata - påhittade för att prova Spets, inte ett verkligt företag.",
        "en": "Synthetic demo data - invented for trying Spets, not a real company.",
    },
    "framework": {"sv": "Ramverk", "en": "Framework"},
    "method": {"sv": "metodversion", "en": "method version"},
    "round": {"sv": "Omgång", "en": "Round"},
    "completed": {"sv": "Klar", "en": "Completed"},
    "not_completed": {"sv": "pågår (preliminärt resultat)", "en": "in progress (preliminary result)"},
    "overall": {"sv": "Sammanvägt", "en": "Overall"},
    "scores": {"sv": "Poäng per dimension (0-100)", "en": "Scores by dimension (0-100)"},
    "dimension": {"sv": "Dimension", "en": "Dimension"},
    "score": {"sv": "Poäng", "en": "Score"},
    "band": {"sv": "Nivå", "en": "Band"},
    "status": {"sv": "Status", "en": "Status"},
    "coverage": {"sv": "Besvarat", "en": "Answered"},
    "complete": {"sv": "komplett", "en": "complete"},
    "partial": {"sv": "delvis", "en": "partial"},
    "missing": {"sv": "saknas", "en": "missing"},
    "peers": {"sv": "Position bland jämförbara företag", "en": "Position among peers"},
    "group": {"sv": "Grupp", "en": "Group"},
    "percentile": {"sv": "Percentil", "en": "Percentile"},
    "median": {"sv": "Median", "en": "Median"},
    "too_few": {"sv": "för få företag (minst 5)", "en": "too few companies (at least 5)"},
    "sni_section": {"sv": "SNI-avdelning", "en": "SNI section"},
    "size_class": {"sv": "Storleksklass", "en": "Size class"},
    "county": {"sv": "Län", "en": "County"},
    "programme_area": {"sv": "Programområdet", "en": "Programme area"},
    "change": {"sv": "Förändring", "en": "Change"},
    "crossing_up": {"sv": "upp en nivå", "en": "up a band"},
    "crossing_down": {"sv": "ned en nivå", "en": "down a band"},
    "recommendations": {"sv": "Rekommenderade erbjudanden", "en": "Recommended offers"},
    "priority": {"sv": "Prioritet", "en": "Priority"},
    "why": {"sv": "Varför", "en": "Why"},
    "none": {"sv": "Inga.", "en": "None."},
    "plan": {"sv": "Handlingsplan", "en": "Action plan"},
    "measure": {"sv": "Åtgärd", "en": "Measure"},
    "responsible": {"sv": "Ansvarig", "en": "Responsible"},
    "due": {"sv": "Klart senast", "en": "Due"},
    "method_warning": {"sv": "Varning", "en": "Warning"},
}
PLAN_STATUS = {
    "planned": {"sv": "planerad", "en": "planned"},
    "in_progress": {"sv": "pågår", "en": "in progress"},
    "done": {"sv": "klar", "en": "done"},
    "cancelled": {"sv": "avbruten", "en": "cancelled"},
}
REPLACE = {
    "–": "-",
    "—": "-",
    "→": "->",
    "≥": ">=",
    "≤": "<=",
    "’": "'",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "\u202f": " ",
    "\u00a0": " ",
    "×": "x",
    "…": "...",
}


def _latin1(text: str) -> str:
    for a, b in REPLACE.items():
        text = text.replace(a, b)
    return text.encode("latin-1", "replace").decode("latin-1")


class Report(FPDF):
    def __init__(self, lang: str):
        super().__init__(format="A4")
        self.lang = lang
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)

    def t(self, key: str) -> str:
        return TEXT[key][self.lang]

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, _latin1(f"Spets · {self.page_no()}"), align="C")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("Helvetica", "B", 12)
        self.cell(0, 8, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=9)

    def line_text(self, text: str, bold: bool = False, size: int = 9) -> None:
        self.set_font("Helvetica", "B" if bold else "", size)
        self.multi_cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=9)

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float]) -> None:
        self.set_font("Helvetica", "B", 9)
        for h, w in zip(headers, widths, strict=True):
            self.cell(w, 6, _latin1(h), border="B")
        self.ln()
        self.set_font("Helvetica", size=9)
        for row in rows:
            for value, w in zip(row, widths, strict=True):
                self.cell(w, 5.5, _latin1(str(value))[: int(w / 1.6)])
            self.ln()

    def bar_chart(self, rows: list[tuple[str, float | None]]) -> None:
        left, width = self.l_margin + 60, 100
        for label, score in rows:
            y = self.get_y()
            self.set_xy(self.l_margin, y)
            self.cell(58, 5, _latin1(label)[:38], align="R")
            self.set_fill_color(230, 230, 230)
            self.rect(left, y + 0.8, width, 3.6, style="F")
            if score is not None:
                self.set_fill_color(11, 93, 84)
                self.rect(left, y + 0.8, width * score / 100, 3.6, style="F")
            self.set_xy(left + width + 2, y)
            self.cell(15, 5, "-" if score is None else f"{score:.0f}")
            self.ln(5.5)


# Series colours as on the page (charts.COLOURS): the current round, then the baseline (T0).
SERIES_RGB = ((11, 93, 84), (194, 24, 91))


def radar_chart(
    pdf: FPDF, labels: list[str], series: list[tuple[str, list[float | None]]], size: float = 70
) -> None:
    """Radar of 0–100 scores below the current position: rings at 25/50/75/100, one axis per dimension,
    one translucent polygon per series with the baseline drawn first so the current round lies on top.
    A missing score sits at the centre with a hollow marker (missing is not zero, but has no radius)."""
    n = len(labels)
    if n < 3:
        return
    if pdf.will_page_break(size + 14):
        pdf.add_page()
    top = pdf.get_y() + 6
    cx, cy, radius = pdf.w / 2, top + size / 2, size / 2

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.2)
    for ring in (25, 50, 75, 100):
        pdf.polygon([point(i, ring) for i in range(n)], style="D")
    pdf.set_font("Helvetica", size=7)
    for i, label in enumerate(labels):
        pdf.line(cx, cy, *point(i, 100))
        lx, ly = point(i, 112)
        text = _latin1(label)
        width = pdf.get_string_width(text)
        x = lx - width / 2 if abs(lx - cx) < 3 else (lx if lx > cx else lx - width)
        pdf.text(x, ly + 1.2, text)
    for (_name, values), rgb in reversed(list(zip(series, SERIES_RGB, strict=False))):
        pts = [point(i, v or 0) for i, v in enumerate(values)]
        pdf.set_draw_color(*rgb)
        pdf.set_fill_color(*rgb)
        pdf.set_line_width(0.6)
        with pdf.local_context(fill_opacity=0.18):
            pdf.polygon(pts, style="FD")
        for (x, y), v in zip(pts, values, strict=True):
            pdf.set_fill_color(*((255, 255, 255) if v is None else rgb))
            pdf.circle(x, y, 0.9, style="FD")
    if len(series) > 1:  # legend
        pdf.set_font("Helvetica", size=8)
        for k, ((name, _values), rgb) in enumerate(zip(series, SERIES_RGB, strict=False)):
            pdf.set_fill_color(*rgb)
            pdf.rect(pdf.l_margin + k * 25, top + size + 6, 3, 3, style="F")
            pdf.text(pdf.l_margin + k * 25 + 4.5, top + size + 8.6, _latin1(name))
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_font("Helvetica", size=9)
    pdf.set_y(top + size + 12)


def _num(value: float | None, decimals: int = 0, lang: str = "sv") -> str:
    if value is None:
        return "-"
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "sv" else text


def render_report(assessment, context: dict, plan, lang: str, synthetic: bool) -> bytes:
    """The PDF bytes. Call it, like views.result_context(...) for `context`, with the report language active."""
    pdf = Report(lang)
    company = assessment.company
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin1(pdf.t("title")), new_x="LMARGIN", new_y="NEXT")
    pdf.line_text(company.name, bold=True, size=13)
    pdf.line_text(f"{company.orgnr[:6]}-{company.orgnr[6:]} · {company.municipality.name}")
    if synthetic:
        pdf.set_text_color(176, 0, 0)
        pdf.line_text(pdf.t("synthetic"), bold=True)
        pdf.set_text_color(0, 0, 0)
    fw = context["fw"]
    pdf.line_text(
        f"{pdf.t('framework')}: {tr(fw.title, lang)} (v{fw.version}, {pdf.t('method')} "
        f"{context['result'].method_version})"
    )
    done = assessment.completed_at.date().isoformat() if assessment.completed_at else pdf.t("not_completed")
    pdf.line_text(f"{pdf.t('round')}: {assessment.round} · {pdf.t('completed')}: {done}")

    result = context["result"]
    bands = {b.id: tr(b.label, lang) for b in fw.bands}
    pdf.heading(
        f"{pdf.t('overall')}: {_num(result.overall.score, 1, lang)} "
        f"({bands.get(result.overall.band or '', '-')}, {pdf.t(result.overall.status)})"
    )
    pdf.heading(pdf.t("scores"))
    rows = []
    chart = []
    for d in fw.dimensions:
        r = result.dimensions[d.id]
        title = tr(d.title, lang)
        chart.append((title, r.score))
        rows.append(
            [
                title,
                _num(r.score, 1, lang),
                bands.get(r.band or "", "-"),
                pdf.t(r.status),
                f"{r.coverage * 100:.0f} %",
            ]
        )
    pdf.bar_chart(chart)
    comparison = context.get("comparison")
    series = [(assessment.round, [score for _title, score in chart])]
    if comparison is not None:  # the baseline behind the follow-up, as on the page
        series.append(
            (
                context["baseline"].round,
                [
                    comparison.dimensions[d.id].before if d.id in comparison.dimensions else None
                    for d in fw.dimensions
                ],
            )
        )
    radar_chart(pdf, [title for title, _score in chart], series)
    pdf.ln(2)
    pdf.table(
        [pdf.t("dimension"), pdf.t("score"), pdf.t("band"), pdf.t("status"), pdf.t("coverage")],
        rows,
        [70, 22, 40, 25, 20],
    )

    pdf.heading(pdf.t("peers"))
    prow = []
    for p in context["position"]:
        pct = _num(p["percentile"], 0, lang) if p["percentile"] is not None else pdf.t("too_few")
        prow.append([pdf.t(p["grouping"]), p["value"], str(p["n"]), pct, _num(p["median"], 1, lang)])
    pdf.table([pdf.t("group"), "", "n", pdf.t("percentile"), pdf.t("median")], prow, [35, 62, 12, 45, 25])

    if comparison is not None:
        base = context["baseline"]
        pdf.heading(f"{base.round} -> {assessment.round}")
        for w in context["warnings"]:  # worded in the report's language by result_context
            pdf.line_text(f"{pdf.t('method_warning')}: {w}")
        titles = {d.id: tr(d.title, lang) for d in fw.dimensions}
        crow = []
        for c in [*comparison.dimensions.values(), comparison.overall]:
            sign = "" if c.delta is None else ("+" if c.delta > 0 else "")
            crossing = pdf.t(f"crossing_{c.crossing}") if c.crossing else ""
            crow.append(
                [
                    titles.get(c.id, pdf.t("overall")),
                    _num(c.before, 1, lang),
                    _num(c.after, 1, lang),
                    sign + _num(c.delta, 1, lang),
                    crossing,
                ]
            )
        pdf.table(
            [pdf.t("dimension"), base.round, assessment.round, pdf.t("change"), ""],
            crow,
            [70, 22, 22, 25, 40],
        )

    pdf.heading(pdf.t("recommendations"))
    if context["recommendations"]:
        pdf.table(
            [pdf.t("priority"), "", pdf.t("why"), ""],
            [
                [
                    _num(r.priority, 1, lang),
                    r.offer.name,
                    tr({"sv": r.reason.get("sv", ""), "en": r.reason.get("en", "")}, lang),
                    r.offer.organisation.name,
                ]
                for r in context["recommendations"][:10]
            ],
            [18, 60, 65, 37],
        )
    else:
        pdf.line_text(pdf.t("none"))

    pdf.heading(pdf.t("plan"))
    items = list(plan)
    if items:
        pdf.table(
            [pdf.t("measure"), pdf.t("responsible"), pdf.t("due"), pdf.t("status")],
            [
                [
                    i.measure,
                    i.responsible.name,
                    i.due_date.isoformat() if i.due_date else "-",
                    PLAN_STATUS[i.status][lang],
                ]
                for i in items
            ],
            [80, 45, 25, 30],
        )
    else:
        pdf.line_text(pdf.t("none"))
    return bytes(pdf.output())
