"""Company report as PDF (fpdf2) in Swedish or English: scores, peer position, T0→T1,
recommendations and action plan. Texts of the report itself are data in both languages below.

Built on `spets.core.pdf.Document` (A4, the built-in Helvetica, so it works offline; text reduced to
Latin-1, which covers Swedish å, ä, ö, é). Returns bytes; the view wraps them in a response.
"""

from __future__ import annotations

from spets.assessment.charts import COLOURS
from spets.assessment.radar import RINGS, Radar
from spets.assessment.scoring import band_is_shown
from spets.assessment.texts import band_text, status_text, tr
from spets.core import numbers
from spets.core.i18n import active_language, pick
from spets.core.pdf import FONT, Document

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
    "offer": {"sv": "Erbjudande", "en": "Offer"},
    "organisation": {"sv": "Organisation", "en": "Organisation"},
    "group_value": {"sv": "Värde", "en": "Value"},
    "answered_share": {"sv": "av frågorna besvarade", "en": "of the questions answered"},
    "preliminary_note": {
        "sv": "Preliminär: en nivå visas först när minst hälften av frågorna är besvarade.",
        "en": "Preliminary: a band is shown once at least half of the questions are answered.",
    },
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
# Characters of user text (company names, measures) the shared stand-ins do not cover.
STANDINS = {"«": '"', "»": '"'}


class Report(Document):
    """The report in the active language (Swedish or English), with "Spets · page" at every page's foot."""

    def __init__(self) -> None:
        super().__init__(footer_label="Spets", standins=STANDINS)
        self.lang = active_language()

    def t(self, key: str) -> str:
        return TEXT[key][self.lang]

    def heading(
        self, text: str, size: float = 12, *, space_before: float = 3, line_height: float = 8
    ) -> None:
        super().heading(text, size, space_before=space_before, line_height=line_height)

    def line_text(self, text: str, bold: bool = False, size: int = 9) -> None:
        self.paragraph(text, size=size, bold=bold, line_height=5, space_after=0)

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float]) -> None:
        """Left-aligned columns under a bold header; long cells wrap (offer names, measures)."""
        self.wrapped_table(
            rows,
            widths,
            headers,
            size=9,
            line_height=5.5,
            header_height=6,
            align="L",
            row_gap=0,
            space_after=0,
        )

    def bar_chart(self, rows: list[tuple[str, float | None]]) -> None:
        left, width = self.l_margin + 60, 100
        for label, score in rows:
            y = self.get_y()
            self.set_xy(self.l_margin, y)
            self.cell(58, 5, self.latin1(label)[:38], align="R")
            self.set_fill_color(230, 230, 230)
            self.rect(left, y + 0.8, width, 3.6, style="F")
            if score is not None:
                self.set_fill_color(*SERIES_RGB[0])
                self.rect(left, y + 0.8, width * score / 100, 3.6, style="F")
            self.set_xy(left + width + 2, y)
            self.cell(15, 5, "-" if score is None else f"{score:.0f}")
            self.ln(5.5)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


# Series colours as on the page (charts.COLOURS): the current round, then the baseline (T0).
SERIES_RGB = tuple(_rgb(c) for c in COLOURS)


def radar_chart(
    pdf: Document, labels: list[str], series: list[tuple[str, list[float | None]]], size: float = 70
) -> None:
    """Radar of 0–100 scores below the current position (geometry: `radar.Radar`, as on the page): rings
    at 25/50/75/100, one axis per dimension, one translucent polygon per series with the baseline drawn
    first so the current round lies on top. A missing score sits at the centre with a hollow marker
    (missing is not zero, but has no radius)."""
    n = len(labels)
    if n < 3:
        return
    if pdf.will_page_break(size + 14):
        pdf.add_page()
    top = pdf.get_y() + 6
    geometry = Radar(n, pdf.w / 2, top + size / 2, size / 2)
    cx, cy = geometry.cx, geometry.cy

    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.2)
    for ring in RINGS:
        pdf.polygon(geometry.ring(ring), style="D")
    pdf.set_font(FONT, size=7)
    for i, label in enumerate(labels):
        lx, ly = geometry.axis_end(i)
        pdf.line(cx, cy, lx, ly)
        text = pdf.latin1(label)
        width = pdf.get_string_width(text)
        x = lx - width / 2 if abs(lx - cx) < 3 else (lx if lx > cx else lx - width)
        pdf.text(x, ly + 1.2, text)
    for (_name, values), rgb in reversed(list(zip(series, SERIES_RGB, strict=False))):
        pts = geometry.polygon(values)
        pdf.set_draw_color(*rgb)
        pdf.set_fill_color(*rgb)
        pdf.set_line_width(0.6)
        with pdf.local_context(fill_opacity=0.18):
            pdf.polygon(pts, style="FD")
        for (x, y), v in zip(pts, values, strict=True):
            pdf.set_fill_color(*((255, 255, 255) if v is None else rgb))
            pdf.circle(x, y, 0.9, style="FD")
    if len(series) > 1:  # legend
        pdf.set_font(FONT, size=8)
        for k, ((name, _values), rgb) in enumerate(zip(series, SERIES_RGB, strict=False)):
            pdf.set_fill_color(*rgb)
            pdf.rect(pdf.l_margin + k * 25, top + size + 6, 3, 3, style="F")
            pdf.text(pdf.l_margin + k * 25 + 4.5, top + size + 8.6, pdf.latin1(name))
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_font(FONT, size=9)
    pdf.set_y(top + size + 12)


