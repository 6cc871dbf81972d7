"""Real national tables with the 64 CPA products: Eurostat SDMX-CSV/TSV and SCB's layout, checked completely
and summed into the model's 27 industries (pure: spets.economy.cpa)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from spets.economy import cpa
from spets.economy.tables import load_demo_table

REAL = Path(__file__).parent / "real"
EUROSTAT = (REAL / "naio_10_cp1700_SE_2020.csv").read_text(encoding="utf-8")
NAMA = (REAL / "nama_10_a64_e_SE_2020.csv").read_text(encoding="utf-8")
SCB = (REAL / "scb_symmetrisk_io_2020.csv").read_text(encoding="utf-8")


def _drop(text: str, *needles: str) -> str:
    return "\n".join(line for line in text.splitlines() if not all(n in line for n in needles)) + "\n"


def _to_tsv(text: str) -> str:
    """The same observations as Eurostat's bulk TSV (one column per year)."""
    lines = ["freq,unit,stk_flow,prd_use,prd_ava,geo\\TIME_PERIOD\t2020 "]
    for line in text.splitlines()[1:]:
        c = line.split(",")
        lines.append(f"{','.join(c[2:8])}\t{c[9]} ")
    return "\n".join(lines) + "\n"


def test_the_model_knows_64_products_each_in_one_of_its_27_industries():
    demo = load_demo_table()
    assert len(cpa.products()) == 64
    assert {ind for ind, _name in cpa.products().values()} == set(demo.industries)
    assert cpa.canonical("CPA_C31_32") == cpa.canonical("C31-C32") == "C31-32"
    assert cpa.product_code("D") == "D35" and cpa.product_code("CPA_L68A") == "L68A"
    assert cpa.product_code("P52") is None and not cpa.looks_like_product("P52")
    # Eurostat's totals (prd_use TU, prd_ava CPA_TOTAL) are totals, not unknown products
    assert cpa.is_total("CPA_TOTAL") and cpa.is_total("TU") and not cpa.looks_like_product("CPA_TOTAL")


def test_eurostat_sdmx_csv_is_summed_into_the_27_industries_keeping_the_totals():
    # the download's own totals and the domestic table's IMP/D21X31 rows are there, and skipped
    assert ",DOM,TU,CPA_A01,SE," in EUROSTAT and ",DOM,CPA_A01,CPA_TOTAL,SE," in EUROSTAT
    assert ",DOM,CPA_A01,IMP,SE," in EUROSTAT and EUROSTAT.startswith("DATAFLOW,LAST UPDATE,freq,unit,")
    t = cpa.load(EUROSTAT, employment_text=NAMA)
    assert t.industries == load_demo_table().industries
    assert t.metadata["approximate"] is False and t.metadata["year"] == 2020
    assert t.metadata["products"] == 65  # Eurostat splits L68 into L68A + L68B
    assert t.metadata["source"].startswith("Eurostat naio_10_cp1700")
    assert "nama_10_a64_e" in t.metadata["employment_source"]
    p1 = sum(
        float(line.split(",")[9]) for line in EUROSTAT.splitlines() if ",P1,SE," in line and "TOTAL" in line
    )
    assert t.output.sum() == pytest.approx(p1, rel=1e-6)
    total = next(float(line.split(",")[8]) for line in NAMA.splitlines() if ",TOTAL,EMP_DC," in line)
    assert t.employment.sum() == pytest.approx(1000 * total, rel=1e-3)
    c24 = t.industries.index("C24")
    d1 = sum(float(line.split(",")[9]) for line in EUROSTAT.splitlines() if ",CPA_C24,D1,SE," in line)
    assert t.compensation[c24] == pytest.approx(d1)
    assert t.metadata["sni_divisions"]["C24"] == "24"


def test_eurostat_tsv_gives_the_same_table_as_the_sdmx_csv():
    csv_table = cpa.load(EUROSTAT, employment_text=NAMA)
    tsv_table = cpa.load(_to_tsv(EUROSTAT), employment_text=NAMA)
    assert cpa.detect_format(_to_tsv(EUROSTAT)) == "eurostat-tsv"
    np.testing.assert_allclose(tsv_table.flows, csv_table.flows)
    np.testing.assert_allclose(tsv_table.employment, csv_table.employment)


