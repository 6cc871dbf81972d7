"""Synthetic demo companies and workplaces for Norra Mellansverige. NOT real data.

Calibrated to the programme area's published order of magnitude (about 53,000 employees in industry at
more than 5,600 workplaces with about 203 bn SEK net turnover); the structure follows the region's known
industries: pulp, paper and wood in Värmland and Gävleborg, steel and metal in Dalarna and Gävleborg,
engineering everywhere. Names and organisation numbers are invented (numbers are Luhn-valid only).
"""

from __future__ import annotations

import random

from spets.companies import orgnr
from spets.companies.models import Company, Workplace
from spets.companies.sizeclass import size_class
from spets.geo.models import Municipality

TARGET_EMPLOYEES = 53_000
TARGET_WORKPLACES = 5_650
TARGET_TURNOVER_SEK = 203_000_000_000
DEMO_YEAR = 2024

# Synthetic weights for industrial employment by municipality (relative, not statistics).
WEIGHTS = {
    "1715": 500,
    "1730": 300,
    "1737": 500,
    "1760": 400,
    "1761": 1300,
    "1762": 300,
    "1763": 400,
    "1764": 900,
    "1765": 500,
    "1766": 700,
    "1780": 3800,
    "1781": 1700,
    "1782": 600,
    "1783": 1000,
    "1784": 2300,
    "1785": 1000,
    "2021": 500,
    "2023": 700,
    "2026": 400,
    "2029": 700,
    "2031": 400,
    "2034": 400,
    "2039": 300,
    "2061": 1200,
    "2062": 1700,
    "2080": 1800,
    "2081": 2800,
    "2082": 500,
    "2083": 800,
    "2084": 1900,
    "2085": 3500,
    "2101": 300,
    "2104": 900,
    "2121": 1300,
    "2132": 500,
    "2161": 800,
    "2180": 4200,
    "2181": 5200,
    "2182": 1300,
    "2183": 1300,
    "2184": 2300,
}

# Industry mix (SNI division → weight) of the smaller workplaces, per county.
MIX = {
    "17": {
        "16": 18,
        "17": 4,
        "25": 20,
        "28": 16,
        "22": 7,
        "10": 9,
        "31": 5,
        "33": 8,
        "23": 4,
        "18": 3,
        "32": 6,
    },
    "20": {
        "24": 5,
        "25": 22,
        "28": 15,
        "27": 6,
        "16": 14,
        "31": 6,
        "10": 8,
        "33": 9,
        "22": 5,
        "23": 4,
        "32": 6,
    },
    "21": {
        "24": 5,
        "25": 21,
        "28": 16,
        "16": 16,
        "17": 3,
        "29": 4,
        "10": 8,
        "33": 9,
        "22": 6,
        "31": 5,
        "32": 7,
    },
}

# Large anchor plants (fictitious companies): municipality, division, employees, name.
ANCHORS = [
    ("2181", "24", 2600, "Storsjö Specialstål AB"),
    ("2181", "28", 900, "Gästrike Bergverktyg AB"),
    ("2081", "24", 1700, "Dalälvens Plåtverk AB"),
    ("2081", "17", 500, "Kvarnforsens Papper AB"),
    ("2085", "27", 2300, "Väsmanens Kraftteknik AB"),
    ("2084", "24", 900, "Avesjöns Rostfria AB"),
    ("2104", "28", 700, "Hoforsåns Lagerteknik AB"),
    ("2061", "24", 600, "Barkens Valsverk AB"),
    ("1764", "17", 650, "Vänerviks Kartong AB"),
    ("1761", "17", 800, "Näsuddens Förpackning AB"),
    ("1785", "17", 350, "Byälvens Specialpapper AB"),
    ("2184", "17", 700, "Hornslandets Kartong AB"),
    ("2180", "17", 850, "Gavleåns Massa AB"),
    ("1780", "28", 450, "Klarälvens Processteknik AB"),
    ("1781", "28", 600, "Varnumsvikens Pumpar AB"),
    ("1784", "29", 500, "Glafsfjordens Fordon AB"),
    ("2062", "16", 350, "Siljansnäs Husfabrik AB"),
    ("2121", "22", 300, "Voxnans Plast AB"),
]

