"""Footprint of an area's industry and effects of a scenario, as result dicts with provenance and labels.

Nothing here writes to the database (statistics, no company data), so there is nothing to audit.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from spets.economy import texts
from spets.economy.errors import InvalidChoice
from spets.economy.footprint import EconomyModel
from spets.economy.footprint import footprint as pure_footprint
from spets.economy.inputs import REST_CODE
from spets.economy.scenario import Change, Scenario, run_scenario, sensitivity
from spets.economy.services.choices import (
    DEFAULT_INDUSTRY,
    DEFAULT_REGIONS,
    DEFAULT_SCOPE,
    SCENARIO_SCOPE,
    Area,
    ChangeSpec,
    check_scope,
    industry_scope,
    parse_area,
    parse_change,
    parse_industries,
    table,
)
from spets.economy.services.model import Built, model_for


def _average_rate_notice(built: Built) -> list[str]:
    """One notice for all municipalities taxed at the national average rate (regions=sweden, a year or
    municipality without a bundled rate)."""
    averaged = [r for r in built.model.rates if r.average and r.municipality_code != REST_CODE]
    if not averaged:
        return []
    return [
        _(
            "tax rates: %(n)s municipalities have no bundled rate and are taxed at the national average "
            "rate (municipal %(m)s %%, regional %(r)s %%, approximate split); the other %(own)s "
            "municipalities and their regions have their own rates"
        )
        % {
            "n": len(averaged),
            "m": f"{100 * averaged[0].municipal:.2f}",
            "r": f"{100 * averaged[0].regional:.2f}",
            "own": len(built.model.rates) - len(averaged),
        }
    ]


def _tax_rates_notices(built: Built) -> list[str]:
    """Rates of SCB's OE0101 that cover only some of the model's municipalities."""
    tax = built.model.tax
    out = []
    if tax.own_regions and any(k == "municipalities" for k, _y in tax.borrowed):
        names = [tax.regions[c]["name"] for c in tax.own_regions if c in tax.regions]
        out.append(
            _(
                "tax rates %(year)s: the regional rates of %(regions)s are bundled for %(year)s; only the "
                "others are borrowed"
            )
            % {"year": tax.year, "regions": ", ".join(names)}
        )
    if not tax.imported_rates or not any(k == "municipalities" for k, _y in tax.borrowed):
        return out
    return out + [
        _(
            "tax rates %(year)s: %(n)s municipalities from SCB table %(table)s, the others from the bundled "
            "rates of %(rates)s"
        )
        % {
            "year": tax.year,
            "n": tax.imported_rates,
            "table": (built.inputs.metadata.get("tax_rates") or {}).get("table", "OE0101"),
            "rates": tax.rates_year,
        }
    ]


def _commuting_notices(built: Built) -> list[str]:
    """What the commuting comes from when it is not one source: SCB's year differs from the model's,
    workplaces left to the gravity estimate, residents outside the model regions."""
    meta = built.inputs.metadata.get("commuting") or {}
    fallback = list(built.model.commuting_fallback)
    if "table" not in meta or not built.model.commuting_source.startswith("SCB"):
        if meta.get("reason") and meta["reason"] not in (
            "no SCB commuting table imported",
            "no statistics store",
        ):
            return [
                _("commuting: the SCB commuting table is not used (%(why)s); gravity estimate")
                % {"why": meta["reason"]}
            ]
        return []
    out = []
    if meta["year"] != meta["requested_year"]:
        out.append(
            _("commuting: SCB table %(table)s has no year %(year)s; %(used)s is used")
            % {"table": meta["table"], "year": meta["requested_year"], "used": meta["year"]}
        )
    if fallback:
        names = dict(zip(built.inputs.geography.codes, built.inputs.geography.names, strict=True))
        names[REST_CODE] = texts.rest_of_sweden()
        shown = [names.get(c, c) for c in fallback[:12]] + (["…"] if len(fallback) > 12 else [])
        out.append(
            _(
                "commuting: %(n)s workplace regions are not in SCB table %(table)s (%(year)s) and use the "
                "gravity estimate: %(places)s"
            )
            % {"n": len(fallback), "table": meta["table"], "year": meta["year"], "places": ", ".join(shown)}
        )
    if meta.get("residents_left_out"):
        out.append(
            _(
                "commuting: %(n)s employed persons living outside the model's regions are left out of the "
                "shares"
            )
            % {"n": meta["residents_left_out"]}
        )
    return out


def _decorate(d: dict[str, Any], built: Built, area: Area | None) -> dict[str, Any]:
    """Add area name, input provenance and labels to a result dict."""
    inputs = built.inputs
    meta = d["metadata"]
    meta["inputs"] = inputs.metadata
    meta["synthetic"] = inputs.synthetic
    meta["approximate"] = bool(meta["table"]["approximate"])
    meta["employment_year"] = inputs.metadata["employment"]["year"]
    meta["model_regions"] = len(inputs.geography.codes)
    meta["employment_version"] = inputs.metadata["employment"]["version"]
    meta["employment_title"] = texts.employment_title(inputs.metadata["employment"])
    meta["table"]["label"] = texts.table_name(meta["table"]["name"])
    meta["regions"] = inputs.regions
    meta["notices"] = [
        *inputs.metadata.get("notices", []),
        *_average_rate_notice(built),
        *_commuting_notices(built),
        *_tax_rates_notices(built),
        *(
            texts.borrowed_notice(b["parameter"], meta["tax_year"], b["year"])
            for b in meta.get("borrowed_parameters", [])
        ),
    ]
    labels = []
    if inputs.synthetic:
        labels.append(_("SYNTHETIC employment statistics (demo data, not official statistics)"))
    if meta["approximate"]:
        labels.append(_("APPROXIMATE national input-output table and parameters"))
    else:
        labels.append(
            _(
                "real national input-output table: %(name)s (%(year)s); household consumption and profit margins APPROXIMATE"
            )
            % {"name": meta["table"]["name"], "year": meta["table"]["year"]}
        )
    if "ESTIMATE" in meta["commuting"]:
        labels.append(_("ESTIMATED commuting (gravity model)"))
    meta["labels"] = labels
    d["scope_name"] = texts.scope_name(d["scope"])
    d["scope_explanation"] = texts.scope_explanation(d["scope"])
    meta["left_out"] = texts.left_out()
    meta["method"] = texts.method_name(meta["method"])
    meta["told"] = texts.provenance(meta, built.model.assumptions)
    names = {c: n for c, n in zip(inputs.geography.codes, inputs.geography.names, strict=True)}
    names[REST_CODE] = texts.rest_of_sweden()
    rest_names = {
        "municipality": _("Rest of Sweden (municipalities, average rate)"),
        "region": _("Rest of Sweden (regions, average rate)"),
    }
    for r in d.get("tax_sek", {}).get("by_recipient", []):
        if r["kind"] == "state":
            r["name"] = texts.the_state()
        elif r["code"] == REST_CODE:
            r["name"] = rest_names[r["kind"]]
    for r in d.get("by_region", []):
        r["name"] = names.get(r["code"], r["name"])
        m = inputs.municipalities.get(r["code"])
        r["county"] = m.county if m else None
    if area is not None:
        d["area"] = area.spec
        d["area_name"] = area.name
        d["area_regions"] = list(area.regions)
    return d


def _check_silent_zero(d: dict[str, Any], res, built: Built) -> None:
    """An industry the area has no employment in gives zero everywhere: say so instead of showing 0."""
    if d["employment"]["direct"] > 0:
        return
    d["metadata"]["notices"].insert(
        0,
        _(
            "%(area)s has no employment in %(ind)s in the statistics (%(year)s): every figure is zero "
            "because there is nothing to trace, not because the industry brings in nothing"
        )
        % {
            "area": d.get("area_name", d["area"]),
            "ind": ", ".join(res.industries),
            "year": d["metadata"]["employment_year"],
        },
    )
    d["zero_notice"] = True


def _state_scope(d: dict[str, Any], scope: list[dict[str, str]], requested: str) -> None:
    """Record (metadata) and state first (labels, heading) that a request was computed for a broader
    table industry, so 'SNI 99' never silently shows the whole R–U aggregate."""
    d["metadata"]["industry_scope"] = scope
    d["metadata"]["labels"] = [texts.scope_label(s) for s in scope] + d["metadata"]["labels"]
    if scope:
        computed = ", ".join(f"{s['industry']} (SNI {s['sni']})" for s in scope)
        d["industry_label"] = _("%(req)s, computed for table industry %(ind)s") % {
            "req": requested,
            "ind": computed,
        }
    else:
        d["industry_label"] = requested


# ---------------------------------------------------------------------------------------------
# Footprint
# ---------------------------------------------------------------------------------------------


def footprint(
    area: str | None = "programme",
    industries: str | None = DEFAULT_INDUSTRY,
    year: int | str | None = None,
    regions: str | None = DEFAULT_REGIONS,
    scope: str | None = DEFAULT_SCOPE,
) -> dict[str, Any]:
    """Footprint of ``industries`` (SNI, default B,C) in ``area``: jobs, wages, VA, taxes by recipient in
    ``scope`` (direct | services | type1 | type2), split by place and effect; ``regions`` chooses the
    model's regions (programme + rest of Sweden, or all 290 municipalities)."""
    sc = check_scope(scope)
    built = model_for(year, regions)
    a = parse_area(area, built.inputs)
    inds = parse_industries(industries)
    res = pure_footprint(built.model, a.spec, a.regions, inds, scope=sc)
    d = _decorate(res.to_dict(), built, a)
    _check_silent_zero(d, res, built)
    spec = industries or DEFAULT_INDUSTRY
    d["industry_spec"] = spec
    _state_scope(d, industry_scope(spec), f"SNI {spec}")
    return d


