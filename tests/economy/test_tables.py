"""Loaders: Eurostat SDMX-CSV and TSV, SCB-style CSV, the bundled demo table and parameter files."""

import numpy as np
import pytest

from spets.economy.io import IOTableError
from spets.economy.tables import (
    load_demo_table,
    load_eurostat_sdmx_csv,
    load_eurostat_tsv,
    load_parameter,
    load_scb_csv,
    sni_to_industries,
)
from spets.economy.tax import vat_class_shares

# Miller & Blair's two-sector flows as CPA products A01 and C10-12 (domestic table, MIO_NAC).
FLOWS = {
    ("CPA_A01", "CPA_A01"): 150,
    ("CPA_A01", "CPA_C10-12"): 500,
    ("CPA_C10-12", "CPA_A01"): 200,
    ("CPA_C10-12", "CPA_C10-12"): 100,
    ("CPA_A01", "P3_S14"): 300,
    ("CPA_A01", "P6"): 50,
    ("CPA_C10-12", "P3_S14"): 1700,
    ("P1", "CPA_A01"): 1000,
    ("P1", "CPA_C10-12"): 2000,
    ("B1G", "CPA_A01"): 650,
    ("B1G", "CPA_C10-12"): 1400,
}


def sdmx_text(flows=FLOWS, value_override=None):
    lines = ["DATAFLOW,LAST UPDATE,freq,unit,stk_flow,induse,prod_na,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG"]
    for (prod, use), v in flows.items():
        val = value_override.get((prod, use), v) if value_override else v
        lines.append(f"ESTAT:NAIO_10_CP1700(1.0),01/01/24,A,MIO_NAC,DOM,{use},{prod},SE,2020,{val},")
        lines.append(f"ESTAT:NAIO_10_CP1700(1.0),01/01/24,A,MIO_NAC,DOM,{use},{prod},NO,2020,1,")
    return "\n".join(lines) + "\n"


def test_sdmx_csv_round_trip_gives_miller_blair_coefficients():
    t = load_eurostat_sdmx_csv(sdmx_text(), geo="SE", year=2020)
    assert t.industries == ("A01", "C10-12")
    assert np.allclose(t.output, [1000, 2000])
    assert np.allclose(t.model().a, [[0.15, 0.25], [0.2, 0.05]])
    assert t.metadata["unit"] == "MIO_NAC" and t.metadata["source"].startswith("Eurostat naio_10_cp1700")


def test_tsv_layout_with_flags_and_missing():
    head = "freq,unit,stk_flow,induse,prod_na,geo\\TIME_PERIOD\t2019 \t2020 "
    rows = [f"A,MIO_NAC,DOM,{u},{p},SE\t: \t{v} e" for (p, u), v in FLOWS.items()]
    t = load_eurostat_tsv("\n".join([head, *rows]) + "\n", geo="SE", year=2020)
    assert np.allclose(t.model().a, [[0.15, 0.25], [0.2, 0.05]])
    with pytest.raises(IOTableError, match=r"row 'CPA_A01'.*missing value ':'"):
        load_eurostat_tsv("\n".join([head, *rows]) + "\n", geo="SE", year=2019)
    with pytest.raises(IOTableError, match=r"year 2018 not in file; years present: 2019, 2020"):
        load_eurostat_tsv("\n".join([head, *rows]) + "\n", geo="SE", year=2018)


def test_negative_flow_in_eurostat_file_names_the_product():
    with pytest.raises(IOTableError, match=r"table 'naio SE', row 'CPA_C10-12': negative flow"):
        load_eurostat_sdmx_csv(
            sdmx_text(value_override={("CPA_C10-12", "CPA_A01"): -3}), year=2020, name="naio SE"
        )


def test_output_not_matching_row_totals_is_unbalanced():
    with pytest.raises(IOTableError, match=r"table 'naio SE', row 'CPA_C10-12': not balanced"):
        load_eurostat_sdmx_csv(
            sdmx_text(value_override={("P1", "CPA_C10-12"): 2500}), year=2020, name="naio SE"
        )


def test_mismatched_product_rows_and_columns():
    flows = dict(FLOWS)
    flows[("CPA_B", "CPA_A01")] = 5
    with pytest.raises(IOTableError, match=r"row 'CPA_B': mismatched labels"):
        load_eurostat_sdmx_csv(sdmx_text(flows), year=2020)


