"""Three employment tables become one series: newest table wins, codes harmonised, provenance kept."""

from __future__ import annotations

import numpy as np
import pytest

from spets.stats.errors import StatsError
from spets.stats.jsonstat import read_jsonstat
from spets.stats.px import read_px
from spets.stats.stitch import stitch


@pytest.fixture
def tables(fixtures):
    rams = read_px(fixtures / "dagbef_latin1.px")  # AM0207K 2017–2018, "not stated" = 00
    rams_new = read_jsonstat(fixtures / "dagbef_2019_2021.json")  # AM0207Z 2019–2021
    rams_new.table_id = "AM0207Z/DagSni07KonKN"
    bas = read_jsonstat(fixtures / "bas_2020_2022.json")  # AM0210B 2020–2022, "not stated" = US
    bas.table_id = "AM0210B/ArbStDoNArNN"
    return rams, rams_new, bas


def test_one_series_2017_to_2022_with_harmonised_codes(tables):
    s = stitch(list(tables))
    assert [d.code for d in s.dims] == ["Region", "SNI2007", "Kon", "Tid"]
    assert s.dim("Tid").codes == ["2017", "2018", "2019", "2020", "2021", "2022"]
    assert "00" not in s.dim("SNI2007").codes and "A-U+US" not in s.dim("SNI2007").codes
    assert s.dim("SNI2007").labels["en"][s.dim("SNI2007").index("US")] == "not stated"
    # "not stated" from each table lands on the same code
    assert s.get(Region="2080", SNI2007="US", Kon="1", Tid="2017") == (2870.0, "")  # RAMS 00
    assert s.get(Region="2080", SNI2007="US", Kon="1", Tid="2019") == (30.0, "")  # RAMS new 00
    assert s.get(Region="2080", SNI2007="US", Kon="1", Tid="2022") == (7.0, "")  # BAS US


def test_newest_table_wins_where_years_overlap(tables):
    s = stitch(list(tables))
    assert s.get(Region="2080", SNI2007="B+C", Kon="1", Tid="2020") == (3000.0, "")  # BAS, not RAMS's 2915
    assert s.get(Region="2080", SNI2007="A", Kon="1", Tid="2019") == (490.0, "")  # only in RAMS new
    src = s.provenance_sources
    assert src[0].startswith("AM0207K/DagSNI07KonK") and src[2].startswith("AM0210B/ArbStDoNArNN")
    ix = (s.dim("Region").index("2080"), s.dim("SNI2007").index("A"), 0)
    prov_by_year = [src[p].split(" ")[0] for p in s.provenance[ix].tolist()]
    assert (
        prov_by_year
        == ["AM0207K/DagSNI07KonK"] * 2 + ["AM0207Z/DagSni07KonKN"] + ["AM0210B/ArbStDoNArNN"] * 3
    )
    assert s.extra["years_by_source"][src[1]] == ["2019"]


def test_day_population_is_chosen_over_night_population(tables):
    s = stitch(list(tables))
    # the day population (000005FG), not the night population (000005FH: 71)
    assert s.get(Region="2081", SNI2007="A", Kon="1", Tid="2022") == (72.0, "")


def test_input_order_does_not_matter_and_status_survives(tables):
    a = stitch(list(tables))
    b = stitch(list(reversed(tables)))
    assert np.array_equal(a.values, b.values, equal_nan=True) and np.array_equal(a.status, b.status)
    assert a.get(Region="2080", SNI2007="B+C", Kon="1", Tid="2018")[1] == ".."  # RAMS symbol kept


def test_an_unmapped_industry_code_is_an_error_naming_the_mapping_file(tables):
    rams = tables[0]
    rams.dims[1].codes[2] = "ZZ"
    rams.dims[1]._pos = None
    with pytest.raises(
        StatsError,
        match=r"SNI2007 code\(s\) \['ZZ'\] have no harmonised code; add them to "
        r"sni_harmonisation.yaml",
    ):
        stitch([rams])
