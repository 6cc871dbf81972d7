"""PDF report of a footprint or scenario: results, the method, every assumption and source.

Built on :class:`spets.core.pdf.Document` (A4, the built-in Helvetica, so it works offline); text outside
Latin-1 (→, λ, Σ, ≤ …) is transliterated so formulas stay readable. Returns bytes; the page wraps them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from spets.core import numbers
from spets.core.i18n import active_language
from spets.core.pdf import Document
from spets.economy import texts
from spets.economy.exports import flatten_metadata
from spets.economy.tax import tax_year

# The report's own stand-ins on top of the shared ones (a product dot and ± in the method texts).
STANDINS = {"·": "*", "±": "+/-"}

METHOD_EN: list[tuple[str, list[str]]] = [
    (
        "1. National input-output model",
        [
            "Flows Z (industry i to industry j, MSEK), output x and final demand f with Z1 + f = x. "
            "Technical coefficients A = Z diag(x)^-1, a_ij = z_ij / x_j. Leontief quantity model x = (I - "
            "A)^-1 f. Spets solves the linear systems (LU, or GMRES for the multi-regional model) and never "
            "forms the inverse.",
            "Type I effects: x_I = (I - A)^-1 df. Type II: households endogenous with a wage row h_j = e_j "
            "w_j (household income per MSEK of output) and a consumption column c_i (household purchases per "
            "unit of income): x_II from the closed system. Direct = df, indirect = x_I - df, induced = x_II "
            "- x_I (Miller & Blair, Input-Output Analysis, 2nd ed., 2009, ch. 2 and 6).",
            "Validation on load: labels, no negative or missing flows, balance, and productivity (spectral "
            "radius of A below 1).",
        ],
    ),
    (
        "2. Regionalisation and the multi-regional model",
        [
            "Location quotients with employment E (region r, nation N, industry i): SLQ_i = "
            "(E_ri/E_r)/(E_Ni/E_N); CILQ_ij = SLQ_i/SLQ_j; FLQ_ij = lambda* CILQ_ij with lambda* = [log2(1 + "
            "E_r/E_N)]^delta, delta = 0.3 (Flegg & Webber 1997; Flegg & Tohmo 2013). Share of input i to "
            "industry j bought inside region s: q_ij = min(1, FLQ_ij); households use min(1, lambda* SLQ_i).",
            "Multi-regional coefficients: A[(r,i),(s,j)] = a_ij q^s_ij if r = s, and a_ij (1 - q^s_ij) "
            "g^i_rs if r != s, with gravity trade shares g^i_rs = E_ri d_rs^-beta / sum over r' != s of "
            "E_r'i d_r's^-beta, d the great-circle distance between municipality centroids (km, at least 1) "
            "and beta = 1. Column sums equal the national ones, so the national table is reproduced when all "
            "regions are included.",
            "Regions: the 41 programme municipalities and 'rest of Sweden' (all other municipalities in the "
            "employment statistics, at their employment-weighted centroid). Household income earned in s is "
            "paid to residents of h by a commuting matrix C[h,s]; their consumption is sourced like "
            "intermediate inputs.",
        ],
    ),
    (
        "3. Inputs",
        [
            "Employment by municipality and industry: the employed day population (forvarvsarbetande "
            "dagbefolkning) by SNI 2007 aggregate from the statistics store, men and women summed, latest "
            "year not after the requested year. Suppressed cells ('..', fewer than 3 persons) count as 1 "
            "person. SNI aggregates are divided over the table's industries in proportion to national "
            "employment in the table; in programme municipalities with register workplaces in SNI B or C, "
            "the B+C figure is divided by the register's employees by SNI division instead (an "
            "aggregate-only query).",
            "Jobs per MSEK e_j = employment_j / x_j and value added per MSEK v_j = VA_j / x_j from the "
            "national table; annual wage w_j = the table's compensation of employees per employed person "
            "(less employer contributions), carried to the tax year with SCB's wage index; corporate tax "
            "base = operating surplus (VA - compensation) x 0.55 (after capital consumption, interest and "
            "deductions) x the share earned by companies that pay corporate tax (low in agriculture, "
            "housing and public services). Households buy non-traded services (trade, restaurants, housing, "
            "public and personal services) where they live.",
            "Commuting: SCB commuting statistics when imported (employed persons by municipality of residence "
            "and of work; C[h,w] = N_hw / sum over h' of N_h'w, applied to the model's employment of w); "
            "for workplaces the table does not cover, an ESTIMATE C[h,w] proportional to residents_h "
            "exp(-d_hw / 15 km), own municipality weighted 4 times, columns summing to 1.",
        ],
    ),
    (
        "4. Footprint and scenarios",
        [
            "Footprint of an area's industry: the area's employment in the chosen industries (default SNI B "
            "+ C) is converted to output x_S = jobs / e_j, the direct effect. The rest of the economy "
            "produces what x_S buys: x_O = (I - A_OO)^-1 A_OS x_S (backward hypothetical extraction, Miller & "
            "Blair 2009, section 12.2), so deliveries between the area's own chosen industries are not "
            "counted again. Scopes: direct; services = direct + indirect in SNI H, J, M, N; type I = direct "
            "+ indirect; type II = type I + induced.",
            "Scenario: changes in jobs (df = jobs / e_j) or final demand (MSEK) in an industry of a "
            "municipality. The model is linear, so the scenario's effect is the footprint of its shock; "
            "every region gets its change in jobs and taxes, inside and outside the area. Closures are "
            "negative changes.",
            "Jobs = e x output; wages = jobs x w_j; value added = v_j x output.",
            "Sensitivity: Monte Carlo (seeded) with delta ~ U(0.15, 0.40), wages x N(1, 0.05), profit "
            "margins x U(0.7, 1.3), commuting distance scale ~ U(8, 25) km; 5-95 % intervals.",
        ],
    ),
    (
        "5. Taxes",
        [
            "For a representative employee per industry with wage W, resident in a municipality with "
            "municipal rate k and regional rate r: assessed income FFI = W rounded down to 100 SEK; basic "
            "deduction (grundavdrag, IL 63 kap. 3 §) in price base amounts PBB: up to 0.99 PBB: 0.423 PBB; "
            "0.99-2.72: 0.423 PBB + 20 % of the excess over 0.99 PBB; 2.72-3.11: 0.77 PBB; 3.11-7.88: 0.77 "
            "PBB - 10 % of the excess over 3.11 PBB; above: 0.293 PBB; rounded up to 100 SEK. Taxable income "
            "T = FFI - GA.",
            "Municipal tax T k goes to the municipality where the employee lives and regional tax T r to "
            "that region (via the commuting matrix). State income tax 20 % of T above the skiktgrans. Job "
            "tax credit (jobbskatteavdrag, IL 67 kap. 7 §) = (base PBB + rate (AI - from PBB) - GA)(k + r) "
            "in brackets of work income, at most the local tax; financed by the state and booked as negative "
            "state revenue.",
            "Employer contributions (31.42 % of wages), VAT on household consumption of disposable income "
            "(sum of s_i v_i/(1 + v_i) of spending, propensity to consume 0.9) and corporate income tax "
            "(20.6 % of profits) go to the state. Left out: general pension contribution (offset by a tax "
            "reduction), church and burial fees, capital income, transfers, the municipal equalisation "
            "system (kommunalekonomisk utjämning) and state grants.",
        ],
    ),
]

METHOD_SV: list[tuple[str, list[str]]] = [
    (
        "1. Nationell input-outputmodell",
        [
            "Flöden Z (bransch i till bransch j, MSEK), produktion x och slutlig användning f med Z1 + f = "
            "x. Tekniska koefficienter A = Z diag(x)^-1, a_ij = z_ij / x_j. Leontiefs kvantitetsmodell x = "
            "(I - A)^-1 f. Spets löser ekvationssystemen (LU, eller GMRES för den multiregionala modellen) "
            "och bildar aldrig inversen.",
            "Typ I-effekter: x_I = (I - A)^-1 df. Typ II: hushållen endogena med en lönerad h_j = e_j w_j "
            "(hushållsinkomst per MSEK produktion) och en konsumtionskolumn c_i (hushållens köp per "
            "inkomstenhet): x_II ur det slutna systemet. Direkta = df, indirekta = x_I - df, inducerade = "
            "x_II - x_I (Miller & Blair, Input-Output Analysis, 2:a uppl., 2009, kap. 2 och 6).",
            "Kontroll vid inläsning: etiketter, inga negativa eller saknade flöden, balans och produktivitet "
            "(spektralradien för A under 1).",
        ],
    ),
    (
        "2. Regionalisering och den multiregionala modellen",
        [
            "Lokaliseringskvoter med sysselsättning E (region r, riket N, bransch i): SLQ_i = "
            "(E_ri/E_r)/(E_Ni/E_N); CILQ_ij = SLQ_i/SLQ_j; FLQ_ij = lambda* CILQ_ij med lambda* = [log2(1 + "
            "E_r/E_N)]^delta, delta = 0,3 (Flegg & Webber 1997; Flegg & Tohmo 2013). Andel av insats i till "
            "bransch j som köps inom region s: q_ij = min(1, FLQ_ij); hushållen använder min(1, lambda* "
            "SLQ_i).",
            "Multiregionala koefficienter: A[(r,i),(s,j)] = a_ij q^s_ij om r = s, och a_ij (1 - q^s_ij) "
            "g^i_rs om r != s, med handelsandelar enligt gravitationsmodell g^i_rs = E_ri d_rs^-beta / "
            "summan över r' != s av E_r'i d_r's^-beta, d storcirkelavståndet mellan kommunernas mittpunkter "
            "(km, minst 1) och beta = 1. Kolumnsummorna är de nationella, så den nationella tabellen "
            "återskapas när alla regioner ingår.",
            "Regioner: programområdets 41 kommuner och 'resten av Sverige' (övriga kommuner i "
            "sysselsättningsstatistiken, i deras sysselsättningsvägda mittpunkt). Hushållsinkomst som tjänas "
            "i s betalas till boende i h enligt en pendlingsmatris C[h,s]; deras konsumtion köps in som "
            "insatser.",
        ],
    ),
    (
        "3. Indata",
        [
            "Sysselsättning per kommun och bransch: förvärvsarbetande dagbefolkning per SNI 2007-aggregat ur "
            "statistiklagret, män och kvinnor summerade, senaste år som inte är senare än det valda året. "
            "Skyddade celler ('..', färre än 3 personer) räknas som 1 person. SNI-aggregat fördelas på "
            "tabellens branscher i proportion till tabellens nationella sysselsättning; i programkommuner "
            "med arbetsställen i SNI B eller C i registret fördelas B+C i stället efter registrets anställda "
            "per SNI-avdelning (en fråga som bara ger summor).",
            "Jobb per MSEK e_j = sysselsättning_j / x_j och förädlingsvärde per MSEK v_j = FV_j / x_j ur den "
            "nationella tabellen; årslön w_j = tabellens löner per sysselsatt (utan arbetsgivaravgifter), "
            "uppräknad till inkomståret med SCB:s lönindex; underlag för bolagsskatt = driftsöverskott (FV - "
            "löner) x 0,55 (efter kapitalförslitning, räntor och avdrag) x andelen som tjänas i bolag som "
            "betalar bolagsskatt (låg i jordbruk, bostäder och offentliga tjänster). Hushållen köper "
            "tjänster som inte handlas över gränser (handel, restauranger, boende, offentliga och personliga "
            "tjänster) där de bor.",
            "Pendling: SCB:s pendlingsstatistik när den är importerad (förvärvsarbetande efter bostadskommun "
            "och arbetsställekommun; C[h,w] = N_hw / summan över h' av N_h'w, tillämpad på modellens "
            "sysselsättning i w); för arbetsställekommuner som tabellen inte täcker en UPPSKATTNING C[h,w] "
            "proportionell mot boende_h exp(-d_hw / 15 km), den egna kommunen med vikt 4, kolumner som "
            "summerar till 1.",
        ],
    ),
    (
        "4. Fotavtryck och scenarier",
        [
            "Fotavtrycket av ett områdes näringsliv: områdets sysselsättning i de valda branscherna "
            "(standard SNI B + C) räknas om till produktion x_S = jobb / e_j, den direkta effekten. Resten "
            "av ekonomin producerar det som x_S köper: x_O = (I - A_OO)^-1 A_OS x_S (hypotetisk utbrytning "
            "bakåt, Miller & Blair 2009, avsnitt 12.2), så leveranser mellan områdets egna valda branscher "
            "räknas inte två gånger. Omfattningar: direkt; tjänster = direkt + indirekt i SNI H, J, M, N; "
            "typ I = direkt + indirekt; typ II = typ I + inducerad.",
            "Scenario: ändringar i jobb (df = jobb / e_j) eller slutlig användning (MSEK) i en bransch i en "
            "kommun. Modellen är linjär, så scenariots effekt är fotavtrycket av dess stöt; varje region får "
            "sin förändring i jobb och skatter, inom och utanför området. Nedläggningar är negativa "
            "ändringar och kan inte ta bort fler jobb än branschen har i kommunen.",
            "Jobb = e x produktion; lönesumma = jobb x w_j; förädlingsvärde = v_j x produktion.",
            "Känslighet: Monte Carlo (med fast frö) med delta ~ U(0,15, 0,40), löner x N(1, 0,05), "
            "vinstmarginaler x U(0,7, 1,3), pendlingens avståndsskala ~ U(8, 25) km; 5-95 %-intervall.",
        ],
    ),
    (
        "5. Skatter",
        [
            "För en representativ anställd per bransch med lön W, boende i en kommun med kommunal skattesats "
            "k och regional skattesats r: fastställd förvärvsinkomst FFI = W avrundad nedåt till 100 kr; "
            "grundavdrag (IL 63 kap. 3 §) i prisbasbelopp PBB: upp till 0,99 PBB: 0,423 PBB; 0,99-2,72: "
            "0,423 PBB + 20 % av överskjutande belopp över 0,99 PBB; 2,72-3,11: 0,77 PBB; 3,11-7,88: 0,77 "
            "PBB - 10 % av överskjutande belopp över 3,11 PBB; däröver: 0,293 PBB; avrundat uppåt till 100 "
            "kr. Beskattningsbar inkomst T = FFI - GA.",
            "Kommunalskatten T k går till kommunen där den anställda bor och regionskatten T r till den "
            "regionen (via pendlingsmatrisen). Statlig inkomstskatt 20 % av T över skiktgränsen. "
            "Jobbskatteavdrag (IL 67 kap. 7 §) = (bas PBB + sats (AI - från PBB) - GA)(k + r) i intervall av "
            "arbetsinkomsten, högst den lokala skatten; finansieras av staten och bokförs som negativ "
            "statlig intäkt.",
            "Arbetsgivaravgifter (31,42 % av lönerna), moms på hushållens konsumtion av disponibel inkomst "
            "(summan av s_i v_i/(1 + v_i) av konsumtionen, konsumtionsbenägenhet 0,9) och bolagsskatt (20,6 "
            "% av vinsten) går till staten. Utanför modellen: allmän pensionsavgift (kvittas mot en "
            "skattereduktion), kyrko- och begravningsavgift, kapitalinkomster, transfereringar, den "
            "kommunalekonomiska utjämningen och statsbidragen.",
        ],
    ),
]


def sek(value: float | None) -> str:
    """An amount with the unit its size calls for (12,3 mdkr), Swedish or English by the language."""
    return numbers.money(value, active_language())


def persons(value: float | None) -> str:
    """Jobs without decimals."""
    return numbers.count(value, active_language())


def _number(value: float) -> str:
    """A metadata number as the reader writes it (350.0 → 350, 0.3142 → 0,3142 in Swedish)."""
    if float(value).is_integer():
        return numbers.number(value, 0, active_language()).replace("\u202f", "")  # years stay 2025
    return numbers.number(value, len(repr(float(value)).split(".")[1]), active_language())


def _scopes(doc: Document, result: dict[str, Any]) -> None:
    """What the figures count: the chosen scope first, then every scope explained and side by side."""
    doc.heading(_("What the figures count: %(scope)s") % {"scope": result["scope_name"]})
    doc.paragraph(result["scope_explanation"])
    for key in result.get("scopes", {}):
        if key != result["scope"]:
            doc.paragraph(f"{texts.scope_name(key)}: {texts.scope_explanation(key)}")
    doc.wrapped_table(
        [
            (
                texts.scope_name(k),
                persons(v["jobs"]),
                persons(v["jobs_in_area"]),
                sek(v["tax_sek"]),
                sek(v["tax_in_area_sek"]),
            )
            for k, v in result.get("scopes", {}).items()
        ],
        (56, 28, 32, 28, 32),
        (_("Scope"), _("jobs"), _("of which in the area"), _("tax"), _("of which in the area")),
    )
    doc.paragraph(result["metadata"].get("left_out", ""))
    if "by_place" in result:
        doc.heading(_("By place and by effect (%(scope)s)") % {"scope": result["scope_name"]}, 11)
        rows = [(texts.place(k), v) for k, v in result["by_place"].items()]
        rows += [(texts.effect(k), v) for k, v in result["by_effect"].items()]
        doc.wrapped_table(
            [
                (
                    name,
                    persons(v["jobs"]),
                    sek(v["wages_sek"]),
                    sek(v["value_added_sek"]),
                    sek(v["tax_sek"]["total"]),
                )
                for name, v in rows
            ],
            (60, 25, 30, 35, 30),
            ("", _("jobs"), _("wages"), _("value added"), _("tax")),
        )


def method() -> list[tuple[str, list[str]]]:
    return METHOD_SV if active_language() == "sv" else METHOD_EN


def render_pdf(result: dict[str, Any]) -> bytes:
    """The report as PDF bytes, in the active language (Swedish or English)."""
    doc = Document(standins=STANDINS)
    doc.add_page()
    meta = result["metadata"]
    scen = result.get("scenario")
    what = result.get("industry_label") or "SNI " + ", ".join(result["industries"])
    title = (
        _("Scenario: %(name)s") % {"name": scen["name"]}
        if scen
        else _("Economic footprint: %(what)s") % {"what": what}
    )
    doc.heading("Spets - " + title, 15)
    doc.paragraph(
        _("Area: %(area)s. Income year %(year)s; employment statistics of %(emp)s. Model regions: %(n)s.")
        % {
            "area": result.get("area_name", result["area"]),
            "year": result["year"],
            "emp": meta["employment_year"],
            "n": meta["model_regions"],
        }
    )
    w_note, w_notice = _("NOTE"), _("Notice")
    for label in meta.get("labels", []):
        doc.paragraph(f"{w_note}: {label}.")
    for notice in meta.get("notices", []):
        doc.paragraph(f"{w_notice}: {notice}")

    if result.get("scope"):
        _scopes(doc, result)
    doc.heading(_("Results"))
    emp = result["employment"]
    tax = result["tax_sek"]
    people, money = _("persons"), _("SEK/year")
    doc.wrapped_table(
        [
            (_("Jobs, direct"), persons(emp["direct"]), people),
            (_("Jobs, indirect (suppliers)"), persons(emp["indirect"]), people),
            (_("Jobs, induced (household spending)"), persons(emp["induced"]), people),
            (_("Jobs, total"), persons(emp["total"]), people),
            (_("Wages"), sek(result["wages_sek"]), money),
            (_("Value added"), sek(result["value_added_sek"]), money),
            (_("Tax revenue, municipalities"), sek(tax["municipalities"]), money),
            (_("Tax revenue, regions"), sek(tax["regions"]), money),
            (_("Tax revenue, the state"), sek(tax["state"]), money),
            (_("Tax revenue, total"), sek(tax["total"]), money),
        ],
        (95, 45, 30),
    )
    doc.heading(_("Tax revenue by recipient (SEK per year)"), 11)
    doc.wrapped_table(
        [(f"{x['name']} ({x['code']})", sek(x["sek"])) for x in tax["by_recipient"]],
        (120, 50),
        (_("Recipient"), money),
    )
    doc.heading(_("Tax revenue by type (SEK per year)"), 11)
    doc.wrapped_table([(texts.tax_type(k), sek(v)) for k, v in tax["by_type"].items()], (120, 50))
    doc.heading(_("Effects by municipality"), 11)
    doc.wrapped_table(
        [
            (
                f"{x['name']} ({x['code']})"
                + ("" if x.get("in_area", x["code"] in result.get("area_regions", [])) else " *"),
                persons(x["direct"]),
                persons(x["indirect"]),
                persons(x["induced"]),
                persons(x["total_jobs"]),
                sek(x["municipal_tax_sek"]),
            )
            for x in result["by_region"]
        ],
        (62, 20, 22, 20, 20, 36),
        (
            _("Municipality (* outside area)"),
            _("direct"),
            _("indirect"),
            _("induced"),
            _("jobs"),
            _("municipal tax"),
        ),
    )
    if result.get("intervals"):
        iv = result["intervals"]
        doc.heading(
            _("Sensitivity: Monte Carlo, %(draws)s draws, seed %(seed)s")
            % {"draws": iv["draws"], "seed": iv["seed"]},
            11,
        )
        doc.wrapped_table(
            [
                (texts.interval(k), sek(v["low"]), sek(v["median"]), sek(v["high"]))
                for k, v in iv["values"].items()
                if not k.startswith("municipality:")
            ],
            (70, 35, 35, 35),
            ("", "5 %", _("median"), "95 %"),
        )

    doc.heading(_("Method"))
    for head, paragraphs in method():
        doc.heading(head, 11)
        for p in paragraphs:
            doc.paragraph(p)
        if head.startswith("2.") and meta.get("regions") == "sweden":
            doc.paragraph(
                _(
                    "This report: all %(n)s municipalities are regions of the model (regions=sweden), each "
                    "at its own centroid; there is no 'rest of Sweden'."
                )
                % {"n": meta["model_regions"]}
            )

    doc.heading(_("Assumptions and parameters"))
    _tax_parameters(doc, result["year"], meta)
    doc.wrapped_table(
        [
            (k, v)
            for k, v in flatten_metadata(
                {
                    "assumptions": meta["assumptions"],
                    "regionalisation": meta.get("told", meta)["regionalisation"],
                    "commuting": meta.get("told", meta)["commuting"],
                },
                number=_number,
            )
        ],
        (70, 110),
    )
    doc.heading(_("Sources and provenance"))
    doc.wrapped_table(
        [
            (k, v)
            for k, v in flatten_metadata(
                {k: v for k, v in meta.items() if k not in {"assumptions"}}, number=_number
            )
        ],
        (70, 110),
    )
    doc.paragraph(
        _(
            "Full method documentation: docs/methods/economy.md in the Spets source code. All figures can be "
            "reproduced with `spets footprint` / `spets scenario` on the same data version."
        )
    )
    return doc.to_bytes()


def _tax_parameters(doc: Document, year: int, meta: dict[str, Any] | None = None) -> None:
    meta = meta or {}
    imported = None
    if str(meta.get("tax_rates_source", "")).startswith("SCB"):
        from spets.economy.inputs import read_tax_rates  # the rates the result was computed with

        imported, _rates_meta = read_tax_rates()
    t = tax_year(year, imported)
    lang = active_language()
    name = {key: str(text) for key, text in texts.TAX_PARAMETERS.items()}
    kr = " " + _("SEK")
    doc.wrapped_table(
        [
            (name["price_base_amount"], numbers.number(t.price_base_amount, 0, lang) + kr),
            (name["skiktgrans"], numbers.number(t.skiktgrans, 0, lang) + kr),
            (name["state_income_tax_rate"], numbers.percent(t.state_income_tax_rate, 0, lang)),
            (name["employer_contributions_rate"], numbers.percent(t.employer_contributions_rate, 2, lang)),
            (name["corporate_tax_rate"], numbers.percent(t.corporate_tax_rate, 1, lang)),
            (
                name["vat_rates"],
                ", ".join(f"{k} {numbers.percent(v, 0, lang)}" for k, v in t.vat_rates.items()),
            ),
        ],
        (110, 70),
    )
    doc.paragraph(
        _("Municipal and regional income tax rates %(year)s (percent, SCB Kommunalskatter):")
        % {"year": meta.get("tax_rates_year", t.rates_year)}
    )
    if meta.get("tax_rates_source"):
        doc.paragraph(_("Source of the rates: %(source)s") % {"source": meta["tax_rates_source"]})
    rows = [
        (
            f"{m['name']} ({code})",
            numbers.number(m["rate"], 2, lang),
            numbers.number(t.regions[str(m["county"])]["rate"], 2, lang),
        )
        for code, m in sorted(t.municipalities.items())
    ]
    doc.wrapped_table(rows, (90, 40, 40), (_("Municipality"), _("municipal"), _("regional")))
    w_notice = _("Notice")
    borrowed = (
        [(b["parameter"], b["year"]) for b in meta["borrowed_parameters"]]
        if "borrowed_parameters" in meta
        else t.borrowed
    )
    for key, source_year in borrowed:
        doc.paragraph(f"{w_notice}: {texts.borrowed_notice(key, t.year, source_year)}")
