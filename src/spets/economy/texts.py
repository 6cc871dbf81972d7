"""The economy's words for people: names of results, notices and errors in the active language (sv by
default, en).

The pure core and the result dicts keep stable keys ('municipal_income_tax', 'employment_total', 'REST');
everything a person reads is chosen here: gettext (English msgids) for fixed words, sv/en variants of data
(industry names, statistics titles) by the active language.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from spets.core.i18n import active_language, pick
from spets.core.numbers import number

DEMO_TABLE_NAME = "Sweden demo IO table (approximate)"

TAX_TYPES = {
    "municipal_income_tax": gettext_lazy("Municipal income tax"),
    "regional_income_tax": gettext_lazy("Regional income tax"),
    "state_income_tax": gettext_lazy("State income tax"),
    "job_tax_credit": gettext_lazy("Job tax credit (financed by the state)"),
    "employer_contributions": gettext_lazy("Employer contributions"),
    "vat": gettext_lazy("VAT on household consumption"),
    "corporate_income_tax": gettext_lazy("Corporate income tax"),
}

INTERVALS = {
    "employment_total": gettext_lazy("Jobs, total"),
    "employment_indirect": gettext_lazy("Jobs, indirect"),
    "employment_induced": gettext_lazy("Jobs, induced"),
    "tax_total_sek": gettext_lazy("Tax revenue, total (SEK)"),
    "tax_municipalities_sek": gettext_lazy("Tax revenue, municipalities (SEK)"),
    "tax_regions_sek": gettext_lazy("Tax revenue, regions (SEK)"),
    "tax_state_sek": gettext_lazy("Tax revenue, the state (SEK)"),
}


def tax_type(key: str) -> str:
    return str(TAX_TYPES.get(key, key))


def interval(key: str) -> str:
    return str(INTERVALS.get(key, key))


@cache
def _industry_names() -> dict[str, tuple[str, str]]:
    text = resources.files("spets.economy").joinpath("data", "industry_names.csv").read_text(encoding="utf-8")
    rows = csv.reader(
        (line for line in text.splitlines() if line and not line.startswith("#")), delimiter=";"
    )
    next(rows)
    return {code: (sv, en) for code, sv, en in rows}


def industry(code: str, fallback: str | None = None) -> str:
    """Name of a table industry in the active language (data file), else ``fallback`` or the code."""
    names = _industry_names().get(code)
    if names is None:
        return fallback or code
    return pick(*names)


def table_name(name: str) -> str:
    return _("Sweden demo IO table (approximate)") if name == DEMO_TABLE_NAME else name


def employment_title(meta: dict) -> str:
    """Title of the employment statistics in the active language (the cube has sv and en titles)."""
    return pick(meta.get("title_sv", meta["title"]), meta["title"])


def source_line(meta: dict) -> str:
    """'Employed persons (day population) — synthetic demo data; Sweden demo IO table (approximate)'."""
    return f"{employment_title(meta['inputs']['employment'])}; {table_name(meta['table']['name'])}"


def the_state() -> str:
    return _("The state")


def rest_of_sweden() -> str:
    return _("Rest of Sweden")


def _listed(values) -> str:
    return ", ".join(map(str, values))


def error_text(exc) -> str:
    """An EconomyError in the active language, still listing the valid choices (else its English text)."""
    p = getattr(exc, "params", {})
    code = getattr(exc, "code", "")
    if code == "year_not_a_number":
        return _("year %(year)s is not a number; years available: %(years)s") % {
            "year": repr(p["year"]),
            "years": _listed(p["years"]),
        }
    if code == "no_tax_year":
        return _("no tax parameters for %(year)s; years available: %(years)s") % {
            "year": p["year"],
            "years": _listed(p["years"]),
        }
    if code == "unknown_area":
        return _("unknown area %(area)s; valid: %(valid)s") % {
            "area": repr(p["area"]),
            "valid": _listed(p["valid"]),
        }
    if code == "no_industry":
        return _("no industry given; valid: %(valid)s") % {"valid": _listed(p["valid"])}
    if code == "unknown_industry":
        return _(
            "unknown industry %(industry)s; valid: SNI sections or divisions %(valid)s (or table industries "
            "%(industries)s)"
        ) % {
            "industry": repr(p["industry"]),
            "valid": _listed(p["valid"]),
            "industries": _listed(p["industries"]),
        }
    if code == "unknown_scope":
        return _("unknown scope %(scope)s; valid: %(valid)s") % {
            "scope": repr(p["scope"]),
            "valid": _listed(p["valid"]),
        }
    if code == "unknown_regions":
        return _("unknown regions %(regions)s; valid: %(valid)s") % {
            "regions": repr(p["regions"]),
            "valid": _listed(p["valid"]),
        }
    return str(exc)


# Tax parameters by their key in `data/tax/<year>.yaml` (notices of borrowed values, the PDF's table).
TAX_PARAMETERS = {
    "price_base_amount": gettext_lazy("price base amount (prisbasbelopp)"),
    "skiktgrans": gettext_lazy("state income tax threshold (skiktgräns)"),
    "state_income_tax_rate": gettext_lazy("state income tax rate"),
    "employer_contributions_rate": gettext_lazy("employer contributions rate"),
    "corporate_tax_rate": gettext_lazy("corporate income tax rate"),
    "vat_rates": gettext_lazy("VAT rates"),
    "job_tax_credit": gettext_lazy("job tax credit formula (jobbskatteavdrag)"),
    "municipalities": gettext_lazy("municipal and regional tax rates"),
    "national_average_rate": gettext_lazy("national average tax rate (rest of Sweden)"),
}


def borrowed_notice(parameter: str, year: int, source_year: int) -> str:
    """'Job tax credit formula for 2023 is not bundled; the 2025 value is used' in the active language."""
    return _(
        "tax year %(year)s: %(parameter)s is not bundled for %(year)s; the value of %(source)s is used"
    ) % {"year": year, "parameter": str(TAX_PARAMETERS.get(parameter, parameter)), "source": source_year}


def scope_label(scope: dict[str, str]) -> str:
    """'SNI 99 is computed for the table industry R-U (covers SNI 90-99) …' in the active language."""
    return _(
        "SNI %(req)s is computed for the table industry %(ind)s (covers SNI %(sni)s): the input-output "
        "table has no finer industry, so the figures include all of %(ind)s"
    ) % {"req": scope["requested"], "ind": scope["industry"], "sni": scope["sni"]}


# Effect scopes: name and a paragraph a municipal politician understands (page, PDF, table output).
SCOPE_NAMES = {
    "direct": gettext_lazy("Direct effect"),
    "services": gettext_lazy("Industry and bought services"),
    "type1": gettext_lazy("Industry and all suppliers"),
    "type2": gettext_lazy("Suppliers and household spending"),
}
SCOPE_EXPLANATIONS = {
    "direct": gettext_lazy(
        "Only the industry's own employees: the jobs at the companies themselves, their wages and the tax "
        "those wages and the companies' profits pay. Nothing the companies buy is counted."
    ),
    "services": gettext_lazy(
        "The industry's own employees plus the jobs in the services the companies buy: transport, IT and "
        "telecom, consultants, staffing, cleaning and security (SNI H, J, M, N). This is how Swedish reports "
        "on what an industry brings in usually count. Goods suppliers and household spending are left out."
    ),
    "type1": gettext_lazy(
        "The industry's own employees plus every supplier along the chain, goods and services: the jobs "
        "that exist because the companies buy raw materials, parts, energy and services in Sweden."
    ),
    "type2": gettext_lazy(
        "As 'all suppliers', plus the jobs that arise when all these employees spend their wages in shops, "
        "restaurants and on services. The largest figure and the most uncertain: it assumes the wages would "
        "not be earned and spent anyway."
    ),
}


def scope_name(key: str) -> str:
    return str(SCOPE_NAMES.get(key, key))


def scope_explanation(key: str) -> str:
    return str(SCOPE_EXPLANATIONS.get(key, key))


def scope_choices() -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in SCOPE_NAMES.items()]


def left_out() -> str:
    """What the municipal figures leave out (named on the page and in the PDF)."""
    return _(
        "The municipal figures are income tax before the municipal tax equalisation (kommunalekonomisk "
        "utjämning) and state grants: what a municipality finally keeps can differ."
    )


PLACES = {"area": gettext_lazy("In the area"), "elsewhere": gettext_lazy("Elsewhere in Sweden")}
EFFECTS = {
    "direct": gettext_lazy("Direct"),
    "indirect": gettext_lazy("Indirect (suppliers)"),
    "induced": gettext_lazy("Induced (household spending)"),
}


def place(key: str) -> str:
    return str(PLACES.get(key, key))


def effect(key: str) -> str:
    return str(EFFECTS.get(key, key))


METHODS = {
    "multi-regional input-output footprint by hypothetical extraction (Miller & Blair §12.2)": gettext_lazy(
        "multi-regional input-output footprint by hypothetical extraction (Miller & Blair §12.2)"
    ),
    "scenario effect = multi-regional input-output response to the change (linear)": gettext_lazy(
        "scenario effect = multi-regional input-output response to the change (linear)"
    ),
}


def method_name(method: str) -> str:
    return str(METHODS.get(method, method))


# The model's provenance as the core writes it (English, stable) → what a reader sees. Fixed sentences are
# msgids of their own; sentences with a number are rebuilt from the number.
_KNOWN_SOURCES = {
    "SNI aggregates divided over the table's industries in proportion to national employment of the table; "
    "'US' (industry not stated) left out": gettext_lazy(
        "SNI aggregates divided over the table's industries in proportion to national employment of the "
        "table; 'US' (industry not stated) left out"
    ),
    "B+C in programme municipalities with register workplaces divided by the register's employees by SNI "
    "division": gettext_lazy(
        "B+C in programme municipalities with register workplaces divided by the register's employees by "
        "SNI division"
    ),
    "Spets reference data (spets.geo: SCB municipality boundaries, centroids)": gettext_lazy(
        "Spets reference data (SCB municipality boundaries and centre points)"
    ),
    "national table employment minus the programme area (statistics cover only the area)": gettext_lazy(
        "national table employment minus the programme area (statistics cover only the area)"
    ),
    "SCB Nationalräkenskaper (approximate aggregates); structure: Spets assumptions (build_demo_table.py)": (
        gettext_lazy("SCB national accounts (approximate aggregates); structure: Spets assumptions")
    ),
    "coefficients transcribed from the law text as understood by Spets; verify against Skatteverket before "
    "official use": gettext_lazy(
        "coefficients transcribed from the law text as understood by Spets; verify against Skatteverket "
        "before official use"
    ),
    "commuting matrix supplied by caller": gettext_lazy("commuting matrix supplied with the model"),
}
_PARAMETER_SOURCES = {
    "wage_index.csv": gettext_lazy("wage index (SCB short-term wage statistics)"),
    "household_consumption.csv": gettext_lazy(
        "household consumption (SCB national accounts, VAT rates of the VAT act, non-traded services)"
    ),
    "profit_margins.csv": gettext_lazy("profit margins (corporate share of operating surplus, approximate)"),
    "service_scope.csv": gettext_lazy("the service industries of the services scope (SNI H, J, M, N)"),
}
_SYNTHETIC_SOURCE = re.compile(r"^Spets \(synthetic demo data, seed (\d+)\)$")
_OTHER_MUNICIPALITIES = re.compile(r"^sum of the other (\d+) municipalities in the statistics$")
_SCB_COMMUTING = re.compile(r"^SCB commuting \((.+), (\d{4})\)$")
ASSUMPTIONS = {
    "propensity_to_consume": gettext_lazy("propensity to consume"),
    "domestic_share_households": gettext_lazy("domestic share of household spending"),
    "disposable_ratio_at_average_wage": gettext_lazy("disposable income share at the average wage"),
    "wage_factor": gettext_lazy("wage factor"),
    "margin_factor": gettext_lazy("margin factor"),
}


def _number(value: float) -> str:
    """As many decimals as the value has (0,3; 15)."""
    return number(value, len(f"{value:g}".partition(".")[2]), active_language())


def known_source(text: str | None) -> str:
    """A provenance sentence of the core in the active language (unknown sentences, e.g. a table's own
    source line, are shown as they are)."""
    if not text:
        return ""
    if text in _KNOWN_SOURCES:
        return str(_KNOWN_SOURCES[text])
    if match := _SYNTHETIC_SOURCE.match(text):
        return _("Spets (synthetic demo data, seed %(seed)s)") % {"seed": match.group(1)}
    if match := _SCB_COMMUTING.match(text):
        return _("SCB commuting statistics (table %(table)s, %(year)s)") % {
            "table": match.group(1),
            "year": match.group(2),
        }
    if match := _OTHER_MUNICIPALITIES.match(text):
        return _("sum of the other %(n)s municipalities in the statistics") % {"n": match.group(1)}
    return text


def provenance(meta: dict[str, Any], assumptions) -> dict[str, Any]:
    """The sources section's sentences in the active language, from the result's metadata and the model's
    assumptions (delta, beta, commuting distance)."""
    inputs = meta["inputs"]
    employment = inputs["employment"]
    estimated = "ESTIMATE" in (meta.get("commuting") or "")
    return {
        "regionalisation": _("FLQ with δ = %(delta)s (Flegg & Tohmo 2013), gravity trade with β = %(beta)s")
        % {"delta": _number(assumptions.delta), "beta": _number(assumptions.beta)},
        "commuting": (
            _(
                "estimated with a gravity model, exp(−d / %(km)s km) on the distances between municipal "
                "centre points; to be replaced by SCB commuting statistics"
            )
            % {"km": _number(assumptions.commuting_scale_km)}
            if estimated
            else known_source(meta.get("commuting"))
            + (
                "; "
                + _("gravity estimate for %(n)s workplace regions the table does not cover")
                % {"n": len(meta["commuting_fallback"])}
                if meta.get("commuting_fallback")
                else ""
            )
        ),
        "employment_source": known_source(employment.get("source")),
        "imputation": ngettext(
            "suppressed cells ('..', 0 < n < 3) counted as %(n)s person",
            "suppressed cells ('..', 0 < n < 3) counted as %(n)s persons",
            int(employment.get("suppressed_value", 1)),
        )
        % {"n": _number(employment.get("suppressed_value", 1))},
        "split": known_source(inputs.get("split")),
        "refinement": known_source(inputs.get("register_refinement", {}).get("method")),
        "geography": known_source(inputs.get("geography", {}).get("source")),
        "rest_of_sweden": known_source(inputs.get("geography", {}).get("rest_of_sweden")),
        "table_source": known_source(meta["table"].get("source")),
        "job_tax_credit": known_source(meta.get("job_tax_credit")),
        "assumptions": [(str(ASSUMPTIONS.get(k, k)), v) for k, v in meta.get("assumptions", {}).items()],
        "parameter_sources": [
            str(_PARAMETER_SOURCES.get(s.split(" ", 1)[0], s)) for s in meta.get("parameter_sources", [])
        ],
    }
