"""The Kolada API v2 client against recorded answers: the KPI catalogue, values in pages, the cube."""

from __future__ import annotations

import numpy as np
import pytest

from spets.stats.clients import Http
from spets.stats.errors import UnknownCodeError
from spets.stats.kolada import Kolada


@pytest.fixture
def kolada(fake_transport, clock):
    transport = fake_transport("kolada_N00914.json")
    return Kolada(Http(transport, sleep=clock.sleep, clock=clock.clock), per_page=2), transport


def test_values_are_read_page_by_page_into_a_cube_with_provenance(kolada):
    client, transport = kolada
    cube = client.fetch("N00914", ["2081", "2080", "0020"], ["2022", "2023"])
    assert len(transport.requests) == 4  # the KPI, then three pages of values
    assert [d.code for d in cube.dims] == ["Region", "Tid"]
    assert cube.dim("Region").codes == ["2081", "2080", "20"]  # Kolada's 0020 is SCB's county 20
    assert cube.get(Region="2081", Tid="2023") == (76.6, "")  # the total, not women or men
    value, status = cube.get(Region="2080", Tid="2023")  # Kolada has no figure: "..", never 0
    assert np.isnan(value) and status == ".."
    assert cube.get(Region="20", Tid="2023") == (79.3, "")
    assert cube.table_id == "Kolada/N00914" and cube.source == "Kolada (RKA)"
    assert cube.title == {"sv": "Förvärvsarbetande invånare 20-64 år, andel (%)"} and cube.unit == "procent"
    assert cube.extra["additive"] is False and cube.extra["api"] == "kolada-v2"
    assert cube.notes[0].startswith("Antal förvärvsarbetande invånare")


def test_the_catalogue_is_searched_and_an_unknown_kpi_says_so(kolada):
    client, _transport = kolada
    assert [k["id"] for k in client.search("förvärvsarbetande")] == ["N00914"]
    with pytest.raises(UnknownCodeError, match="Kolada has no KPI 'N99999'"):
        client.kpi("N99999")
