"""PDF report of a footprint or scenario (fpdf2): results, the method, every assumption and source.

Uses fpdf2's built-in Helvetica (no font files, works offline); text outside Latin-1 (→, λ, Σ, ≤ …)
is transliterated so formulas stay readable.
"""

from __future__ import annotations

from typing import Any

from spets.economy.exports import TAX_TYPES, flatten_metadata, persons, sek
from spets.economy.tax import tax_year

METHOD: list[tuple[str, list[str]]] = [
    ("1. National input-output model", [
        "Flows Z (industry i to industry j, MSEK), output x and final demand f with Z1 + f = x. Technical "
        "coefficients A = Z diag(x)^-1, a_ij = z_ij / x_j. Leontief quantity model x = (I - A)^-1 f. Spets solves "
        "the linear systems (LU, or GMRES for the multi-regional model) and never forms the inverse.",
        "Type I effects: x_I = (I - A)^-1 df. Type II: households endogenous with a wage row h_j = e_j w_j "
        "(household income per MSEK of output) and a consumption column c_i (household purchases per unit of "
        "income): x_II from the closed system. Direct = df, indirect = x_I - df, induced = x_II - x_I "
        "(Miller & Blair, Input-Output Analysis, 2nd ed., 2009, ch. 2 and 6).",
        "Validation on load: labels, no negative or missing flows, balance, and productivity (spectral radius "
        "of A below 1).",
    ]),
    ("2. Regionalisation and the multi-regional model", [
        "Location quotients with employment E (region r, nation N, industry i): SLQ_i = (E_ri/E_r)/(E_Ni/E_N); "
        "CILQ_ij = SLQ_i/SLQ_j; FLQ_ij = lambda* CILQ_ij with lambda* = [log2(1 + E_r/E_N)]^delta, delta = 0.3 "
        "(Flegg & Webber 1997; Flegg & Tohmo 2013). Share of input i to industry j bought inside region s: "
        "q_ij = min(1, FLQ_ij); households use min(1, lambda* SLQ_i).",
        "Multi-regional coefficients: A[(r,i),(s,j)] = a_ij q^s_ij if r = s, and a_ij (1 - q^s_ij) g^i_rs if "
        "r != s, with gravity trade shares g^i_rs = E_ri d_rs^-beta / sum over r' != s of E_r'i d_r's^-beta, d the "
        "great-circle distance between municipality centroids (km, at least 1) and beta = 1. Column sums equal "
        "the national ones, so the national table is reproduced when all regions are included.",
        "Regions: the 41 programme municipalities and 'rest of Sweden' (all other municipalities in the "
        "employment statistics, at their employment-weighted centroid). Household income earned in s is paid "
        "to residents of h by a commuting matrix C[h,s]; their consumption is sourced like intermediate inputs.",
    ]),
    ("3. Inputs", [
        "Employment by municipality and industry: the employed day population (forvarvsarbetande "
        "dagbefolkning) by SNI 2007 aggregate from the statistics store, men and women summed, latest year not "
        "after the requested year. Suppressed cells ('..', fewer than 3 persons) count as 1 person. SNI "
        "aggregates are divided over the table's industries in proportion to national employment in the "
        "table; in programme municipalities with register workplaces in SNI B or C, the B+C figure is divided "
        "by the register's employees by SNI division instead (an aggregate-only query).",
        "Jobs per MSEK e_j = employment_j / x_j and value added per MSEK v_j = VA_j / x_j from the national "
        "table; annual wage w_j = 12 x average monthly wage by industry (SCB wage structure statistics); profit "
        "per MSEK from profit margins by industry.",
        "Commuting: SCB commuting statistics when available; otherwise an ESTIMATE C[h,w] proportional to "
        "residents_h exp(-d_hw / 15 km), own municipality weighted 4 times, columns summing to 1.",
    ]),
    ("4. Footprint and scenarios", [
        "Footprint of an area's industry: the area's employment in the chosen industries (default SNI B + C) "
        "is converted to output df = jobs / e_j and treated as the exogenous shock (standard impact-study "
        "convention; deliveries between the chosen industries are counted again as indirect effects).",
        "Scenario: changes in jobs (df = jobs / e_j) or final demand (MSEK) in an industry of a municipality. "
        "The model is linear, so the scenario's effect is the footprint of its shock; every region gets its "
        "change in jobs and taxes, inside and outside the area. Closures are negative changes.",
        "Jobs = e x output; wages = jobs x w_j; value added = v_j x output.",
        "Sensitivity: Monte Carlo (seeded) with delta ~ U(0.15, 0.40), wages x N(1, 0.05), profit margins x "
        "U(0.7, 1.3), commuting distance scale ~ U(8, 25) km; 5-95 % intervals.",
    ]),
    ("5. Taxes", [
        "For a representative employee per industry with wage W, resident in a municipality with municipal "
        "rate k and regional rate r: assessed income FFI = W rounded down to 100 SEK; basic deduction "
        "(grundavdrag, IL 63 kap. 3 §) in price base amounts PBB: up to 0.99 PBB: 0.423 PBB; 0.99-2.72: "
        "0.423 PBB + 20 % of the excess over 0.99 PBB; 2.72-3.11: 0.77 PBB; 3.11-7.88: 0.77 PBB - 10 % of the "
        "excess over 3.11 PBB; above: 0.293 PBB; rounded up to 100 SEK. Taxable income T = FFI - GA.",
        "Municipal tax T k goes to the municipality where the employee lives and regional tax T r to that "
        "region (via the commuting matrix). State income tax 20 % of T above the skiktgrans. Job tax credit "
        "(jobbskatteavdrag, IL 67 kap. 7 §) = (base PBB + rate (AI - from PBB) - GA)(k + r) in brackets of "
        "work income, at most the local tax; financed by the state and booked as negative state revenue.",
        "Employer contributions (31.42 % of wages), VAT on household consumption of disposable income "
        "(sum of s_i v_i/(1 + v_i) of spending, propensity to consume 0.9) and corporate income tax (20.6 % of "
        "profits) go to the state. Left out: general pension contribution (offset by a tax reduction), church "
        "and burial fees, capital income, transfers, the municipal equalisation system.",
    ]),
]

