"""Economic footprint: jobs, wages, value added and taxes by recipient from a multi-regional model (pure).

Given a national table (MSEK), regions with centroids and employment by region × industry, the model is

* multi-regional Leontief model (see :mod:`spets.economy.regional`) with households endogenous;
* jobs per MSEK e_j = employment_j / output_j (national table), annual wage per employed person
  w_j = COMP_j / (1 + employer contribution rate) / EMP_j of the table, carried to the tax year by SCB's
  wage index (``wage_index.csv``; tables without COMP: 12 × the monthly wage of ``wages_by_industry.csv``),
  value added per MSEK v_j = VA_j / x_j, corporate tax base per MSEK p_j = operating surplus (VA − COMP)/x
  × taxable share × the share earned by companies that pay corporate tax (``profit_margins.csv``);
* households (Type II): wage row h_j = e_j · w_j (MSEK income per MSEK output); consumption column
  c_i = κ · d · s_i · (1 − VAT_i/(1+VAT_i)) · μ, with κ the propensity to consume out of disposable
  income, d = disposable/gross wage at the average wage (tax model), s_i consumption shares, μ the
  domestic share of household purchases; income is paid to the region of residence via commuting C[h,w];
  non-traded services (``local`` in ``household_consumption.csv``) are bought where households live.

Effects of an exogenous output/final-demand change Δf (MSEK, region × industry):
  x_I = (I − A)⁻¹ Δf, x_II = (I − Ā)⁻¹ (Δf, 0) (industry part);
  direct = Δf, indirect = x_I − Δf, induced = x_II − x_I; jobs = e ⊙ x; wages = jobs · w; VA = v ⊙ x.
  Taxes: employees N[s,j] working in s live in h with share C[h,s] → residents N_res = C N; each pays
  :func:`spets.economy.tax.employee_tax` at wage w_j and the rates of h; municipal tax → h, regional tax
  → the county of h, state income tax − jobbskatteavdrag + employer contributions + VAT on consumption of
  disposable income + corporate tax (p_j · x · 20.6 %) → the state.

An area's footprint is found by backward hypothetical extraction (Miller & Blair 2009, §12.2): the
area's industry keeps its observed output x_S (its employment / e_j, the direct effect), and the rest of
the economy produces what x_S buys, x_O = (I − A_OO)⁻¹ A_OS x_S (indirect; with households endogenous,
indirect + induced). Deliveries between the area's own chosen industries are part of x_S and are not
counted again. Scenarios (a new plant sells to final demand) use the Leontief inverse on Δf.

Scopes (every result names one): *direct*; *services* = direct + the indirect effect in the service
industries of ``service_scope.csv`` (H, J, M, N); *type1* = direct + indirect; *type2* = type1 + induced.
Every quantity is also split by place (the area's regions / elsewhere; income taxes and VAT where people
live, everything else where the work is done) and by effect (direct / indirect / induced).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from spets.economy.blas import single_threaded
from spets.economy.commuting import fill_with
from spets.economy.io import IOTable, IOTableError
from spets.economy.regional import (
    FLQ_DELTA_DEFAULT,
    GRAVITY_BETA_DEFAULT,
    Households,
    MultiRegionalModel,
    RegionalVector,
    gravity_commuting_estimate,
)
from spets.economy.tables import IndustryParameter, load_demo_table, load_parameter, load_service_sections
from spets.economy.tax import ImportedRates, LocalRate, employee_tax, rates_for, tax_year

FloatArray = np.ndarray
MSEK = 1e6

PROPENSITY_TO_CONSUME = 0.90  # share of disposable income spent (household saving ratio ~10 %, SCB NR)
DOMESTIC_SHARE_HOUSEHOLDS = 0.75  # share of household purchases produced in Sweden (assumption, ±)
TAXABLE_SHARE_OF_SURPLUS = (
    0.55  # operating surplus less capital consumption, interest, deductions (assumption)
)
SCOPES = ("direct", "services", "type1", "type2")
EFFECTS = ("direct", "indirect", "induced")
PLACES = ("area", "elsewhere")


@dataclass(frozen=True)
class Assumptions:
    """All parameters a footprint depends on (varied by the Monte Carlo)."""

    year: int = 2025
    delta: float = FLQ_DELTA_DEFAULT
    beta: float = GRAVITY_BETA_DEFAULT
    commuting_scale_km: float = 15.0
    wage_factor: float = 1.0
    margin_factor: float = 1.0
    propensity_to_consume: float = PROPENSITY_TO_CONSUME
    domestic_share_households: float = DOMESTIC_SHARE_HOUSEHOLDS


@dataclass(frozen=True)
class Geography:
    """Regions of the model as plain arrays (from the geo app or a test): codes, names, county codes,
    centroids (WGS84 degrees), employment by region × industry (workplace), residents (for commuting).

    ``aggregates`` maps codes that are not municipalities (e.g. 'REST') to a display name; they get the
    national average tax rate. ``average_rated`` maps municipality codes to (name, county code, region
    name); those without a bundled rate get the national average rate. ``commuting`` (C[h, w], columns
    sum to 1) overrides the gravity estimate; its NaN columns (workplaces the commuting statistics do not
    cover) are filled from the gravity estimate and listed in ``EconomyModel.commuting_fallback``.
    ``tax_rates`` (SCB OE0101 from the statistics store) override the bundled municipal and regional rates.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    lon: FloatArray
    lat: FloatArray
    employment: FloatArray
    residents: FloatArray
    aggregates: dict[str, str] = field(default_factory=dict)
    average_rated: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    commuting: FloatArray | None = None
    commuting_source: str = ""
    tax_rates: ImportedRates | None = None


