"""Recipe that assembled sweden_demo_io.csv (APPROXIMATE demo table).

Run: python build_demo_table.py sweden_demo_io.csv [employment_per_output.csv] — deterministic; the second
file (persons per MSEK of output) is derived from the same rows.

Columns of IND: code, name, SNI 2007 divisions, output (bn SEK), value added (bn SEK), compensation of
employees (bn SEK), employment (thousand persons) — rounded approximations of SCB national accounts, about
2022 — and the assumed domestic share of intermediate inputs. COMMON + SPECIAL give stylised weights of
supplying industries; intermediate inputs = output − value added; final demand is the residual.

Section A is split into its divisions (A_SPLIT_SOURCES): A01 crop and animal production, A02 forestry and
logging, A03 fishing and aquaculture. The shares are orders of magnitude, not copied figures: agriculture
has most of the section's people (many small, partly self-employed holdings: low compensation per person,
mixed income instead), forestry most of its value added (fellings of about 90 million m³ a year, stumpage
and logging) with few people, fishing and aquaculture a few per cent. Sawmills (C16) and pulp and paper
(C17) buy their roundwood from A02, food (C10-12) buys from A01 and A03, energy (D) forest fuel from A02.
"""

import csv
import sys

import numpy as np

IND = [
    # code, name, sni divisions, output bn, VA bn, comp bn, emp thousand, domestic share of intermediates
    # Section A split into its three divisions (orders of magnitude, see A_SPLIT below); A01 + A02 + A03 keep
    # the section's totals (output 130, value added 55, compensation 15, employment 95).
    ("A01", "Crop and animal production, hunting", "01", 65, 20, 7.5, 69, 0.70),
    ("A02", "Forestry and logging", "02", 62, 34, 7, 24, 0.85),
    ("A03", "Fishing and aquaculture", "03", 3, 1, 0.5, 2, 0.60),
    ("B", "Mining and quarrying", "05-09", 110, 55, 14, 13, 0.70),
    ("C10-12", "Food, beverages, tobacco", "10-12", 230, 50, 28, 55, 0.60),
    ("C13-15", "Textiles, apparel, leather", "13-15", 20, 7, 4, 7, 0.45),
    ("C16", "Wood and wood products", "16", 130, 35, 17, 35, 0.80),
    ("C17", "Paper and paper products", "17", 150, 45, 17, 22, 0.75),
    (
        "C18-23",
        "Printing, chemicals, pharmaceuticals, plastics, minerals, refined petroleum",
        "18-23",
        460,
        150,
        60,
        85,
        0.45,
    ),
    ("C24", "Basic metals", "24", 230, 50, 20, 32, 0.55),
    ("C25", "Fabricated metal products", "25", 140, 55, 35, 60, 0.60),
    ("C26-27", "Electronics and electrical equipment", "26-27", 210, 70, 40, 50, 0.45),
    ("C28", "Machinery and equipment n.e.c.", "28", 350, 110, 70, 85, 0.55),
    ("C29-30", "Motor vehicles and other transport equipment", "29-30", 450, 90, 55, 75, 0.45),
    ("C31-33", "Furniture, other manufacturing, repair and installation", "31-33", 120, 50, 33, 50, 0.65),
    ("D", "Electricity, gas, steam", "35", 260, 110, 15, 27, 0.85),
    ("E", "Water supply, sewerage, waste", "36-39", 80, 35, 12, 22, 0.85),
    ("F", "Construction", "41-43", 900, 330, 190, 400, 0.80),
    ("G", "Wholesale and retail trade", "45-47", 1050, 600, 330, 570, 0.85),
    ("H", "Transport and storage", "49-53", 500, 200, 110, 200, 0.75),
    ("I", "Accommodation and food services", "55-56", 200, 90, 55, 170, 0.80),
    ("J", "Information and communication", "58-63", 750, 380, 200, 230, 0.75),
    ("K", "Financial and insurance activities", "64-66", 450, 270, 85, 95, 0.85),
    ("L", "Real estate activities", "68", 850, 550, 35, 75, 0.90),
    (
        "M-N",
        "Professional, scientific, technical, administrative and support services",
        "69-82",
        1250,
        650,
        390,
        750,
        0.80,
    ),
    (
        "O-Q",
        "Public administration, education, health and social work",
        "84-88",
        1900,
        1250,
        1000,
        1950,
        0.85,
    ),
    ("R-U", "Arts, recreation and other services", "90-99", 250, 130, 70, 200, 0.85),
]
A_SPLIT_SOURCES = [
    "SCB Nationalräkenskaper, produktionskonto och sysselsättning efter näringsgren (SNI 01, 02, 03), about 2022",
    "Jordbruksverket, Jordbrukets ekonomi / EAA (jordbrukets produktionsvärde, order of 70 bn SEK)",
    "Skogsstyrelsen, Skogsstatistisk årsbok (avverkning ~90 million m³sk, skogsbrukets förädlingsvärde, "
    "sysselsatta i skogsbruket, order of 20 000-25 000)",
    "Havs- och vattenmyndigheten / SCB, yrkesfiske och vattenbruk (first-hand value of the catch and "
    "aquaculture, order of 2-3 bn SEK; a few thousand people)",
]
COMMON = {"G": 0.10, "H": 0.08, "J": 0.05, "K": 0.04, "L": 0.05, "M-N": 0.14, "D": 0.04, "C18-23": 0.04}
SPECIAL = {
    "A01": {"A01": 0.20, "C18-23": 0.15, "C10-12": 0.12, "C28": 0.05},
    "A02": {"A02": 0.25, "H": 0.10, "C28": 0.06},  # logging contractors (02.40), roundwood haulage, machines
    "A03": {"C18-23": 0.15, "C10-12": 0.10, "C29-30": 0.05, "A03": 0.03},  # fuel, fish feed, boats
    "B": {"B": 0.10, "D": 0.12, "C28": 0.10, "F": 0.08, "C31-33": 0.06, "C18-23": 0.06},
    "C10-12": {"A01": 0.33, "A03": 0.02, "C10-12": 0.20, "C17": 0.04},
    "C13-15": {"C13-15": 0.25, "C18-23": 0.15},
    "C16": {"A02": 0.50, "C16": 0.10, "D": 0.06},
    "C17": {"A02": 0.25, "C16": 0.15, "C17": 0.10, "D": 0.12, "C18-23": 0.10},
    "C18-23": {"C18-23": 0.25, "B": 0.06, "D": 0.08},
    "C24": {"B": 0.25, "C24": 0.20, "D": 0.15},
    "C25": {"C24": 0.30, "C25": 0.10, "C28": 0.05},
    "C26-27": {"C26-27": 0.25, "C24": 0.08, "C25": 0.05},
    "C28": {"C24": 0.10, "C25": 0.15, "C26-27": 0.10, "C28": 0.15},
    "C29-30": {"C29-30": 0.30, "C25": 0.08, "C26-27": 0.06, "C28": 0.05, "C18-23": 0.06},
    "C31-33": {"C16": 0.10, "C25": 0.10, "C31-33": 0.10, "C28": 0.05},
    "D": {"D": 0.35, "A02": 0.04, "A01": 0.01, "F": 0.08},
    "E": {"E": 0.20, "F": 0.10, "C28": 0.05},
    "F": {"F": 0.25, "C16": 0.06, "C18-23": 0.10, "C25": 0.08, "C31-33": 0.04, "C28": 0.03},
    "G": {"G": 0.15, "L": 0.12, "J": 0.10},
    "H": {"H": 0.30, "C18-23": 0.08, "C29-30": 0.04},
    "I": {"C10-12": 0.25, "A01": 0.03, "A03": 0.01, "L": 0.12},
    "J": {"J": 0.35, "M-N": 0.10},
    "K": {"K": 0.40, "J": 0.10},
    "L": {"F": 0.30, "L": 0.15, "E": 0.05, "K": 0.08},
    "M-N": {"M-N": 0.30, "J": 0.08, "L": 0.10},
    "O-Q": {"C18-23": 0.10, "F": 0.08, "M-N": 0.12, "O-Q": 0.10, "C10-12": 0.03},
    "R-U": {"R-U": 0.20, "L": 0.10, "J": 0.08},
}


