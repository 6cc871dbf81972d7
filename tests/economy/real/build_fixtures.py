"""Writes the invented real-layout tables of this folder (run: python tests/economy/real/build_fixtures.py).

The numbers are invented: the bundled demo table's output, compensation and employment of each of its 25
industries spread evenly over the CPA products summed into it, a stylised flow matrix and final uses.
Only the layout follows the published files (see README.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from spets.economy.cpa import industry_of, products
from spets.economy.tables import load_demo_table

HERE = Path(__file__).parent
YEAR = 2020
USES = {"P3_S14": 0.40, "P3_S15": 0.01, "P3_S13": 0.15, "P51G": 0.18, "P52": 0.01, "P53": 0.0, "P6": 0.25}


def _eurostat(code: str) -> str:
    return (
        "CPA_" + code.replace("-", "_")
        if code[-3:-2] == "-" and int(code[-2:]) - int(code[-5:-3]) == 1
        else "CPA_" + code
    )


def build(split_l68: bool):
    demo = load_demo_table()
    codes = [p for p in products() if not (split_l68 and p == "L68")]
    if split_l68:
        codes[codes.index("K66") + 1 : codes.index("K66") + 1] = ["L68A", "L68B"]
    members = {i: [c for c in codes if industry_of(c) == i] for i in demo.industries}
    idx = {i: k for k, i in enumerate(demo.industries)}
    rng = np.random.default_rng(2020)
    share = np.array([1.0 / len(members[industry_of(c)]) for c in codes])
    ind = np.array([idx[industry_of(c)] for c in codes])
    x = demo.output[ind] * share * rng.uniform(0.7, 1.3, len(codes))
    zero = np.array([c == "U" for c in codes])
    x[zero] = 0.0
    a = np.outer(x / x.sum(), np.ones(len(codes))) * 0.35 * rng.uniform(0.5, 1.5, (len(codes), len(codes)))
    z = np.round(a * x[None, :], 1)
    z[zero, :] = 0.0
    z[:, zero] = 0.0
    fd = x - z.sum(axis=1)
    f = {u: np.round(fd * s, 1) for u, s in USES.items()}
    x = z.sum(axis=1) + sum(f.values())
    b1g = np.round(0.45 * x, 1)
    d1 = np.round(b1g * (demo.compensation / demo.value_added)[ind], 1)
    d29 = np.round(0.01 * b1g, 1)
    b2 = np.round(b1g - d1 - d29, 1)
    emp = np.round(d1 * (demo.employment / demo.compensation)[ind])
    return codes, z, f, {"D1": d1, "D29X39": d29, "B2A3G": b2, "B1G": b1g, "P1": np.round(x, 1)}, emp


def current_layout(lines: list[str]) -> list[str]:
    """The rows and the column a download of naio_10_cp1700 has beside the ones Spets reads: the
    trailing CONF_STATUS column of the dissemination API's SDMX-CSV, the totals of the domestic table
    (prd_use TU per product row, prd_ava CPA_TOTAL per column) and its rows of imported inputs (IMP) and
    taxes less subsidies on products (D21X31). Spets must skip all of them."""
    rows = [ln.split(",") for ln in lines[1:]]
    dom = [r for r in rows if r[4] == "DOM"]
    prefix = dom[0][:4]
    tu: dict[str, float] = {}
    col: dict[str, float] = {}
    for r in dom:
        tu[r[6]] = tu.get(r[6], 0.0) + float(r[9])
        col[r[5]] = col.get(r[5], 0.0) + float(r[9])
    out = [lines[0] + ",CONF_STATUS"] + [ln + "," for ln in lines[1:]]

    def obs(use: str, ava: str, value: float) -> None:
        out.append(",".join([*prefix, "DOM", use, ava, "SE", str(YEAR), f"{value:.1f}", "", ""]))

    for ava, value in tu.items():
        obs("TU", ava, value)
    for use, value in col.items():
        obs(use, "CPA_TOTAL", value)
    for use, value in col.items():
        if use.startswith("CPA_"):
            obs(use, "IMP", 0.25 * value)
            obs(use, "D21X31", 0.02 * value)
    return out


def write_eurostat() -> None:
    codes, z, f, va, emp = build(split_l68=True)
    head = "DATAFLOW,LAST UPDATE,freq,unit,stk_flow,prd_use,prd_ava,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG"
    lines = [head]

    def obs(flow: str, use: str, ava: str, value: float) -> None:
        lines.append(
            f"ESTAT:NAIO_10_CP1700(1.0),15/03/24 23:00:00,A,MIO_NAC,{flow},{use},{ava},SE,{YEAR},{value:.1f},"
        )

    for i, p in enumerate(codes):
        for j, q in enumerate(codes):
            obs("DOM", _eurostat(q), _eurostat(p), z[i, j])
        for u, col in f.items():
            obs("DOM", u, _eurostat(p), col[i])
    for row, values in va.items():
        for j, q in enumerate(codes):
            obs("TOTAL", _eurostat(q), row, values[j])
    lines = current_layout(lines)
    (HERE / "naio_10_cp1700_SE_2020.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    nace = {
        "C10-12": "C10-C12",
        "C13-15": "C13-C15",
        "E37-39": "E37-E39",
        "N80-82": "N80-N82",
        "R90-92": "R90-R92",
    }
    emp_head = "DATAFLOW,LAST UPDATE,freq,unit,nace_r2,na_item,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG"
    rows = [
        emp_head,
        f"ESTAT:NAMA_10_A64_E(1.0),15/03/24 23:00:00,A,THS_PER,TOTAL,EMP_DC,SE,{YEAR},{emp.sum() / 1000:.1f},",
    ]
    per_code: dict[str, float] = {}
    for c, e in zip(codes, emp, strict=True):
        key = "L" if c.startswith("L68") else c
        per_code[key] = per_code.get(key, 0.0) + e
    for c, e in per_code.items():
        code = nace.get(c, c.replace("-", "_C" if c[0] == "C" else "_" + c[0]) if "-" in c else c)
        code = {"D35": "D", "O84": "O", "P85": "P"}.get(code, code)
        rows.append(
            f"ESTAT:NAMA_10_A64_E(1.0),15/03/24 23:00:00,A,THS_PER,{code},EMP_DC,SE,{YEAR},{e / 1000:.3f},"
        )
        rows.append(
            f"ESTAT:NAMA_10_A64_E(1.0),15/03/24 23:00:00,A,THS_PER,{code},SAL_DC,SE,{YEAR},{0.9 * e / 1000:.3f},"
        )
    (HERE / "nama_10_a64_e_SE_2020.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def write_scb() -> None:
    codes, z, f, va, emp = build(split_l68=False)
    names = products()

    def num(v: float) -> str:
        return f"{v:.1f}".replace(".", ",")

    lines = [
        "# Symmetrisk input-output-tabell, produkt x produkt, inhemsk användning, löpande priser, mnkr",
        "# source: SCB Nationalräkenskaper, symmetriska input-output-tabeller (layout); numbers INVENTED for tests",
        f"# year: {YEAR}",
        "# unit: MSEK",
        ";".join(["Produkt", "Benämning", *(f"CPA_{c}" for c in codes), *f, "Total"]),
    ]
    for i, c in enumerate(codes):
        cells = [num(v) for v in z[i]] + [num(col[i]) for col in f.values()]
        total = z[i].sum() + sum(col[i] for col in f.values())
        lines.append(";".join([f"CPA_{c}", names[c][1], *cells, num(total)]))
    labels = {
        "D1": "Löner och sociala avgifter",
        "D29X39": "Övriga produktionsskatter, netto",
        "B2A3G": "Bruttorörelseöverskott",
        "B1G": "Förädlingsvärde",
        "P1": "Produktionsvärde",
    }
    for row, values in va.items():
        lines.append(";".join([row, labels[row], *(num(v) for v in values), *([""] * (len(f) + 1))]))
    lines.append(
        ";".join(["EMP", "Sysselsatta (personer)", *(f"{v:.0f}" for v in emp), *([""] * (len(f) + 1))])
    )
    (HERE / "scb_symmetrisk_io_2020.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_eurostat()
    write_scb()