class EconomyModel:
    """A ready-to-query footprint model: MRIO + coefficients + tax parameters + commuting."""

    def __init__(
        self,
        geography: Geography,
        table: IOTable | None = None,
        assumptions: Assumptions | None = None,
        wages: IndustryParameter | None = None,
        consumption: IndustryParameter | None = None,
        margins: IndustryParameter | None = None,
    ) -> None:
        self.assumptions = a = assumptions or Assumptions()
        self.table = table or load_demo_table()
        self.geo = geography
        needed = [c for c in geography.codes if c not in geography.aggregates]
        self.tax = tax_year(a.year, geography.tax_rates, needed)
        wages = wages or load_parameter("wages_by_industry.csv")
        consumption = consumption or load_parameter("household_consumption.csv")
        margins = margins or load_parameter("profit_margins.csv")
        t = self.table
        inds = t.industries
        if t.employment is None or t.value_added is None:
            raise IOTableError(t.name, None, "footprint needs employment (EMP) and value added (VA) rows")
        self.jobs_per_msek = t.employment / t.output
        self.va_per_msek = t.value_added / t.output
        index = load_parameter("wage_index.csv")
        if t.compensation is not None:
            base = int(t.metadata.get("year") or 2022)
            factor = index.values[str(a.year)]["index"] / index.values[str(base)]["index"]
            per_person = t.compensation * MSEK / t.employment / (1.0 + self.tax.employer_contributions_rate)
            self.annual_wage = per_person * factor * a.wage_factor
            self.wage_source = (
                f"table compensation per employed person {base}, SCB wage index to {a.year}"
                if t.metadata.get("approximate")
                else f"compensation of employees (D1) per employed person of {t.name}, SCB wage index "
                f"{base} to {a.year}"
            )
            surplus = np.maximum(t.value_added - t.compensation, 0.0) / t.output
        else:
            self.annual_wage = 12.0 * wages.column(inds, "monthly_wage_sek") * a.wage_factor
            self.wage_source = "wages_by_industry.csv (SCB Lönestrukturstatistik)"
            surplus = margins.column(inds, "profit_margin") / TAXABLE_SHARE_OF_SURPLUS
        self.profit_per_msek = (
            surplus * TAXABLE_SHARE_OF_SURPLUS * margins.column(inds, "corporate_share") * a.margin_factor
        )
        self.consumption_shares = consumption.column(inds, "share", default=0.0)
        self.vat = consumption.column(inds, "vat_rate", default=0.25)
        self.local_consumption = consumption.column(inds, "local", default=0.0) > 0
        self.services = service_industries(inds, load_service_sections())
        self.rates: list[LocalRate] = rates_for(
            self.tax, geography.codes, geography.aggregates, geography.average_rated
        )
        self.municipal_rate = np.array([r.municipal for r in self.rates])
        self.regional_rate = np.array([r.regional for r in self.rates])
        gravity = gravity_commuting_estimate(
            geography.lon, geography.lat, geography.residents, scale_km=a.commuting_scale_km
        )
        self.commuting_fallback: tuple[str, ...] = ()  # workplace regions on the gravity estimate
        if geography.commuting is not None:
            given = np.asarray(geography.commuting, dtype=float)
            if given.shape == gravity.shape and np.isnan(given).any():
                missing = np.isnan(given).any(axis=0)
                given = fill_with(given, gravity)
                self.commuting_fallback = tuple(c for c, m in zip(geography.codes, missing, strict=True) if m)
            self.commuting = given
            self.commuting_source = geography.commuting_source or "commuting matrix supplied by caller"
        else:
            self.commuting = gravity
            self.commuting_source = (
                f"ESTIMATE: gravity model exp(-d/{a.commuting_scale_km:g} km) on centroid "
                "distances; replace by SCB commuting statistics when available"
            )
        # per-employee taxes at each (residence region, industry wage)
        self.employee = employee_tax(
            self.tax, self.annual_wage[None, :], self.municipal_rate[:, None], self.regional_rate[:, None]
        )
        avg = employee_tax(
            self.tax,
            float(np.average(self.annual_wage, weights=t.employment)),
            float(self.municipal_rate.mean()),
            float(self.regional_rate.mean()),
        )
        self.disposable_ratio = float(avg.disposable_income / avg.wage)
        basic_price = 1.0 - self.vat / (1.0 + self.vat)
        self.consumption_column = (
            a.propensity_to_consume
            * self.disposable_ratio
            * a.domestic_share_households
            * self.consumption_shares
            * basic_price
        )
        wage_row = self.jobs_per_msek * self.annual_wage / MSEK
        self.mrio = MultiRegionalModel(
            t.model().a,
            inds,
            geography.codes,
            geography.lon,
            geography.lat,
            geography.employment,
            delta=a.delta,
            beta=a.beta,
            name=f"{t.name} × {len(geography.codes)} regions",
            households=Households(wage_row, self.consumption_column, self.commuting, self.local_consumption),
        )

    # ------------------------------------------------------------------------------------------
    def effects(self, shock_msek: FloatArray) -> Effects:
        """Direct, indirect and induced effects of an output/final-demand change (MSEK, region × industry)."""
        f = self.mrio.grid(shock_msek, "shock")
        x1 = self.mrio.output(f).values
        x2 = self.mrio.output(f, households_endogenous=True).values
        return Effects(self, f, x1 - f, x2 - x1)

    def extraction_effects(self, output_msek: FloatArray) -> Effects:
        """Effects of sectors whose output is observed (non-zero cells of ``output_msek``), by backward
        hypothetical extraction: direct = that output, indirect/induced = what the rest produces for it."""
        x = self.mrio.grid(output_msek, "output")
        cells = x != 0
        x1 = self.mrio.output_given(x, cells)
        x2 = self.mrio.output_given(x, cells, households_endogenous=True)
        return Effects(self, x, x1 - x, x2 - x1)

    def shock_from_jobs(self, jobs: FloatArray) -> FloatArray:
        """Output (MSEK) that employs ``jobs`` (region × industry): jobs / e_j."""
        e = self.mrio.grid(jobs, "jobs")
        return e / self.jobs_per_msek[None, :]