# ---------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------


def _change(spec: ChangeSpec, built: Built) -> Change:
    regions = built.inputs.geography.codes
    code = (
        spec.municipality.strip().upper()
        if spec.municipality.strip().upper() == REST_CODE
        else spec.municipality.strip()
    )
    if code not in regions:
        raise InvalidChoice(
            f"unknown municipality {spec.municipality!r} in a change; valid: {', '.join(regions)}",
            field="changes",
        )
    try:
        inds = parse_industries(spec.sni)
    except InvalidChoice as exc:
        raise InvalidChoice(f"change in {spec.municipality}: {exc}", field="changes") from None
    if len(inds) != 1:
        raise InvalidChoice(
            f"SNI {spec.sni!r} covers several industries of the model ({', '.join(inds)}); "
            f"a change needs one: give a division, e.g. sni:24",
            field="changes",
        )
    return Change(code, inds[0], jobs=float(spec.jobs), final_demand_msek=float(spec.final_demand_msek))


def scenario(
    changes: list[ChangeSpec | str],
    year: int | str | None = None,
    area: str | None = "programme",
    draws: int = 0,
    name: str | None = None,
    regions: str | None = DEFAULT_REGIONS,
    scope: str | None = SCENARIO_SCOPE,
) -> dict[str, Any]:
    """Effect of the changes in every region of the model (inside and outside the area), with the
    programme's B+C footprint as baseline and, if ``draws`` > 0, Monte Carlo intervals; headline figures
    in ``scope`` (default type2)."""
    sc = check_scope(scope, SCENARIO_SCOPE)
    if not changes:
        raise InvalidChoice(
            "a scenario needs at least one change, e.g. kommun:2081,sni:24,jobs:+300", field="changes"
        )
    if not 0 <= int(draws) <= 1000:
        raise InvalidChoice(f"draws must be between 0 and 1000, got {draws}", field="draws")
    built = model_for(year, regions)
    a = parse_area(area, built.inputs)
    specs = [parse_change(c) if isinstance(c, str) else c for c in changes]
    pure = tuple(_change(s, built) for s in specs)
    _check_closures(pure, built)
    label = name or "; ".join(_describe(c, built) for c in pure)
    scen = Scenario(label, pure, area=a.regions)
    result = run_scenario(built.model, scen, baseline=built.baseline(sc), scope=sc)
    d = result.to_dict()
    if draws:
        geo, t = built.inputs.geography, table()
        d["intervals"] = sensitivity(
            lambda asm: EconomyModel(geo, t, asm),
            scen,
            draws=int(draws),
            base=built.model.assumptions,
            scope=sc,
        )
    d = _decorate(d, built, a)
    d["scenario"]["changes"] = [
        {
            "municipality": c.region,
            "municipality_name": _name(c.region, built),
            "industry": c.industry,
            "jobs": c.jobs,
            "final_demand_msek": c.final_demand_msek,
        }
        for c in pure
    ]
    scope = [x for spec in specs for x in industry_scope(spec.sni)]
    _state_scope(d, scope, ", ".join(dict.fromkeys(f"SNI {spec.sni}" for spec in specs)))
    d["gains"] = sum(1 for r in d["by_region"] if r["total_jobs"] > 1e-9)
    d["losses"] = sum(1 for r in d["by_region"] if r["total_jobs"] < -1e-9)
    return d


