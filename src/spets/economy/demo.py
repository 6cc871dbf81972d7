"""SYNTHETIC demo geography for the programme area (41 municipalities + rest of Sweden), pure.

Used by tests, the benchmark and offline demos until the geo app supplies real centroids and employment.
Centroids are approximate town locations (WGS84); populations approximate (SCB, about 2023, rounded);
employment by industry is SYNTHETIC: the national industry mix of the demo table, tilted towards the
well-known industrial specialisations (steel in Borlänge, Avesta, Sandviken, Hofors, Smedjebacken; pulp and
paper in Grums, Hammarö, Hudiksvall, Söderhamn, Säffle, Gävle; wood in the forest municipalities;
electrical equipment in Ludvika, engineering in Sandviken, Kristinehamn, Karlstad, Arvika), then scaled so
that the area's sections B + C employ about 53,000 people (foundation issue). Not statistics.
"""

from __future__ import annotations

import numpy as np

from spets.economy.footprint import Geography
from spets.economy.io import IOTable
from spets.economy.tables import load_demo_table

# code: (name, lon, lat, population in thousands)
PROGRAMME_MUNICIPALITIES: dict[str, tuple[str, float, float, float]] = {
    "1715": ("Kil", 13.32, 59.50, 12.0),
    "1730": ("Eda", 12.29, 59.88, 8.5),
    "1737": ("Torsby", 13.00, 60.14, 11.5),
    "1760": ("Storfors", 14.27, 59.53, 4.0),
    "1761": ("Hammarö", 13.52, 59.33, 17.0),
    "1762": ("Munkfors", 13.54, 59.84, 3.6),
    "1763": ("Forshaga", 13.48, 59.53, 11.5),
    "1764": ("Grums", 13.10, 59.35, 9.0),
    "1765": ("Årjäng", 12.13, 59.39, 10.0),
    "1766": ("Sunne", 13.14, 59.84, 13.0),
    "1780": ("Karlstad", 13.50, 59.38, 95.0),
    "1781": ("Kristinehamn", 14.11, 59.31, 24.0),
    "1782": ("Filipstad", 14.17, 59.71, 10.0),
    "1783": ("Hagfors", 13.69, 60.03, 11.5),
    "1784": ("Arvika", 12.59, 59.65, 26.0),
    "1785": ("Säffle", 12.93, 59.13, 15.0),
    "2021": ("Vansbro", 14.22, 60.51, 6.7),
    "2023": ("Malung-Sälen", 13.72, 60.69, 10.0),
    "2026": ("Gagnef", 15.07, 60.59, 10.0),
    "2029": ("Leksand", 14.99, 60.73, 16.0),
    "2031": ("Rättvik", 15.12, 60.89, 11.0),
    "2034": ("Orsa", 14.62, 61.12, 7.0),
    "2039": ("Älvdalen", 14.04, 61.23, 7.0),
    "2061": ("Smedjebacken", 15.41, 60.14, 10.7),
    "2062": ("Mora", 14.54, 61.00, 20.0),
    "2080": ("Falun", 15.63, 60.61, 60.0),
    "2081": ("Borlänge", 15.43, 60.48, 53.0),
    "2082": ("Säter", 15.75, 60.35, 11.0),
    "2083": ("Hedemora", 15.99, 60.28, 15.0),
    "2084": ("Avesta", 16.17, 60.14, 23.0),
    "2085": ("Ludvika", 15.19, 60.15, 26.0),
    "2101": ("Ockelbo", 16.72, 60.89, 5.8),
    "2104": ("Hofors", 16.29, 60.55, 9.5),
    "2121": ("Ovanåker", 15.82, 61.38, 11.5),
    "2132": ("Nordanstig", 17.06, 61.98, 9.5),
    "2161": ("Ljusdal", 16.09, 61.83, 19.0),
    "2180": ("Gävle", 17.14, 60.67, 104.0),
    "2181": ("Sandviken", 16.78, 60.62, 40.0),
    "2182": ("Söderhamn", 17.06, 61.30, 26.0),
    "2183": ("Bollnäs", 16.39, 61.35, 26.0),
    "2184": ("Hudiksvall", 17.10, 61.73, 38.0),
}
REST_CODE = "REST"
REST_NAME = "Rest of Sweden"
SPECIALISATION: dict[str, dict[str, float]] = {
    "C24": {"2081": 12, "2084": 12, "2181": 10, "2104": 25, "2061": 10, "2085": 3},
    "C17": {"1764": 25, "1761": 20, "2184": 8, "2182": 8, "1785": 8, "2180": 3, "1763": 6},
    "C16": {
        "1737": 6,
        "1783": 5,
        "2023": 5,
        "2039": 6,
        "2161": 5,
        "2121": 6,
        "2132": 6,
        "2034": 4,
        "2031": 3,
    },
    "C26-27": {"2085": 15, "1784": 2},
    "C28": {"2181": 8, "1781": 4, "1780": 1.5, "1784": 3, "2080": 1.5, "2083": 2, "1762": 5},
    "C25": {"2181": 3, "2083": 3, "2121": 3, "1782": 3, "2021": 3},
    "B": {"2083": 6, "2085": 4, "1782": 2, "2080": 1.5},
}
EMPLOYMENT_PER_RESIDENT = 0.47
AREA_INDUSTRY_JOBS = 53_000.0