def industry_sections(code: str) -> set[str]:
    """SNI sections a table industry covers: 'M-N' → {M, N}, 'C24' → {C}, 'H49' → {H}."""
    head = code.split("_")[0]
    if len(head) == 3 and head[1] == "-" and head[0].isalpha() and head[2].isalpha():
        return {chr(c) for c in range(ord(head[0]), ord(head[2]) + 1)}
    return {head[:1].upper()}


def service_industries(industries: Sequence[str], sections: set[str]) -> FloatArray:
    """True for the table industries whose sections all belong to the services scope."""
    return np.array([industry_sections(i) <= sections for i in industries], dtype=bool)


@dataclass
class Effects:
    """Output by component (MSEK, region × industry) with derived jobs, wages, VA and taxes."""

    model: EconomyModel
    direct: FloatArray
    indirect: FloatArray
    induced: FloatArray
    _parts: dict[str, dict[str, FloatArray]] | None = field(default=None, init=False, repr=False)

    @property
    def total(self) -> FloatArray:
        return self.direct + self.indirect + self.induced

    def within(self, scope: str) -> Effects:
        """These effects cut to a scope: direct; services (indirect in H, J, M, N only); type1; type2."""
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}; valid: {', '.join(SCOPES)}")
        zero = np.zeros_like(self.direct)
        indirect = {
            "direct": zero,
            "services": self.indirect * self.model.services[None, :],
            "type1": self.indirect,
            "type2": self.indirect,
        }[scope]
        return Effects(self.model, self.direct, indirect, self.induced if scope == "type2" else zero)

    def only(self, component: str) -> Effects:
        """One component (direct, indirect or induced) alone, so that its taxes can be computed."""
        zero = np.zeros_like(self.direct)
        parts = {c: (getattr(self, c) if c == component else zero) for c in EFFECTS}
        return Effects(self.model, **parts)

    def jobs(self, component: str = "total") -> FloatArray:
        return getattr(self, component) * self.model.jobs_per_msek[None, :]

    def labelled(self, quantity: str, component: str = "total") -> RegionalVector:
        m = self.model
        if quantity == "jobs":
            values, unit = self.jobs(component), "persons"
        elif quantity == "output":
            values, unit = getattr(self, component) * MSEK, "SEK"
        elif quantity == "wages":
            values, unit = self.jobs(component) * m.annual_wage[None, :], "SEK per year"
        elif quantity == "value_added":
            values, unit = getattr(self, component) * m.va_per_msek[None, :] * MSEK, "SEK per year"
        else:
            raise ValueError(f"unknown quantity {quantity!r}; valid: jobs, output, wages, value_added")
        return RegionalVector(m.mrio.regions, m.mrio.industries, values, f"{quantity} ({component})", unit)

    def taxes(self) -> TaxBreakdown:
        """Taxes (SEK/year) by recipient and type from all jobs and output of these effects; each type also
        by region (income taxes and VAT where the employees live, the rest where the work is done)."""
        return breakdown(self.model, self._per_region(self.total))

    def taxes_of(self, scope: str, component: str | None = None) -> TaxBreakdown:
        """Taxes of ``scope`` (optionally one component of it). Taxes are linear in output, so they are
        computed once per part (direct, indirect in services, other indirect, induced) and summed."""
        if self._parts is None:
            svc = self.model.services[None, :]
            self._parts = {
                "direct": self._per_region(self.direct),
                "indirect_services": self._per_region(self.indirect * svc),
                "indirect_other": self._per_region(self.indirect * ~svc),
                "induced": self._per_region(self.induced),
            }
        parts = SCOPE_PARTS[scope]
        if component is not None:
            parts = tuple(p for p in parts if p.startswith(component))
        zero = np.zeros(self.direct.shape[0])
        per_region = {k: sum((self._parts[p][k] for p in parts), zero.copy()) for k in self._parts["direct"]}
        return breakdown(self.model, per_region)

    def _per_region(self, output: FloatArray) -> dict[str, FloatArray]:
        m = self.model
        jobs = output * m.jobs_per_msek[None, :]  # workplace region × industry
        with single_threaded():
            residents = m.commuting @ jobs  # residence region × industry
        emp = m.employee
        disposable = (residents * emp.disposable_income).sum(axis=1)
        vat_share = float((m.consumption_shares * m.vat / (1 + m.vat)).sum())
        return {
            "municipal_income_tax": (residents * emp.municipal_tax).sum(axis=1),
            "regional_income_tax": (residents * emp.regional_tax).sum(axis=1),
            "state_income_tax": (residents * emp.state_income_tax).sum(axis=1),
            "job_tax_credit": -(residents * emp.job_tax_credit).sum(axis=1),
            "employer_contributions": (jobs * emp.employer_contributions[0][None, :]).sum(axis=1),
            "vat": disposable * m.assumptions.propensity_to_consume * vat_share,
            "corporate_income_tax": (output * m.profit_per_msek[None, :]).sum(axis=1)
            * MSEK
            * m.tax.corporate_tax_rate,
        }


