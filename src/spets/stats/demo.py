"""A deterministic synthetic cube shaped like the stitched employment series.

Municipality × SNI 2007 aggregate × sex × year 2008–2024, for the municipalities the caller
passes (code, name, county) — so this module needs no Django or reference-data import.
Every cube it makes says "synthetic demo data" in its title, source and metadata.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import cube as C
from .stitch import harmonisation

SYNTHETIC = "synthetic demo data"
YEARS = [str(y) for y in range(2008, 2025)]
# Rough national industry mix (share of employment) the synthetic data is drawn around.
_MIX = {"A": .02, "B+C": .12, "D+E": .01, "F": .07, "G": .12, "H": .05, "I": .04, "J": .05, "K": .02,
        "L": .02, "M+N": .13, "O": .06, "P": .11, "Q": .15, "R+S+T+U": .04, "US": .01}
_GROWTH = {"A": -.01, "B+C": -.005, "D+E": .005, "F": .015, "G": .005, "H": .003, "I": .01, "J": .035,
           "K": .01, "L": .01, "M+N": .025, "O": .01, "P": .012, "Q": .01, "R+S+T+U": .008, "US": 0.0}
_WOMEN = {"A": .25, "B+C": .23, "D+E": .25, "F": .09, "G": .45, "H": .22, "I": .52, "J": .3, "K": .5,
          "L": .38, "M+N": .45, "O": .55, "P": .74, "Q": .8, "R+S+T+U": .58, "US": .45}


def demo_cube(municipalities: Sequence[tuple[str, str, str]], *, seed: int = 2024,
              years: Sequence[str] = YEARS) -> C.Cube:
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
    growth = np.array([_GROWTH[s] for s in sni])[None, :] + rng.normal(0, .01, (n_m, n_s))
    t = np.arange(n_y)[None, None, :]
    level = size[:, None, None] * shares[:, :, None] * (1 + growth[:, :, None]) ** t
    level *= 1 + rng.normal(0, .02, level.shape)  # year-to-year noise
    women = np.clip(np.array([_WOMEN[s] for s in sni])[None, :, None] + rng.normal(0, .03, (n_m, n_s, 1)), 0, 1)
    values = np.stack([level * (1 - women), level * women], axis=2).round()  # (m, s, kon, y)
    status = np.zeros(values.shape, np.uint8)
    small = values < 3
    status[small] = C.NOT_AVAILABLE
    values[small] = np.nan
    langs = ["sv", "en"]
    dims = [
        C.Dimension("Region", [m[0] for m in municipalities], {"sv": "region", "en": "region"},
                    {lg: [m[1] for m in municipalities] for lg in langs}, role="geo"),
        C.Dimension("SNI2007", sni, {"sv": "näringsgren SNI 2007", "en": "industry SNI 2007"},
                    {lg: [rules["target"][s][lg] for s in sni] for lg in langs}),
        C.Dimension("Kon", ["1", "2"], {"sv": "kön", "en": "sex"}, {"sv": ["män", "kvinnor"], "en": ["men", "women"]}),
        C.Dimension("Tid", list(years), {"sv": "år", "en": "year"}, {lg: list(years) for lg in langs}, role="time"),
    ]
    return C.Cube(
        dims=dims, values=values, status=status, table_id="DEMO/employment_day_population",
        title={"sv": f"Förvärvsarbetande (dagbefolkning) — {SYNTHETIC}",
               "en": f"Employed persons (day population) — {SYNTHETIC}"},
        source=f"Spets ({SYNTHETIC}, seed {seed})", unit="antal", decimals=0,
        notes=[f"{SYNTHETIC}: generated, not statistics from SCB"],
        extra={"synthetic": True, "seed": seed, "counties": {m[0]: m[2] for m in municipalities}},
        provenance=np.zeros(values.shape, np.uint8), provenance_sources=[SYNTHETIC],
    )
