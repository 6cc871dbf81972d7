"""The table catalogue and the synthetic demo cube."""

from __future__ import annotations

import numpy as np
import pytest

from spets.stats import catalogue
from spets.stats.errors import UnknownCodeError
from spets.stats.stitch import harmonisation
from spets.stats.synthetic import SYNTHETIC, demo_cube


def test_catalogue_lists_the_tables_analysts_use():
    ids = [t.id for t in catalogue.tables()]
    for wanted in [
        "AM0207K/DagSNI07KonK",
        "AM0207Z/DagSni07KonKN",
        "AM0210B/ArbStDoNArNN",
        "NV0109P/NSEBasfaktaLVEngs07",
        "NR0105ENS2010T01A",
        "OE0101/Kommunalskatter2000",
    ]:
        assert wanted in ids
    t = catalogue.table("DagSni07KonKN")
    assert t.v2_id == "TAB5837" and t.description["en"].startswith("Employed")
    assert [x.id for x in catalogue.series("employment_day_population")] == ids[:3]
    nv = catalogue.table("NV0109P/NSEBasfaktaLVEngs07").variable("ContentsCode")
    assert {"workplaces", "employees", "net_turnover", "value_added"} <= set(nv.measures)


def test_unknown_table_and_variable_codes_list_the_choices():
    with pytest.raises(UnknownCodeError, match="unknown table 'AM0207X'; valid: AM0207K/DagSNI07KonK, "):
        catalogue.table("AM0207X")
    with pytest.raises(
        UnknownCodeError, match="no variable 'Sex'; valid: Region, SNI2007, Kon, ContentsCode, Tid"
    ):
        catalogue.table("AM0207K/DagSNI07KonK").variable("Sex")
    with pytest.raises(UnknownCodeError, match=r"unknown code\(s\) US; valid: A, B\+C"):
        catalogue.table("AM0207K/DagSNI07KonK").check_selection({"SNI2007": ["US"]})


MUNICIPALITIES = [
    (f"{c:02d}{k:02d}", f"Kommun {c}-{k}", f"{c:02d}") for c in range(1, 22) for k in range(14)
][:290]


def test_demo_cube_is_deterministic_labelled_synthetic_and_shaped_like_the_series():
    a, b = demo_cube(MUNICIPALITIES), demo_cube(MUNICIPALITIES)
    assert a.content_hash() == b.content_hash()
    assert demo_cube(MUNICIPALITIES, seed=1).content_hash() != a.content_hash()
    assert a.shape == (290, len(harmonisation()["target"]), 2, 17)
    assert a.dim("Tid").codes[0] == "2008" and a.dim("Tid").codes[-1] == "2024"
    assert SYNTHETIC in a.title["en"] and SYNTHETIC in a.source and a.extra["synthetic"] is True
    assert (
        "syntetiska demodata" in a.title["sv"] and SYNTHETIC not in a.title["sv"]
    )  # each title in its language
    assert a.dim("SNI2007").codes == list(harmonisation()["target"])
    total = np.nansum(a.values)
    assert 1e6 < total / 17 < 5e6  # a plausible national size per year
    suppressed = a.status == 1
    assert suppressed.any() and np.isnan(a.values[suppressed]).all()  # small cells are "..", not 0