SCOPE_PARTS = {
    "direct": ("direct",),
    "services": ("direct", "indirect_services"),
    "type1": ("direct", "indirect_services", "indirect_other"),
    "type2": ("direct", "indirect_services", "indirect_other", "induced"),
}


def breakdown(m: EconomyModel, per_region: dict[str, FloatArray]) -> TaxBreakdown:
    """Taxes by type per model region → recipients (municipality, region, state) and totals by type."""
    regions: dict[str, tuple[str, float]] = {}
    for rate, val in zip(m.rates, per_region["regional_income_tax"], strict=True):
        name, acc = regions.get(rate.county_code, (rate.region_name, 0.0))
        regions[rate.county_code] = (name, acc + float(val))
    by_type = {k: float(v.sum()) for k, v in per_region.items()}
    state = sum(v for k, v in by_type.items() if k not in STATE_EXCLUDED)
    munis = [
        (r.municipality_code, r.municipality_name, float(v))
        for r, v in zip(m.rates, per_region["municipal_income_tax"], strict=True)
    ]
    regs = [(code, name, v) for code, (name, v) in regions.items()]
    return TaxBreakdown(munis, regs, state, by_type, per_region)


STATE_EXCLUDED = ("municipal_income_tax", "regional_income_tax")


@dataclass(frozen=True)
class TaxBreakdown:
    """Tax revenue (SEK/year): per municipality (code, name, SEK), per region, the state, by type; and each
    type by model region (``per_region``, for the split by place)."""

    municipalities: list[tuple[str, str, float]]
    regions: list[tuple[str, str, float]]
    state: float
    by_type: dict[str, float]
    per_region: dict[str, FloatArray] = field(default_factory=dict, repr=False)

    @property
    def total(self) -> float:
        return sum(v for *_, v in self.municipalities) + sum(v for *_, v in self.regions) + self.state

    def to_dict(self) -> dict[str, Any]:
        muni = sum(v for *_, v in self.municipalities)
        reg = sum(v for *_, v in self.regions)
        rec = (
            [
                {"kind": "municipality", "code": c, "name": n, "sek": round(v)}
                for c, n, v in self.municipalities
            ]
            + [{"kind": "region", "code": c, "name": n, "sek": round(v)} for c, n, v in self.regions]
            + [{"kind": "state", "code": "SE", "name": "Staten", "sek": round(self.state)}]
        )
        return {
            "municipalities": round(muni),
            "regions": round(reg),
            "state": round(self.state),
            "total": round(self.total),
            "by_type": {k: round(v) for k, v in self.by_type.items()},
            "by_recipient": rec,
        }


