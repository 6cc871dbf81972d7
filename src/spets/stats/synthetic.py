"""Deterministic synthetic statistics (pure: numpy and the stats core, no Django).

`demo_cube` is shaped like the stitched employment series: municipality × SNI 2007 aggregate × sex ×
year 2008–2024, for the municipalities the caller passes (code, name, county). `calibrate` scales it to
given totals (the demo loader passes the register's); `business_cube` is a county × section × contents ×
year cube shaped like SCB's NV0109. Every cube says "synthetic demo data" in its title, source and
metadata. The Django loader that stores them is `spets.stats.demo`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import cube as C
from .stitch import harmonisation

SYNTHETIC = "synthetic demo data"
SYNTHETIC_SV = (
    "syntetiska demodata"  # the Swedish title says it in Swedish (the English marker stays in source/notes)
)
YEARS = [str(y) for y in range(2008, 2025)]
# Rough national industry mix (share of employment) the synthetic data is drawn around.
_MIX = {
    "A": 0.02,
    "B+C": 0.12,
    "D+E": 0.01,
    "F": 0.07,
    "G": 0.12,
    "H": 0.05,
    "I": 0.04,
    "J": 0.05,
    "K": 0.02,
    "L": 0.02,
    "M+N": 0.13,
    "O": 0.06,
    "P": 0.11,
    "Q": 0.15,
    "R+S+T+U": 0.04,
    "US": 0.01,
}
_GROWTH = {
    "A": -0.01,
    "B+C": -0.005,
    "D+E": 0.005,
    "F": 0.015,
    "G": 0.005,
    "H": 0.003,
    "I": 0.01,
    "J": 0.035,
    "K": 0.01,
    "L": 0.01,
    "M+N": 0.025,
    "O": 0.01,
    "P": 0.012,
    "Q": 0.01,
    "R+S+T+U": 0.008,
    "US": 0.0,
}
_WOMEN = {
    "A": 0.25,
    "B+C": 0.23,
    "D+E": 0.25,
    "F": 0.09,
    "G": 0.45,
    "H": 0.22,
    "I": 0.52,
    "J": 0.3,
    "K": 0.5,
    "L": 0.38,
    "M+N": 0.45,
    "O": 0.55,
    "P": 0.74,
    "Q": 0.8,
    "R+S+T+U": 0.58,
    "US": 0.45,
}


def demo_cube(
    municipalities: Sequence[tuple[str, str, str]], *, seed: int = 2024, years: Sequence[str] = YEARS
) -> C.Cube:
    """Synthetic employed day population. Small cells (< 3 persons) are marked ``..`` as SCB
    would suppress them, so demo pages show how missing figures look."""
    if not municipalities:
        raise ValueError("demo_cube needs at least one (code, name, county) municipality")
    rng = np.random.default_rng(seed)
    rules = harmonisation()
    sni = list(rules["target"])
    n_m, n_s, n_y = len(municipalities), len(sni), len(years)
    size = np.exp(rng.normal(8.6, 1.0, n_m))  # employed in municipality, lognormal around ~5,400
    mix = np.array([_MIX[s] for s in sni])
    shares = rng.dirichlet(mix * 60, size=n_m)  # each municipality's own industry mix
    growth = np.array([_GROWTH[s] for s in sni])[None, :] + rng.normal(0, 0.01, (n_m, n_s))
    t = np.arange(n_y)[None, None, :]
    level = size[:, None, None] * shares[:, :, None] * (1 + growth[:, :, None]) ** t
    level *= 1 + rng.normal(0, 0.02, level.shape)  # year-to-year noise
    women = np.clip(
        np.array([_WOMEN[s] for s in sni])[None, :, None] + rng.normal(0, 0.03, (n_m, n_s, 1)), 0, 1
    )
    values = np.stack([level * (1 - women), level * women], axis=2).round()  # (m, s, kon, y)
    status = np.zeros(values.shape, np.uint8)
    small = values < 3
    status[small] = C.NOT_AVAILABLE
    values[small] = np.nan
    langs = ["sv", "en"]
    dims = [
        C.Dimension(
            "Region",
            [m[0] for m in municipalities],
            {"sv": "region", "en": "region"},
            {lg: [m[1] for m in municipalities] for lg in langs},
            role="geo",
        ),
        C.Dimension(
            "SNI2007",
            sni,
            {"sv": "näringsgren SNI 2007", "en": "industry SNI 2007"},
            {lg: [rules["target"][s][lg] for s in sni] for lg in langs},
        ),
        C.Dimension(
            "Kon", ["1", "2"], {"sv": "kön", "en": "sex"}, {"sv": ["män", "kvinnor"], "en": ["men", "women"]}
        ),
        C.Dimension(
            "Tid", list(years), {"sv": "år", "en": "year"}, {lg: list(years) for lg in langs}, role="time"
        ),
    ]
    return C.Cube(
        dims=dims,
        values=values,
        status=status,
        table_id="DEMO/employment_day_population",
        title={
            "sv": f"Förvärvsarbetande (dagbefolkning) — {SYNTHETIC_SV}",
            "en": f"Employed persons (day population) — {SYNTHETIC}",
        },
        source=f"Spets ({SYNTHETIC}, seed {seed})",
        unit="antal",
        decimals=0,
        notes=[f"{SYNTHETIC}: generated, not statistics from SCB"],
        extra={"synthetic": True, "seed": seed, "counties": {m[0]: m[2] for m in municipalities}},
        provenance=np.zeros(values.shape, np.uint8),
        provenance_sources=[SYNTHETIC],
    )


BUSINESS_YEARS = [str(y) for y in range(2019, 2025)]
BUSINESS_SECTIONS = [
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
]
# Synthetic productivity (net turnover per employee, SEK million) and workplace size per section.
_TURNOVER_PER_EMPLOYEE = {
    "A": 2.0,
    "D": 9.0,
    "E": 3.0,
    "F": 2.4,
    "G": 4.5,
    "H": 2.2,
    "I": 0.9,
    "J": 2.6,
    "K": 3.0,
    "L": 3.5,
    "M": 1.6,
    "N": 1.2,
    "O": 0.5,
    "P": 0.6,
    "Q": 0.7,
    "R": 1.0,
    "S": 0.9,
}
_MEASURES = [
    ("workplaces", "antal arbetsställen", "number of workplaces", "antal"),
    ("employees", "antal anställda", "number of employees", "antal"),
    ("net_turnover", "nettoomsättning", "net turnover", "mnkr"),
    ("production_value", "produktionsvärde", "production value", "mnkr"),
    ("value_added", "förädlingsvärde", "value added", "mnkr"),
    ("total_income", "totala intäkter", "total income", "mnkr"),
    ("total_costs", "totala kostnader", "total costs", "mnkr"),
]


def calibrate(cube: C.Cube, targets: dict[str, int], *, industry: str = "B+C", year: str = YEARS[-1]) -> None:
    """Scale each municipality's ``industry`` series so its ``year`` total (men + women) equals the
    target exactly; earlier years keep their synthetic trend."""
    s, y = cube.dim("SNI2007").index(industry), cube.dim("Tid").index(year)
    region = cube.dim("Region")
    for code, target in targets.items():
        r = region.index(code)
        cells = cube.values[r, s]  # (kon, year)
        now = np.nansum(cells[:, y])
        if now > 0 and not np.isnan(cells[:, y]).any():
            split = cells[:, y] / now
            cube.values[r, s] = np.round(cells * (target / now))  # suppressed cells stay suppressed
        else:  # suppressed or empty in the synthetic draw: a flat series at the target
            split = np.array([0.77, 0.23])
            cube.values[r, s] = np.round(target * split)[:, None]
        men = round(target * split[0])
        cube.values[r, s, :, y] = [men, target - men]
        cube.status[r, s] = np.where(np.isnan(cube.values[r, s]), C.NOT_AVAILABLE, C.OK)
        _scale_rest(cube, r, s, y, target, code)


def _scale_rest(cube: C.Cube, r: int, s: int, y: int, target: int, code: str) -> None:
    """Scale the municipality's other industries so that industry is a plausible share (12–32 %) of
    all its employment, as in the region's industrial towns; otherwise location quotients of the
    calibrated municipalities would be implausibly high."""
    share = np.random.default_rng(int(code)).uniform(0.12, 0.32)
    others = [i for i in range(cube.values.shape[1]) if i != s]
    rest_now = np.nansum(cube.values[r, others][..., y])
    if rest_now <= 0:
        return
    factor = target * (1 - share) / share / rest_now
    cube.values[r, others] = np.round(cube.values[r, others] * factor)


def business_cube(register: dict[str, dict[str, dict]], counties: dict[str, str], *, seed: int) -> C.Cube:
    """County × SNI section × contents × year, NV0109-shaped; sections B and C of the programme counties
    in the last year equal the register's sums (workplaces, employees, net turnover)."""
    rng = np.random.default_rng(seed + 109)
    codes = list(counties)
    shape = (len(codes), len(BUSINESS_SECTIONS), len(_MEASURES), len(BUSINESS_YEARS))
    values = np.zeros(shape)
    status = np.zeros(shape, np.uint8)
    by_county: dict[str, dict[str, dict]] = {}
    for muni, sections in register.items():
        for section, agg in sections.items():
            acc = by_county.setdefault(muni[:2], {}).setdefault(
                section, {"employees": 0, "workplaces": 0, "turnover_sek": 0}
            )
            for k in acc:
                acc[k] += agg[k]
    size = {c: float(rng.uniform(80_000, 110_000)) for c in codes}
    mix = dict(zip(BUSINESS_SECTIONS, rng.dirichlet(np.full(len(BUSINESS_SECTIONS), 6.0)), strict=True))
    for i, county in enumerate(codes):
        for j, section in enumerate(BUSINESS_SECTIONS):
            reg = by_county.get(county, {}).get(section)
            if reg is not None:
                employees, workplaces, turnover = (
                    reg["employees"],
                    reg["workplaces"],
                    reg["turnover_sek"] / 1e6,
                )
            else:
                employees = round(size[county] * mix[section] * 0.6)
                workplaces = max(1, round(employees / rng.uniform(4, 12)))
                turnover = employees * _TURNOVER_PER_EMPLOYEE.get(section, 2.0) * rng.uniform(0.8, 1.2)
            production = turnover * rng.uniform(0.85, 0.98)
            added = production * rng.uniform(0.25, 0.45)
            income = turnover * rng.uniform(1.01, 1.08)
            costs = income * rng.uniform(0.88, 0.97)
            last = np.array([workplaces, employees, turnover, production, added, income, costs])
            for t in range(len(BUSINESS_YEARS)):
                back = len(BUSINESS_YEARS) - 1 - t  # years before the last one: gentle synthetic drift
                factor = (1 - rng.uniform(0.0, 0.03)) ** back if back else 1.0
                values[i, j, :, t] = last * factor
    # the nation ("00", Riket) as its own row, as SCB's table has it: the programme counties are about a
    # tenth of Sweden, so "Sverige" is not the programme area under another name
    scale = rng.uniform(7.5, 10.5, size=(len(BUSINESS_SECTIONS), 1, 1))
    values = np.concatenate([values.sum(axis=0, keepdims=True) * scale[None], values])
    status = np.zeros(values.shape, np.uint8)
    codes = ["00", *codes]
    counties = {"00": "Riket", **counties}
    values[:, :, :2, :] = np.round(values[:, :, :2, :])
    values[:, :, 2:, :] = np.round(values[:, :, 2:, :], 1)
    # SCB suppresses cells that could reveal a single company: show how that looks
    o = BUSINESS_SECTIONS.index("O")
    values[:, o, 2:, :] = np.nan
    status[:, o, 2:, :] = C.NOT_AVAILABLE
    langs = ["sv", "en"]
    dims = [
        C.Dimension(
            "Region",
            codes,
            {"sv": "län", "en": "county"},
            {
                lg: [{"sv": "Riket", "en": "Sweden"}[lg] if c == "00" else counties[c] for c in codes]
                for lg in langs
            },
            role="geo",
        ),
        C.Dimension(
            "SNI2007",
            list(BUSINESS_SECTIONS),
            {"sv": "näringsgren SNI 2007", "en": "industry SNI 2007"},
            {lg: list(BUSINESS_SECTIONS) for lg in langs},
        ),
        C.Dimension(
            "ContentsCode",
            [m[0] for m in _MEASURES],
            {"sv": "tabellinnehåll", "en": "contents"},
            {"sv": [m[1] for m in _MEASURES], "en": [m[2] for m in _MEASURES]},
            role="metric",
            units={m[0]: m[3] for m in _MEASURES},
            decimals={m[0]: 0 if m[3] == "antal" else 1 for m in _MEASURES},
        ),
        C.Dimension(
            "Tid",
            list(BUSINESS_YEARS),
            {"sv": "år", "en": "year"},
            {lg: list(BUSINESS_YEARS) for lg in langs},
            role="time",
        ),
    ]
    return C.Cube(
        dims=dims,
        values=values,
        status=status,
        table_id="DEMO/NV0109P/NSEBasfaktaLVEngs07",
        title={
            "sv": f"Basfakta för företag efter län och näringsgren — {SYNTHETIC_SV}",
            "en": f"Business statistics by county and industry — {SYNTHETIC}",
        },
        source=f"Spets ({SYNTHETIC}, seed {seed})",
        notes=[f"{SYNTHETIC}: generated, not statistics from SCB"],
        extra={"synthetic": True, "seed": seed},
        language="sv",
    )