def main(out: str, emp_out: str | None = None) -> None:
    codes = [r[0] for r in IND]
    n = len(codes)
    k = {c: i for i, c in enumerate(codes)}
    x = np.array([r[3] for r in IND], float) * 1000  # MSEK
    va = np.array([r[4] for r in IND], float) * 1000
    comp = np.array([r[5] for r in IND], float) * 1000
    emp = np.array([r[6] for r in IND], float) * 1000
    dom = np.array([r[7] for r in IND])
    z = np.zeros((n, n))
    for j, c in enumerate(codes):
        w = dict(COMMON)
        for kk, v in SPECIAL[c].items():
            w[kk] = w.get(kk, 0) + v
        p = np.zeros(n)
        for kk, v in w.items():
            p[k[kk]] = v
        z[:, j] = (x[j] - va[j]) * dom[j] * p / p.sum()
    z = np.round(z, 0)
    f = x - z.sum(1)
    assert (f > 0).all(), f
    with open(out, "w", newline="") as fh:
        for line in HEADER:
            fh.write(f"# {line}\n")
        wr = csv.writer(fh, delimiter=";")
        wr.writerow(["code", "name", "sni", *codes, "final_demand", "output"])
        for i, c in enumerate(codes):
            wr.writerow([c, IND[i][1], IND[i][2], *(f"{v:.0f}" for v in z[i]), f"{f[i]:.0f}", f"{x[i]:.0f}"])
        for key, label, arr in (
            ("VA", "Value added at basic prices", va),
            ("COMP", "Compensation of employees (wages incl. employer contributions)", comp),
            ("EMP", "Employment (persons)", emp),
        ):
            wr.writerow([key, label, "", *(f"{v:.0f}" for v in arr), "", ""])
    if emp_out:
        with open(emp_out, "w", newline="") as fh:
            for line in EMP_HEADER:
                fh.write(f"# {line}\n")
            fh.write("code;persons_per_msek\n")
            for c, e, o in zip(codes, emp, x, strict=True):
                fh.write(f"{c};{e / o:.4f}\n")