def _check_closures(changes: tuple[Change, ...], built: Built) -> None:
    """A closure cannot remove more jobs than the industry has in the municipality (statistics year):
    the sum of the changes' direct jobs (jobs + demand × jobs per MSEK) per industry × municipality must not
    fall below minus its current employment."""
    geo, model = built.inputs.geography, built.model
    inds = table().industries
    direct: dict[tuple[str, str], float] = {}
    for c in changes:
        j = inds.index(c.industry)
        direct[(c.region, c.industry)] = (
            direct.get((c.region, c.industry), 0.0)
            + c.jobs
            + c.final_demand_msek * float(model.jobs_per_msek[j])
        )
    for (region, industry), change in direct.items():
        current = float(geo.employment[geo.codes.index(region), inds.index(industry)])
        if change < -current - 0.05:
            raise InvalidChoice(
                _(
                    "a closure in %(name)s (%(code)s), industry %(ind)s, removes %(change)s jobs but the "
                    "industry employs %(current)s persons there (statistics %(year)s); a negative change can "
                    "remove at most %(current)s jobs"
                )
                % {
                    "name": _name(region, built),
                    "code": region,
                    "ind": industry,
                    "change": f"{-change:,.0f}".replace(",", "\u00a0"),
                    "current": f"{current:,.0f}".replace(",", "\u00a0"),
                    "year": built.inputs.metadata["employment"]["year"],
                },
                field="changes",
            )


def _name(code: str, built: Built) -> str:
    if code == REST_CODE:
        return texts.rest_of_sweden()
    geo = built.inputs.geography
    return geo.names[geo.codes.index(code)]


def _describe(c: Change, built: Built) -> str:
    parts = []
    if c.jobs:
        parts.append(_("%(n)s jobs") % {"n": f"{c.jobs:+g}"})
    if c.final_demand_msek:
        parts.append(_("%(n)s MSEK final demand") % {"n": f"{c.final_demand_msek:+g}"})
    return _("%(change)s in %(industry)s, %(place)s") % {
        "change": parts[0] if len(parts) == 1 else _("%(a)s and %(b)s") % {"a": parts[0], "b": parts[1]},
        "industry": c.industry,
        "place": _name(c.region, built),
    }