_REPLACE = {"→": "->", "←": "<-", "≤": "<=", "≥": ">=", "≠": "!=", "−": "-", "–": "-", "—": "-", "×": "x",
            "·": "*", "λ": "lambda", "δ": "delta", "β": "beta", "μ": "mu", "κ": "kappa", "Σ": "sum", "⁻¹": "^-1",
            "⊙": "*", "\u202f": " ", "\u00a0": " ", "’": "'", "“": '"', "”": '"', "…": "...", "≈": "~", "±": "+/-"}


def latin1(text: Any) -> str:
    """Make text printable with the core PDF fonts (Latin-1): transliterate, then replace the rest."""
    s = str(text)
    for a, b in _REPLACE.items():
        s = s.replace(a, b)
    return s.encode("latin-1", "replace").decode("latin-1")


class _Report:
    def __init__(self) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.set_margins(15, 15, 15)
        self.pdf.add_page()

    def heading(self, text: str, size: int = 13) -> None:
        self.pdf.ln(2)
        self.pdf.set_font("Helvetica", "B", size)
        self.pdf.multi_cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font("Helvetica", "", 9)

    def para(self, text: str) -> None:
        self.pdf.set_font("Helvetica", "", 9)
        self.pdf.multi_cell(0, 4.6, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def rows(self, rows: list[tuple[str, ...]], widths: tuple[float, ...], header: tuple[str, ...] | None = None) -> None:
        if header:
            self.pdf.set_font("Helvetica", "B", 8)
            for w, h in zip(widths, header, strict=True):
                self.pdf.cell(w, 5, latin1(h), border="B")
            self.pdf.ln()
        self.pdf.set_font("Helvetica", "", 8)
        for row in rows:
            for i, (w, v) in enumerate(zip(widths, row, strict=True)):
                self.pdf.cell(w, 4.5, latin1(v)[: int(w / 1.6)], align="R" if i else "L")
            self.pdf.ln()
        self.pdf.ln(1)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def render_pdf(result: dict[str, Any]) -> bytes:
    """The report as PDF bytes."""
    r = _Report()
    meta = result["metadata"]
    scen = result.get("scenario")
    title = f"Scenario: {scen['name']}" if scen else f"Economic footprint: {result.get('industry_label') or 'SNI ' + ', '.join(result['industries'])}"
    r.heading("Spets - " + title, 15)
    r.para(f"Area: {result.get('area_name', result['area'])} ({result['area']}). Income year {result['year']}; "
           f"employment statistics of {meta['employment_year']}. Model regions: {meta['model_regions']}.")
    for label in meta.get("labels", []):
        r.para(f"NOTE: {label}.")
    for notice in meta.get("notices", []):
        r.para(f"Notice: {notice}")

    r.heading("Results")
    emp = result["employment"]
    tax = result["tax_sek"]
    r.rows([("Employment, direct", persons(emp["direct"]), "persons"),
            ("Employment, indirect (suppliers)", persons(emp["indirect"]), "persons"),
            ("Employment, induced (household spending)", persons(emp["induced"]), "persons"),
            ("Employment, total", persons(emp["total"]), "persons"),
            ("Wages", sek(result["wages_sek"]), "SEK/year"), ("Value added", sek(result["value_added_sek"]), "SEK/year"),
            ("Tax revenue, municipalities", sek(tax["municipalities"]), "SEK/year"),
            ("Tax revenue, regions", sek(tax["regions"]), "SEK/year"), ("Tax revenue, the state", sek(tax["state"]), "SEK/year"),
            ("Tax revenue, total", sek(tax["total"]), "SEK/year")], (95, 45, 30))
    r.heading("Tax revenue by recipient (SEK per year)", 11)
    r.rows([(f"{x['name']} ({x['code']})", sek(x["sek"])) for x in tax["by_recipient"]], (120, 50), ("Recipient", "SEK/year"))
    r.heading("Tax revenue by type (SEK per year)", 11)
    r.rows([(TAX_TYPES.get(k, k), sek(v)) for k, v in tax["by_type"].items()], (120, 50))
    r.heading("Effects by municipality", 11)
    r.rows([(f"{x['name']} ({x['code']})" + ("" if x.get("in_area", x["code"] in result.get("area_regions", [])) else " *"),
             f"{x['direct']:.1f}", f"{x['indirect']:.1f}", f"{x['induced']:.1f}", f"{x['total_jobs']:.1f}",
             sek(x["municipal_tax_sek"])) for x in result["by_region"]],
           (62, 20, 22, 20, 20, 36), ("Municipality (* outside area)", "direct", "indirect", "induced", "jobs", "municipal tax"))
    if result.get("intervals"):
        iv = result["intervals"]
        r.heading(f"Sensitivity: Monte Carlo, {iv['draws']} draws, seed {iv['seed']}", 11)
        r.rows([(k, sek(v["low"]), sek(v["median"]), sek(v["high"])) for k, v in iv["values"].items()
                if not k.startswith("municipality:")], (70, 35, 35, 35), ("quantity", "5 %", "median", "95 %"))

    r.heading("Method")
    for head, paragraphs in METHOD:
        r.heading(head, 11)
        for p in paragraphs:
            r.para(p)

    r.heading("Assumptions and parameters")
    _tax_parameters(r, result["year"])
    r.rows([(k, v) for k, v in flatten_metadata({"assumptions": meta["assumptions"],
                                                   "regionalisation": meta["regionalisation"],
                                                   "commuting": meta["commuting"]})], (70, 110))
    r.heading("Sources and provenance")
    r.rows([(k, v) for k, v in flatten_metadata({k: v for k, v in meta.items() if k not in {"assumptions"}})], (70, 110))
    r.para("Full method documentation: docs/methods/economy.md in the Spets source code. All figures can be "
           "reproduced with `spets footprint` / `spets scenario` on the same data version.")
    return r.output()


def _tax_parameters(r: _Report, year: int) -> None:
    t = tax_year(year)
    r.rows([("Price base amount (prisbasbelopp)", sek(t.price_base_amount)),
            ("Skiktgrans (state income tax threshold)", sek(t.skiktgrans)),
            ("State income tax rate", f"{t.state_income_tax_rate:.0%}"),
            ("Employer contributions", f"{t.employer_contributions_rate:.2%}"),
            ("Corporate income tax", f"{t.corporate_tax_rate:.1%}"),
            ("VAT rates", ", ".join(f"{k} {v:.0%}" for k, v in t.vat_rates.items()))], (110, 70))
    r.para(f"Municipal and regional income tax rates {t.rates_year} (percent, SCB Kommunalskatter):")
    rows = [(f"{m['name']} ({code})", f"{m['rate']:.2f}", f"{t.regions[str(m['county'])]['rate']:.2f}")
            for code, m in sorted(t.municipalities.items())]
    r.rows(rows, (90, 40, 40), ("Municipality", "municipal", "regional"))
    from spets.economy.services import borrowed_notice

    for key, source_year in t.borrowed:
        r.para(f"Notice: {borrowed_notice(key, t.year, source_year)}")