def _num(value: float | None, decimals: int = 0, lang: str = "sv") -> str:
    return "-" if value is None else numbers.number(value, decimals, lang)


def render_report(assessment, context: dict, plan, synthetic: bool) -> bytes:
    """The PDF bytes in the active language. Call it, like presenters.result_context(...) for `context`,
    with the report's language active (`spets.core.i18n.language_override`)."""
    pdf = Report()
    lang = pdf.lang
    company = assessment.company
    pdf.add_page()
    pdf.heading(pdf.t("title"), 16, space_before=0, line_height=10)
    pdf.line_text(company.name, bold=True, size=13)
    pdf.line_text(f"{company.orgnr[:6]}-{company.orgnr[6:]} · {company.municipality.name}")
    if synthetic:
        pdf.set_text_color(176, 0, 0)
        pdf.line_text(pdf.t("synthetic"), bold=True)
        pdf.set_text_color(0, 0, 0)
    fw = context["fw"]
    pdf.line_text(
        f"{pdf.t('framework')}: {tr(fw.title)} (v{fw.version}, {pdf.t('method')} "
        f"{context['result'].method_version})"
    )
    done = assessment.completed_at.date().isoformat() if assessment.completed_at else pdf.t("not_completed")
    pdf.line_text(f"{pdf.t('round')}: {assessment.round} · {pdf.t('completed')}: {done}")

    result = context["result"]
    overall_band = band_text(fw, result.overall.band, result.overall.coverage, lang) or "-"
    pdf.heading(
        f"{pdf.t('overall')}: {_num(result.overall.score, 1, lang)} "
        f"({overall_band}, {status_text(result.overall.status, lang)})"
    )
    pdf.line_text(f"{numbers.percent(result.overall.coverage, 0, lang)} {pdf.t('answered_share')}")
    if result.overall.band and not band_is_shown(result.overall.coverage):  # too little answered
        pdf.line_text(pdf.t("preliminary_note"))
    pdf.heading(pdf.t("scores"))
    rows = []
    chart = []
    for d in fw.dimensions:
        r = result.dimensions[d.id]
        title = tr(d.title)
        chart.append((title, r.score))
        rows.append(
            [
                title,
                _num(r.score, 1, lang),
                band_text(fw, r.band, r.coverage, lang) or "-",
                status_text(r.status, lang),
                numbers.percent(r.coverage, 0, lang),
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
        [62, 18, 36, 34, 22],
    )

    pdf.heading(pdf.t("peers"))
    prow = []
    for p in context["position"]:
        pct = _num(p["percentile"], 0, lang) if p["percentile"] is not None else pdf.t("too_few")
        prow.append([pdf.t(p["grouping"]), p["value"], str(p["n"]), pct, _num(p["median"], 1, lang)])
    pdf.table(
        [pdf.t("group"), pdf.t("group_value"), "n", pdf.t("percentile"), pdf.t("median")],
        prow,
        [35, 62, 12, 45, 25],
    )

    if comparison is not None:
        base = context["baseline"]
        pdf.heading(f"{base.round} -> {assessment.round}")
        for w in context["warnings"]:  # worded in the report's language by result_context
            pdf.line_text(f"{pdf.t('method_warning')}: {w}")
        titles = {d.id: tr(d.title) for d in fw.dimensions}
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
            [pdf.t("priority"), pdf.t("offer"), pdf.t("why"), pdf.t("organisation")],
            [
                [
                    _num(r.priority, 1, lang),
                    r.offer.name,
                    pick(r.reason.get("sv", ""), r.reason.get("en")),
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
    return pdf.to_bytes()