def _summary(eff: Effects, tax: TaxBreakdown, rows: FloatArray | slice) -> dict[str, Any]:
    """Jobs, wages, value added and each tax of ``eff`` in the model regions ``rows``."""
    jobs = float(eff.jobs()[rows].sum())
    wages = float(eff.labelled("wages").values[rows].sum())
    va = float(eff.labelled("value_added").values[rows].sum())
    types = {k: round(float(v[rows].sum())) for k, v in tax.per_region.items()}
    return {
        "jobs": round(jobs, 1),
        "wages_sek": round(wages),
        "value_added_sek": round(va),
        "tax_sek": types | {"total": sum(types.values())},
    }


@dataclass(frozen=True)
class FootprintResult:
    """Footprint of an area's industry (or effect of a scenario) with provenance; see :meth:`to_dict`.

    ``effects`` holds every component; ``scope`` chooses which of them the headline figures count.
    """

    area: str
    year: int
    industries: tuple[str, ...]
    effects: Effects
    tax: TaxBreakdown
    metadata: dict[str, Any]
    scope: str = "type2"
    area_regions: tuple[str, ...] = ()

    def scoped(self) -> Effects:
        return self.effects.within(self.scope)

    def rescoped(self, scope: str) -> FootprintResult:
        """The same effects with the headline (and taxes) of another scope."""
        return replace(self, scope=scope, tax=self.effects.taxes_of(scope))

    def employment(self) -> dict[str, float]:
        eff = self.scoped()
        return {c: float(eff.jobs(c).sum()) for c in EFFECTS}

    def by_region(self) -> list[dict[str, Any]]:
        """Per region: jobs by component and municipal income tax (for maps and 'who gains')."""
        m = self.effects.model
        eff = self.scoped()
        jobs = {c: eff.jobs(c).sum(axis=1) for c in EFFECTS}
        muni = {c: v for c, _, v in self.tax.municipalities}
        return [
            {
                "code": code,
                "name": name,
                **{k: float(v[i]) for k, v in jobs.items()},
                "total_jobs": float(sum(v[i] for v in jobs.values())),
                "municipal_tax_sek": round(muni[code]),
            }
            for i, (code, name) in enumerate(zip(m.geo.codes, m.geo.names, strict=True))
        ]

    def in_area(self) -> FloatArray:
        codes = self.effects.model.geo.codes
        return np.array([c in self.area_regions for c in codes], dtype=bool)

    def by_place(self) -> dict[str, Any]:
        """The scope's jobs, wages, value added and each tax in the area's regions and elsewhere."""
        eff = self.scoped()
        inside = self.in_area()
        return {
            "area": _summary(eff, self.tax, inside),
            "elsewhere": _summary(eff, self.tax, ~inside),
        }

    def by_effect(self) -> dict[str, Any]:
        """The scope's jobs, wages, value added and each tax by effect, each split by place."""
        eff = self.scoped()
        inside = self.in_area()
        out = {}
        for c in EFFECTS:
            part = eff.only(c)
            tax = self.effects.taxes_of(self.scope, c)
            out[c] = _summary(part, tax, slice(None)) | {
                "by_place": {"area": _summary(part, tax, inside), "elsewhere": _summary(part, tax, ~inside)}
            }
        return out

    def scopes(self) -> dict[str, Any]:
        """Headline of every scope (jobs, tax total, of which in the area), for 'the others one click away'."""
        inside = self.in_area()
        out = {}
        for scope in SCOPES:
            eff = self.effects.within(scope)
            tax = self.effects.taxes_of(scope)
            jobs = eff.jobs().sum(axis=1)
            out[scope] = {
                "jobs": round(float(jobs.sum()), 1),
                "jobs_in_area": round(float(jobs[inside].sum()), 1),
                "tax_sek": round(tax.total),
                "tax_in_area_sek": round(sum(float(v[inside].sum()) for v in tax.per_region.values())),
            }
        return out

    def headline(self) -> dict[str, Any]:
        """Area, scope, jobs, wages, value added and tax total (what a comparison needs; cheap)."""
        emp = self.employment()
        eff = self.scoped()
        return {
            "area": self.area,
            "scope": self.scope,
            "employment": {k: round(v, 1) for k, v in emp.items()} | {"total": round(sum(emp.values()), 1)},
            "wages_sek": round(float(eff.labelled("wages").total())),
            "value_added_sek": round(float(eff.labelled("value_added").total())),
            "tax_sek_total": round(self.tax.total),
        }

    def to_dict(self) -> dict[str, Any]:
        emp = self.employment()
        eff = self.scoped()
        return {
            "area": self.area,
            "year": self.year,
            "industries": list(self.industries),
            "scope": self.scope,
            "employment": {k: round(v, 1) for k, v in emp.items()} | {"total": round(sum(emp.values()), 1)},
            "wages_sek": round(float(eff.labelled("wages").total())),
            "value_added_sek": round(float(eff.labelled("value_added").total())),
            "tax_sek": self.tax.to_dict(),
            "by_place": self.by_place(),
            "by_effect": self.by_effect(),
            "scopes": self.scopes(),
            "by_region": self.by_region(),
            "metadata": self.metadata,
        }