def programme_geography(table: IOTable | None = None) -> Geography:
    """The programme area (41 municipalities) + 'rest of Sweden' with SYNTHETIC employment (module doc)."""
    t = table or load_demo_table()
    assert t.employment is not None
    codes = list(PROGRAMME_MUNICIPALITIES)
    pop = np.array([v[3] for v in PROGRAMME_MUNICIPALITIES.values()]) * 1000
    mix = t.employment / t.employment.sum()
    emp = np.outer(pop * EMPLOYMENT_PER_RESIDENT, mix)
    for ind, tilts in SPECIALISATION.items():
        j = t.industries.index(ind)
        for code, factor in tilts.items():
            emp[codes.index(code), j] *= factor
    bc = [j for j, c in enumerate(t.industries) if c == "B" or c.startswith("C")]
    emp[:, bc] *= AREA_INDUSTRY_JOBS / emp[:, bc].sum()
    rest = np.maximum(t.employment - emp.sum(axis=0), 0.05 * t.employment)
    employment = np.vstack([emp, rest])
    lon = np.array([v[1] for v in PROGRAMME_MUNICIPALITIES.values()] + [16.0])
    lat = np.array([v[2] for v in PROGRAMME_MUNICIPALITIES.values()] + [58.6])
    residents = employment.sum(axis=1)
    return Geography(
        codes=(*codes, REST_CODE),
        names=(*(v[0] for v in PROGRAMME_MUNICIPALITIES.values()), REST_NAME),
        lon=lon,
        lat=lat,
        employment=employment,
        residents=residents,
        aggregates={REST_CODE: REST_NAME},
    )


def synthetic_geography(regions: int, table: IOTable | None = None, seed: int = 0) -> Geography:
    """SYNTHETIC country of ``regions`` municipalities (codes 'K0001'…) for benchmarks: log-normal sizes,
    centroids in Sweden's bounding box, industry mix = national mix × log-normal specialisation."""
    t = table or load_demo_table()
    assert t.employment is not None
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0.0, 1.0, regions)
    tilt = rng.lognormal(0.0, 0.8, (regions, len(t.industries)))
    emp = size[:, None] * tilt * t.employment[None, :]
    emp *= t.employment.sum() / emp.sum()
    lon = rng.uniform(11.5, 23.5, regions)
    lat = rng.uniform(55.5, 68.5, regions)
    codes = tuple(f"K{k:04d}" for k in range(regions))
    return Geography(
        codes, codes, lon, lat, emp, emp.sum(axis=1), aggregates={c: f"synthetic {c}" for c in codes}
    )