def test_non_productive_scb_table_is_rejected_naming_the_table():
    text = "# source: test\ncode;x;y;final_demand;output\nx;60;50;0;100\ny;70;60;0;100\n"
    with pytest.raises(IOTableError, match=r"table 'bad.csv'.*not (productive|balanced)"):
        load_scb_csv(text, name="bad.csv")
    text = "code;x;y;final_demand;output\nx;60;50;-10;100\ny;70;60;-30;100\n"
    with pytest.raises(IOTableError, match=r"table 'bad.csv', row '(x|y)': not productive"):
        load_scb_csv(text, name="bad.csv")


def test_scb_csv_decimal_comma_and_missing_marker():
    text = "code;a;b;final_demand;output\na;150;500;350;1000\nb;200;100;1700;2000\n"
    assert np.allclose(load_scb_csv(text, name="t").model().a, [[0.15, 0.25], [0.2, 0.05]])
    text_comma = "code;a;b;final_demand;output\na;150,0;500;350;1000\nb;200;100;..;2000\n"
    with pytest.raises(IOTableError, match=r"row 'b': missing value '\.\.' \(missing is not zero\)"):
        load_scb_csv(text_comma, name="t")


def test_demo_table_is_labelled_approximate_and_valid():
    t = load_demo_table()
    assert len(t.industries) == 27 and t.metadata["approximate"] is True
    assert "SCB" in t.metadata["source"] and t.metadata["unit"] == "MSEK"
    assert t.model().spectral_radius < 1
    assert t.employment is not None and 5e6 < t.employment.sum() < 5.6e6
    assert t.metadata["sni_divisions"]["C24"] == "24"


def test_the_demo_table_keeps_agriculture_forestry_and_fishing_apart():
    t = load_demo_table()
    a = ("A01", "A02", "A03")
    assert sni_to_industries(t, "A") == a
    assert [sni_to_industries(t, d) for d in ("01", "02", "03")] == [("A01",), ("A02",), ("A03",)]
    assert [t.metadata["sni_divisions"][c] for c in a] == ["01", "02", "03"]
    idx = [t.industries.index(c) for c in a]
    # the split keeps section A's totals (output 130 bn, value added 55 bn, 95 000 employed)
    assert t.output[idx].sum() == pytest.approx(130_000)
    assert t.value_added is not None and t.value_added[idx].sum() == pytest.approx(55_000)
    assert t.employment is not None and t.employment[idx].sum() == pytest.approx(95_000)
    # forestry: most of A's value added with a quarter of its people; agriculture the reverse
    assert t.value_added[idx[1]] > t.value_added[idx[0]] and t.employment[idx[1]] < t.employment[idx[0]] / 2
    z = t.model().a * t.output[None, :]  # flows Z = A x̂
    for buyer in ("C16", "C17"):  # sawmills and pulp buy their roundwood from forestry, not from farms
        j = t.industries.index(buyer)
        assert z[idx[1], j] > 0 and z[idx[0], j] == 0 and z[idx[2], j] == 0
        assert np.argmax(np.delete(z[:, j], j)) == idx[1]  # A02 is the largest supplier other than itself
    food = t.industries.index("C10-12")
    assert z[idx[0], food] > z[idx[2], food] > 0 and z[idx[1], food] == 0


def test_parameter_files_cover_the_demo_industries_and_cite_sources():
    t = load_demo_table()
    for name, column in [
        ("wages_by_industry.csv", "monthly_wage_sek"),
        ("profit_margins.csv", "profit_margin"),
        ("employment_per_output.csv", "persons_per_msek"),
    ]:
        p = load_parameter(name)
        assert "source" in " ".join(p.metadata["notes"]).lower() or p.metadata.get("source")
        assert p.metadata["approximate"] is True
        assert np.all(p.column(t.industries, column) > 0)
    cons = load_parameter("household_consumption.csv")
    shares = cons.column(t.industries, "share", default=0.0)
    assert shares.sum() == pytest.approx(1.0)
    classes = vat_class_shares(shares, cons.column(t.industries, "vat_rate", default=0.25))
    assert set(classes) == {"25 %", "12 %", "6 %", "exempt"}
    with pytest.raises(IOTableError, match=r"row 'A02': no share for this industry"):
        cons.column(t.industries, "share")