HEADER = [
    "Spets demo input-output table for Sweden, 27 industries (SNI 2007 sections/divisions), MSEK, basic "
    "prices, domestic flows.",
    "APPROXIMATE: assembled for offline demonstration, not an official table. Output, value added, "
    "compensation of employees",
    "and employment by industry are rounded approximations of SCB national accounts (Nationalräkenskaper, "
    "produktionskonto och",
    "sysselsättning efter näringsgren, SNI 2007, reference year about 2022). Intermediate inputs = output - "
    "value added; their",
    "domestic share and distribution over supplying industries are stylised (see docs/methods/economy.md). "
    "Final demand = residual.",
    "Section A is split into A01 (crop and animal production), A02 (forestry and logging) and A03 (fishing "
    "and aquaculture)",
    "by orders of magnitude from SCB national accounts, Jordbruksverket, Skogsstyrelsen and Havs- och "
    "vattenmyndigheten (see build_demo_table.py).",
    "source: SCB Nationalräkenskaper (approximate aggregates); structure: Spets assumptions "
    "(build_demo_table.py)",
    "year: 2022",
    "unit: MSEK",
    "approximate: true",
]

EMP_HEADER = [
    "Employment (persons) per MSEK of output by industry, = employment / output of the demo table.",
    "source: derived from the demo table (SCB Nationalräkenskaper approximate aggregates, about 2022; written by "
    "build_demo_table.py). APPROXIMATE.",
    "year: 2022",
    "unit: persons per MSEK",
    "approximate: true",
]

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