def test_scb_layout_reads_decimal_commas_and_its_own_employment_row():
    t = cpa.load(SCB)
    assert cpa.detect_format(SCB) == "scb"
    assert t.metadata["products"] == 64 and t.metadata["employment_source"] == "EMP row of the table"
    assert t.metadata["year"] == 2020 and "INVENTED" in t.metadata["source"]
    p1 = next(line for line in SCB.splitlines() if line.startswith("P1;")).split(";")[2:66]
    assert t.output.sum() == pytest.approx(sum(float(v.replace(",", ".")) for v in p1), rel=1e-6)
    emp = next(line for line in SCB.splitlines() if line.startswith("EMP;")).split(";")[2:66]
    assert t.employment.sum() == pytest.approx(sum(float(v) for v in emp))


def test_an_unknown_product_code_is_named():
    broken = EUROSTAT.replace(",CPA_C24,", ",CPA_C99,")
    with pytest.raises(cpa.TableFileError, match="unknown product code 'CPA_C99'"):
        cpa.load(broken, employment_text=NAMA)
    with pytest.raises(cpa.TableFileError, match="unknown product code 'CPA_X12'.*line 7"):
        cpa.load(SCB.replace("\nCPA_A02;", "\nCPA_X12;"))


def test_a_missing_product_row_is_named():
    broken = _drop(EUROSTAT, ",DOM,", ",CPA_H50,SE,")
    with pytest.raises(cpa.TableFileError, match=r"row 'CPA_H50'.*missing product row\(s\): H50"):
        cpa.load(broken, employment_text=NAMA)


def _scb_with_cell(row_start: str, column: int, change) -> str:
    """The SCB-layout file with one cell of the row starting with `row_start` changed."""
    lines = SCB.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith(row_start))
    cells = lines[row].split(";")
    cells[column] = change(cells[column])
    lines[row] = ";".join(cells)
    return "\n".join(lines)


def test_a_missing_cell_names_its_row_and_column():
    broken = _drop(EUROSTAT, ",DOM,CPA_F,CPA_B,")
    with pytest.raises(cpa.TableFileError, match=r"row 'CPA_B'.*column CPA_F: missing cell \(1 cells"):
        cpa.load(broken, employment_text=NAMA)


def test_a_missing_value_is_not_read_as_zero():
    broken = _scb_with_cell("CPA_C17;", 5, lambda _cell: "..")
    with pytest.raises(
        cpa.TableFileError, match=r"row 'CPA_C17'.*column CPA_B \(line 13\): missing value '\.\.'"
    ):
        cpa.load(broken)


def test_missing_value_added_rows_are_named():
    with pytest.raises(cpa.TableFileError, match=r"missing row D1 \(compensation of employees\)"):
        cpa.load(_drop(EUROSTAT, ",D1,SE,"), employment_text=NAMA)


def test_without_employment_the_error_says_what_is_needed():
    with pytest.raises(cpa.TableFileError, match="no employment.*nama_10_a64_e.*EMP_DC"):
        cpa.load(EUROSTAT)
    with pytest.raises(cpa.TableFileError, match="employment lacks 1 of the A\\*64 codes: H51"):
        cpa.load(EUROSTAT, employment_text=_drop(NAMA, ",H51,"))


def test_a_table_in_euro_is_refused():
    with pytest.raises(cpa.TableFileError, match="unit MIO_EUR.*MIO_NAC"):
        cpa.load(EUROSTAT.replace("MIO_NAC", "MIO_EUR"), employment_text=NAMA)


def test_a_plain_employment_csv_with_the_64_codes_is_accepted():
    t = cpa.load(EUROSTAT, employment_text=NAMA)
    rows = ["code;persons"] + [f"{c};{1000 + i}" for i, c in enumerate(cpa.products())]
    plain = cpa.load(EUROSTAT, employment_text="\n".join(rows), employment_name="persons.csv")
    assert plain.employment.sum() == pytest.approx(sum(1000 + i for i in range(64)))
    np.testing.assert_allclose(plain.flows, t.flows)


def test_a_missing_product_column_is_named():
    broken = _drop(EUROSTAT, ",DOM,CPA_J61,CPA_")
    with pytest.raises(cpa.TableFileError, match=r"missing product column\(s\): CPA_J61 "):
        cpa.load(broken, employment_text=NAMA)


def test_a_row_total_that_differs_from_output_is_not_balanced():
    # CPA_C17's output + 5 %
    broken = _scb_with_cell(
        "P1;", 9, lambda cell: str(float(cell.replace(",", ".")) * 1.05).replace(".", ",")
    )
    with pytest.raises(cpa.TableFileError, match=r"row 'CPA_C17'.*not balanced"):
        cpa.load(broken)