def provenance(model: EconomyModel, method: str) -> dict[str, Any]:
    """Method, assumptions, sources and units behind every figure of a result."""
    a = model.assumptions
    t = model.table
    return {
        "method": method,
        "units": {
            "employment": "persons (jobs)",
            "money": "SEK per year, current prices",
            "table": t.metadata.get("unit"),
        },
        "table": {
            "name": t.name,
            "source": t.metadata.get("source"),
            "year": t.metadata.get("year"),
            "approximate": bool(t.metadata.get("approximate")),
            "status": "approximate" if t.metadata.get("approximate") else "real",
            "products": t.metadata.get("products"),
            "aggregation": t.metadata.get("aggregation"),
            "employment_source": t.metadata.get("employment_source"),
            "file": t.metadata.get("file"),
        },
        "tax_year": model.tax.year,
        "tax_rates_year": model.tax.rates_year,
        "notices": list(model.tax.notices),
        "tax_sources": list(model.tax.sources),
        "borrowed_parameters": [{"parameter": k, "year": y} for k, y in model.tax.borrowed],
        "job_tax_credit": (model.tax.job_tax_credit or {}).get("status"),
        "regionalisation": f"FLQ with delta={a.delta} (Flegg & Tohmo 2013), gravity trade with beta={a.beta}",
        "commuting": model.commuting_source,
        "commuting_fallback": list(model.commuting_fallback),
        "tax_rates_source": model.tax.rates_source,
        "assumptions": {
            "propensity_to_consume": a.propensity_to_consume,
            "domestic_share_households": a.domestic_share_households,
            "disposable_ratio_at_average_wage": round(model.disposable_ratio, 4),
            "wage_factor": a.wage_factor,
            "margin_factor": a.margin_factor,
        },
        "wages": model.wage_source,
        "parameter_sources": [
            "wage_index.csv (SCB Konjunkturlönestatistik)",
            "household_consumption.csv (SCB Nationalräkenskaper, ML VAT rates, non-traded services)",
            "profit_margins.csv (corporate share of operating surplus, approximate)",
            "service_scope.csv (service industries of the services scope: H, J, M, N)",
        ],
    }