# Net turnover per employee (MSEK) by division, before calibration to the target total.
TURNOVER_PER_EMPLOYEE = {
    "17": 7.0,
    "24": 6.0,
    "16": 4.5,
    "27": 3.5,
    "28": 3.0,
    "25": 2.0,
    "10": 3.0,
    "22": 2.5,
    "29": 3.5,
    "31": 1.8,
    "23": 2.5,
    "33": 1.5,
    "32": 1.5,
    "18": 1.3,
}

_SYLLABLES = [
    "Berg",
    "Dal",
    "Sjö",
    "Ås",
    "Lind",
    "Ek",
    "Gran",
    "Fors",
    "Myr",
    "Näs",
    "Vik",
    "Hed",
    "Lid",
    "Björk",
    "Älv",
    "Holm",
    "Tall",
    "Ström",
    "Mo",
    "Ro",
]
_ENDINGS = ["lunda", "by", "vik", "dal", "fors", "näs", "berga", "ås", "hult", "sta"]
_TRADES = {
    "16": "Trä",
    "17": "Bruk",
    "24": "Metall",
    "25": "Mekaniska",
    "28": "Maskin",
    "27": "Elteknik",
    "22": "Plast",
    "10": "Livs",
    "31": "Möbler",
    "33": "Service",
    "23": "Betong",
    "18": "Tryck",
    "29": "Fordon",
    "32": "Produkter",
}


def _workplace_sizes(rng: random.Random, count: int, total: int) -> list[int]:
    # Heavy-tailed sizes (most workplaces are small), then scaled so they sum to `total` exactly.
    raw = [min(240.0, rng.lognormvariate(1.1, 1.25)) for _ in range(count)]
    factor = total / sum(raw)
    sizes = [max(0, round(r * factor)) for r in raw]
    sizes[sizes.index(max(sizes))] += total - sum(sizes)
    return sizes


_SURNAMES = [
    "Andersson", "Berglund", "Dahlgren", "Eriksson", "Forsberg", "Gustafsson", "Hedlund", "Holmgren",
    "Isaksson", "Jansson", "Karlsson", "Larsson", "Lindqvist", "Magnusson", "Nilsson", "Norberg",
    "Olsson", "Persson", "Sandberg", "Sjöberg", "Strand", "Svensson", "Wallin", "Åberg", "Öberg",
]  # fmt: skip


def _place(rng: random.Random) -> str:
    """A made-up place name such as "Myrvik" or "Linddal" (no doubled sounds like "Bergberga")."""
    while True:
        syllable, ending = rng.choice(_SYLLABLES), rng.choice(_ENDINGS)
        if syllable.lower()[:3] not in ending and ending[:3] not in syllable.lower():
            return syllable + ending


def _name(rng: random.Random, division: str, town: str, taken: set[str]) -> str:
    """A plausible Swedish company name, unique among `taken`, without numbers: "Myrviks Mekaniska AB",
    "Holmgrens Maskin i Falun AB", "Dahlgren & Wallin Trä AB". Deterministic for the generator's state."""
    trade = _TRADES.get(division, "Industri")
    while True:
        pattern = rng.randrange(4)
        if pattern == 0:
            name = f"{_place(rng)} {trade} AB"
        elif pattern == 1:
            name = f"{_place(rng)}s {trade} AB"
        elif pattern == 2:
            name = f"{rng.choice(_SURNAMES)}s {trade} i {town} AB"
        else:
            first, second = rng.sample(_SURNAMES, 2)
            name = f"{first} & {second} {trade} AB"
        if name not in taken:
            taken.add(name)
            return name


def _personal_number(rng: random.Random) -> str:
    body = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return body + orgnr.luhn.calc_check_digit(body)