def division_cube(
    sections_cube: C.Cube,
    divisions: dict[str, list[tuple[str, str, str]]],
    register: dict[str, dict[str, int]],
    *,
    seed: int,
) -> C.Cube:
    """The employment series by SNI 2007 division (Region × division × year, sexes summed), made by
    dividing each municipality's section-aggregate figures (``sections_cube``, already calibrated) over
    the aggregate's divisions, so both series have the same totals.

    ``divisions``: section → [(division code, Swedish label, English label)]. Where the register has
    workplaces (``register``: municipality → {division: employees}, sections B and C), B+C is divided as
    the register divides it, so the last year's SNI 24 in Borlänge equals the register's employees in
    SNI 24 there — the same division structure the economy footprint uses. Elsewhere an aggregate is
    divided by a synthetic national mix of its divisions."""
    rng = np.random.default_rng(seed + 24)
    sni = sections_cube.dim("SNI2007")
    region = sections_cube.dim("Region")
    years = sections_cube.dim("Tid").codes
    by_sex = sections_cube.axis("Kon")
    values = np.nansum(sections_cube.values, axis=by_sex)  # (region, aggregate, year)
    known = ~np.isnan(sections_cube.values).all(axis=by_sex)
    codes: list[str] = []
    labels: dict[str, list[str]] = {"sv": [], "en": []}
    columns: list[tuple[int, np.ndarray]] = []  # per aggregate: its index and its divisions' positions
    for a, agg in enumerate(sni.codes):
        members = [d for section in agg.split("+") for d in divisions.get(section, [])]
        if not members:  # "not stated" has no divisions: kept as it is
            members = [(agg, sni.labels["sv"][a], sni.labels["en"][a])]
        start = len(codes)
        for code, sv, en in members:
            codes.append(code)
            labels["sv"].append(sv)
            labels["en"].append(en)
        columns.append((a, np.arange(start, len(codes))))
    out = np.full((len(region), len(codes), len(years)), np.nan)
    for a, cols in columns:
        mix = rng.dirichlet(np.full(len(cols), 3.0))  # the national mix of this aggregate's divisions
        for r, muni in enumerate(region.codes):
            weights = mix
            own = register.get(muni)
            if sni.codes[a] == "B+C" and own:
                counts = np.array([own.get(codes[c], 0) for c in cols], dtype=float)
                if counts.sum() > 0:
                    weights = counts / counts.sum()
            split = values[r, a][None, :] * weights[:, None]
            out[r, cols] = np.where(known[r, a][None, :], np.round(split), np.nan)
    status = np.where(np.isnan(out), C.NOT_AVAILABLE, C.OK).astype(np.uint8)
    small = out < 3
    out[small] = np.nan  # SCB suppresses cells of fewer than 3 persons
    status[small] = C.NOT_AVAILABLE
    langs = ["sv", "en"]
    dims = [
        C.Dimension("Region", list(region.codes), dict(region.label), dict(region.labels), role="geo"),
        C.Dimension(
            "SNI2007",
            codes,
            {"sv": "näringsgren SNI 2007 (avdelning)", "en": "industry SNI 2007 (division)"},
            labels,
        ),
        C.Dimension(
            "Tid", list(years), {"sv": "år", "en": "year"}, {lg: list(years) for lg in langs}, role="time"
        ),
    ]
    return C.Cube(
        dims=dims,
        values=out,
        status=status,
        table_id="DEMO/employment_by_division",
        title={
            "sv": f"Förvärvsarbetande (dagbefolkning) efter SNI-avdelning — {SYNTHETIC_SV}",
            "en": f"Employed persons (day population) by SNI division — {SYNTHETIC}",
        },
        source=f"Spets ({SYNTHETIC}, seed {seed})",
        unit="antal",
        decimals=0,
        notes=[
            f"{SYNTHETIC}: generated, not statistics from SCB",
            "divisions of B+C as in the register's workplaces; other aggregates by a synthetic national mix",
        ],
        extra={"synthetic": True, "seed": seed},
        provenance_sources=[SYNTHETIC],
    )