def result(
    model: EconomyModel,
    name: str,
    industries: Sequence[str],
    effects: Effects,
    method: str,
    scope: str,
    area_regions: Sequence[str],
) -> FootprintResult:
    """A result of ``effects`` with the taxes and headline of ``scope``."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; valid: {', '.join(SCOPES)}")
    meta = provenance(model, method)
    taxes = effects.taxes_of(scope)
    return FootprintResult(
        name, model.tax.year, tuple(industries), effects, taxes, meta, scope, tuple(area_regions)
    )


def footprint(
    model: EconomyModel,
    area: str,
    area_regions: Sequence[str],
    industries: Sequence[str],
    scope: str = "services",
) -> FootprintResult:
    """Footprint of the chosen industries in the chosen regions: the area's jobs as the direct effect,
    what they buy from the rest of the economy by hypothetical extraction (no double counting)."""
    geo = model.geo
    for code in area_regions:
        if code not in geo.codes:
            raise IOTableError(model.mrio.name, code, f"unknown area region; valid: {', '.join(geo.codes)}")
    for ind in industries:
        if ind not in model.table.industries:
            raise IOTableError(
                model.table.name, ind, f"unknown industry; valid: {', '.join(model.table.industries)}"
            )
    mask = np.zeros(model.mrio.shape, dtype=bool)
    rows = [geo.codes.index(c) for c in area_regions]
    cols = [model.table.industries.index(i) for i in industries]
    mask[np.ix_(rows, cols)] = True
    jobs = np.where(mask, geo.employment, 0.0)
    eff = model.extraction_effects(model.shock_from_jobs(jobs))
    method = "multi-regional input-output footprint by hypothetical extraction (Miller & Blair §12.2)"
    return result(model, area, industries, eff, method, scope, area_regions)