def build(seed: int) -> tuple[list[Company], list[list[Workplace]]]:
    """Companies and their workplaces, in memory (not saved). Deterministic for a seed."""
    rng = random.Random(seed)
    municipalities = {m.code: m for m in Municipality.objects.filter(in_programme=True)}
    anchor_total = sum(a[2] for a in ANCHORS)
    small_total = TARGET_EMPLOYEES - anchor_total
    small_count = TARGET_WORKPLACES - len(ANCHORS)
    weight_sum = sum(WEIGHTS.values())
    counts = {code: max(8, round(small_count * w / weight_sum)) for code, w in WEIGHTS.items()}
    counts["2180"] += small_count - sum(counts.values())
    sizes = iter(_workplace_sizes(rng, small_count, small_total))

    taken: set[str] = set()
    companies: list[Company] = []
    workplaces: list[list[Workplace]] = []
    serial = 100_000

    def add(code: str, division: str, employees: int, name: str | None = None, personal: bool = False):
        nonlocal serial
        serial += 7
        number = _personal_number(rng) if personal else orgnr.make("55", 6_000_000 + serial)
        if personal:
            name = f"{_place(rng)}s {_TRADES.get(division, 'Industri')}"
        company = Company(
            orgnr=number,
            name=name or _name(rng, division, municipalities[code].name, taken),
            legal_form="Enskild näringsidkare" if personal else "Aktiebolag",
            personal_data=personal,
            sni_id=division,
            sni_codes=division,
            municipality=municipalities[code],
            employees=employees,
            synthetic=True,
        )
        companies.append(company)
        workplaces.append(
            [
                Workplace(
                    name=company.name,
                    municipality=municipalities[code],
                    sni_id=division,
                    employees=employees,
                    synthetic=True,
                )
            ]
        )

    for code, division, employees, name in ANCHORS:
        add(code, division, employees, name)
    for code, count in counts.items():
        mix = MIX[code[:2]]
        divisions = rng.choices(list(mix), weights=list(mix.values()), k=count)
        for division in divisions:
            employees = next(sizes)
            add(code, division, employees, personal=employees <= 1 and rng.random() < 0.4)

    # Net turnover: employees × division productivity × noise, calibrated to the target total.
    raw = [
        max(0.3, wp[0].employees) * TURNOVER_PER_EMPLOYEE.get(wp[0].sni_id, 2.0) * rng.uniform(0.7, 1.3)
        for wp in workplaces
    ]
    factor = TARGET_TURNOVER_SEK / sum(raw)
    for company, wps, value in zip(companies, workplaces, raw, strict=True):
        wps[0].turnover_sek = round(value * factor)
        company.turnover_sek = wps[0].turnover_sek
        company.balance_sheet_sek = round(company.turnover_sek * rng.uniform(0.4, 0.9))
        company.size_class = size_class(company.employees, company.turnover_sek, company.balance_sheet_sek)
    drift = TARGET_TURNOVER_SEK - sum(c.turnover_sek for c in companies)
    companies[0].turnover_sek += drift
    workplaces[0][0].turnover_sek += drift
    return companies, workplaces


def load(seed: int) -> dict:
    from spets.companies.demo_work import load_support_work

    summary = load_companies(seed)
    summary.update(load_support_work(seed))
    return summary


def load_companies(seed: int) -> dict:
    companies, workplaces = build(seed)
    Company.objects.bulk_create(companies, batch_size=1000)
    saved = {c.orgnr: c.pk for c in Company.objects.filter(synthetic=True).only("pk", "orgnr")}
    flat = []
    for company, wps in zip(companies, workplaces, strict=True):
        for wp in wps:
            wp.company_id = saved[company.orgnr]
            flat.append(wp)
    Workplace.objects.bulk_create(flat, batch_size=2000)
    return {
        "companies": len(companies),
        "workplaces": len(flat),
        "employees": sum(w.employees for w in flat),
        "turnover_sek": sum(w.turnover_sek for w in flat),
    }
