"""Economic footprint: jobs, wages, value added and taxes by recipient from a multi-regional model (pure).

Given a national table (MSEK), regions with centroids and employment by region × industry, the model is

* multi-regional Leontief model (see :mod:`spets.economy.regional`) with households endogenous;
* jobs per MSEK e_j = employment_j / output_j (national table), annual wage w_j = 12 × monthly wage
  (SCB wage structure statistics), value added per MSEK v_j = VA_j / x_j, profit per MSEK p_j;
* households (Type II): wage row h_j = e_j · w_j (MSEK income per MSEK output); consumption column
  c_i = κ · d · s_i · (1 − VAT_i/(1+VAT_i)) · μ, with κ the propensity to consume out of disposable
  income, d = disposable/gross wage at the average wage (tax model), s_i consumption shares, μ the
  domestic share of household purchases; income is paid to the region of residence via commuting C[h,w].

Effects of an exogenous output/final-demand change Δf (MSEK, region × industry):
  x_I = (I − A)⁻¹ Δf, x_II = (I − Ā)⁻¹ (Δf, 0) (industry part);
  direct = Δf, indirect = x_I − Δf, induced = x_II − x_I; jobs = e ⊙ x; wages = jobs · w; VA = v ⊙ x.
  Taxes: employees N[s,j] working in s live in h with share C[h,s] → residents N_res = C N; each pays
  :func:`spets.economy.tax.employee_tax` at wage w_j and the rates of h; municipal tax → h, regional tax
  → the county of h, state income tax − jobbskatteavdrag + employer contributions + VAT on consumption of
  disposable income + corporate tax (p_j · x · 20.6 %) → the state.

An area's footprint treats the area's industry output (its employment / e_j) as the exogenous shock — the
usual impact-study convention (it counts deliveries within the chosen industries again as indirect
effects; hypothetical extraction would avoid that and is not implemented).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from spets.economy.io import IOTable, IOTableError
from spets.economy.regional import (
    FLQ_DELTA_DEFAULT,
    GRAVITY_BETA_DEFAULT,
    Households,
    MultiRegionalModel,
    RegionalVector,
    gravity_commuting_estimate,
)
from spets.economy.tables import IndustryParameter, load_demo_table, load_parameter
from spets.economy.tax import LocalRate, employee_tax, rates_for, tax_year

FloatArray = np.ndarray
MSEK = 1e6

PROPENSITY_TO_CONSUME = 0.90  # share of disposable income spent (household saving ratio ~10 %, SCB NR)
DOMESTIC_SHARE_HOUSEHOLDS = 0.75  # share of household purchases produced in Sweden (assumption, ±)


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
    sum to 1) overrides the gravity estimate.
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
        self.tax = tax_year(a.year)
        wages = wages or load_parameter("wages_by_industry.csv")
        consumption = consumption or load_parameter("household_consumption.csv")
        margins = margins or load_parameter("profit_margins.csv")
        t = self.table
        inds = t.industries
        if t.employment is None or t.value_added is None:
            raise IOTableError(t.name, None, "footprint needs employment (EMP) and value added (VA) rows")
        self.jobs_per_msek = t.employment / t.output
        self.va_per_msek = t.value_added / t.output
        self.annual_wage = 12.0 * wages.column(inds, "monthly_wage_sek") * a.wage_factor
        self.profit_per_msek = margins.column(inds, "profit_margin") * a.margin_factor
        self.consumption_shares = consumption.column(inds, "share", default=0.0)
        self.vat = consumption.column(inds, "vat_rate", default=0.25)
        self.rates: list[LocalRate] = rates_for(
            self.tax, geography.codes, geography.aggregates, geography.average_rated
        )
        self.municipal_rate = np.array([r.municipal for r in self.rates])
        self.regional_rate = np.array([r.regional for r in self.rates])
        if geography.commuting is not None:
            self.commuting = np.asarray(geography.commuting, dtype=float)
            self.commuting_source = geography.commuting_source or "commuting matrix supplied by caller"
        else:
            self.commuting = gravity_commuting_estimate(
                geography.lon, geography.lat, geography.residents, scale_km=a.commuting_scale_km
            )
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
            households=Households(wage_row, self.consumption_column, self.commuting),
        )

    # ------------------------------------------------------------------------------------------
    def effects(self, shock_msek: FloatArray) -> Effects:
        """Direct, indirect and induced effects of an output/final-demand change (MSEK, region × industry)."""
        f = self.mrio.grid(shock_msek, "shock")
        x1 = self.mrio.output(f).values
        x2 = self.mrio.output(f, households_endogenous=True).values
        return Effects(self, f, x1 - f, x2 - x1)

    def shock_from_jobs(self, jobs: FloatArray) -> FloatArray:
        """Output (MSEK) that employs ``jobs`` (region × industry): jobs / e_j."""
        e = self.mrio.grid(jobs, "jobs")
        return e / self.jobs_per_msek[None, :]


@dataclass
class Effects:
    """Output by component (MSEK, region × industry) with derived jobs, wages, VA and taxes."""

    model: EconomyModel
    direct: FloatArray
    indirect: FloatArray
    induced: FloatArray

    @property
    def total(self) -> FloatArray:
        return self.direct + self.indirect + self.induced

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
        """Taxes (SEK/year) by recipient and type from all jobs and output of these effects."""
        m = self.model
        jobs = self.jobs()  # workplace region × industry
        residents = m.commuting @ jobs  # residence region × industry
        emp = m.employee
        municipal = (residents * emp.municipal_tax).sum(axis=1)
        regional_by_res = (residents * emp.regional_tax).sum(axis=1)
        state_income = float((residents * emp.state_income_tax).sum())
        jsa = float((residents * emp.job_tax_credit).sum())
        employer = float((jobs * emp.employer_contributions[0][None, :]).sum())
        disposable = float((residents * emp.disposable_income).sum())
        spending = disposable * m.assumptions.propensity_to_consume
        vat = spending * float((m.consumption_shares * m.vat / (1 + m.vat)).sum())
        corporate = float((self.total * m.profit_per_msek[None, :]).sum() * MSEK * m.tax.corporate_tax_rate)
        regions: dict[str, tuple[str, float]] = {}
        for rate, val in zip(m.rates, regional_by_res, strict=True):
            name, acc = regions.get(rate.county_code, (rate.region_name, 0.0))
            regions[rate.county_code] = (name, acc + float(val))
        by_type = {
            "municipal_income_tax": float(municipal.sum()),
            "regional_income_tax": float(regional_by_res.sum()),
            "state_income_tax": state_income,
            "job_tax_credit": -jsa,
            "employer_contributions": employer,
            "vat": vat,
            "corporate_income_tax": corporate,
        }
        state = state_income - jsa + employer + vat + corporate
        munis = [
            (r.municipality_code, r.municipality_name, float(v))
            for r, v in zip(m.rates, municipal, strict=True)
        ]
        regs = [(code, name, v) for code, (name, v) in regions.items()]
        return TaxBreakdown(munis, regs, state, by_type)


@dataclass(frozen=True)
class TaxBreakdown:
    """Tax revenue (SEK/year): per municipality (code, name, SEK), per region, the state, by type."""

    municipalities: list[tuple[str, str, float]]
    regions: list[tuple[str, str, float]]
    state: float
    by_type: dict[str, float]

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
            + [{"kind": "state", "code": "SE", "name": "Staten (the state)", "sek": round(self.state)}]
        )
        return {
            "municipalities": round(muni),
            "regions": round(reg),
            "state": round(self.state),
            "total": round(self.total),
            "by_type": {k: round(v) for k, v in self.by_type.items()},
            "by_recipient": rec,
        }


@dataclass(frozen=True)
class FootprintResult:
    """Footprint of an area's industry (or effect of a scenario) with provenance; see :meth:`to_dict`."""

    area: str
    year: int
    industries: tuple[str, ...]
    effects: Effects
    tax: TaxBreakdown
    metadata: dict[str, Any]

    def employment(self) -> dict[str, float]:
        return {c: float(self.effects.jobs(c).sum()) for c in ("direct", "indirect", "induced")}

    def by_region(self) -> list[dict[str, Any]]:
        """Per region: jobs by component and municipal income tax (for maps and 'who gains')."""
        m = self.effects.model
        jobs = {c: self.effects.jobs(c).sum(axis=1) for c in ("direct", "indirect", "induced")}
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

    def to_dict(self) -> dict[str, Any]:
        emp = self.employment()
        return {
            "area": self.area,
            "year": self.year,
            "industries": list(self.industries),
            "employment": {k: round(v, 1) for k, v in emp.items()} | {"total": round(sum(emp.values()), 1)},
            "wages_sek": round(float(self.effects.labelled("wages").total())),
            "value_added_sek": round(float(self.effects.labelled("value_added").total())),
            "tax_sek": self.tax.to_dict(),
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
        },
        "tax_year": model.tax.year,
        "tax_rates_year": model.tax.rates_year,
        "notices": list(model.tax.notices),
        "tax_sources": list(model.tax.sources),
        "borrowed_parameters": [{"parameter": k, "year": y} for k, y in model.tax.borrowed],
        "job_tax_credit": (model.tax.job_tax_credit or {}).get("status"),
        "regionalisation": f"FLQ with delta={a.delta} (Flegg & Tohmo 2013), gravity trade with beta={a.beta}",
        "commuting": model.commuting_source,
        "assumptions": {
            "propensity_to_consume": a.propensity_to_consume,
            "domestic_share_households": a.domestic_share_households,
            "disposable_ratio_at_average_wage": round(model.disposable_ratio, 4),
            "wage_factor": a.wage_factor,
            "margin_factor": a.margin_factor,
        },
        "parameter_sources": [
            "wages_by_industry.csv (SCB Lönestrukturstatistik)",
            "household_consumption.csv (SCB Nationalräkenskaper, ML VAT rates)",
            "profit_margins.csv (SCB NR / Företagens ekonomi, approximate)",
        ],
    }


def footprint(
    model: EconomyModel, area: str, area_regions: Sequence[str], industries: Sequence[str]
) -> FootprintResult:
    """Footprint of the chosen industries in the chosen regions: the area's jobs as the direct effect."""
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
    eff = model.effects(model.shock_from_jobs(jobs))
    meta = provenance(model, "Type II multi-regional input-output footprint (direct + indirect + induced)")
    return FootprintResult(area, model.tax.year, tuple(industries), eff, eff.taxes(), meta)
