"""PxWeb API clients against recorded responses: splitting, retries, cache, limits, errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from spets.stats.clients import Http, PxWebV1, PxWebV2, resolve, split_selection
from spets.stats.errors import ApiError, UnknownCodeError

SELECTION = {
    "Region": ["2080", "2081"],
    "SNI2007": ["B+C"],
    "Kon": "*",
    "ContentsCode": "*",
    "Tid": "from(2020)",
}


@pytest.fixture
def v2(fake_transport, clock):
    """A v2 client on recorded responses: ``client, transport = v2("v2_split.json", ...)``."""

    def make(scenario, tmp_path=None, progress=None, **kw):
        transport = fake_transport(scenario)
        http = Http(
            transport, sleep=clock.sleep, clock=clock.clock, cache_dir=tmp_path, progress=progress, **kw
        )
        return PxWebV2(http, now=lambda: "2025-01-15T10:00:00+00:00"), transport

    return make


def test_v2_splits_a_selection_over_the_cell_limit_and_merges_the_parts(v2, clock):
    seen = []
    client, transport = v2("v2_split.json", progress=lambda done, total, msg: seen.append((done, total)))
    c = client.fetch("AM0207Z/DagSni07KonKN", SELECTION)
    assert client.max_cells == 4  # from /config
    data_calls = [u for m, u in transport.requests if "/data?" in u]
    assert len(data_calls) == 3  # 2 parts, the first one retried once after 429
    assert c.table_id == "AM0207Z/DagSni07KonKN"
    assert c.shape == (2, 1, 2, 1, 2)
    assert c.get(Region="2080", SNI2007="B+C", Kon="2", ContentsCode="00000544", Tid="2021") == (1020.0, "")
    value, symbol = c.get(Region="2081", SNI2007="B+C", Kon="1", ContentsCode="00000544", Tid="2021")
    assert np.isnan(value) and symbol == ".."
    assert c.extra["api"] == "scb-pxweb-v2" and c.extra["query"]["Tid"] == "from(2020)"
    assert c.extra["fetched_at"] == "2025-01-15T10:00:00+00:00"
    assert seen == [(0, 2), (1, 2), (2, 2)]


def test_v2_backs_off_after_429_honouring_retry_after(v2, clock):
    client, _ = v2("v2_split.json", backoff=1.0)
    client.fetch("AM0207Z/DagSni07KonKN", SELECTION)
    assert clock.sleeps == [3.0]  # Retry-After: 3 beats the first backoff step of 1 s


def test_v2_gives_up_after_retries_and_returns_nothing_partial(v2, clock):
    client, transport = v2("v2_unavailable.json", max_retries=3, backoff=0.5)
    with pytest.raises(ApiError) as e:
        client.fetch("AM0207Z/DagSni07KonKN", SELECTION)
    msg = str(e.value)
    assert "part 2 of 2 failed" in msg and "nothing returned" in msg and "HTTP 503" in msg
    assert "after 4 attempts" in msg
    assert clock.sleeps == [0.5, 1.0, 2.0]  # exponential backoff
    assert e.value.status == 503


def test_responses_are_cached_on_disk(v2, clock, tmp_path):
    client, transport = v2("v2_split.json", tmp_path)
    first = client.fetch("AM0207Z/DagSni07KonKN", SELECTION)
    n = len(transport.requests)
    again, transport2 = v2("v2_split.json", tmp_path)
    second = again.fetch("AM0207Z/DagSni07KonKN", SELECTION)
    assert transport2.requests == []  # everything came from the cache
    assert np.array_equal(first.values, second.values, equal_nan=True)
    assert n == 5


def test_rate_limit_waits_when_the_window_is_full(clock):
    calls = []

    def transport(method, url, body, headers):
        calls.append(clock.now)
        return 200, {}, b"{}"

    http = Http(transport, sleep=clock.sleep, clock=clock.clock, max_calls=3, window=10.0)
    for _ in range(7):
        http.request("GET", "https://example.invalid/x")
    assert calls == [0, 0, 0, 10, 10, 10, 20]


def test_a_client_error_is_not_retried(clock):
    http = Http(lambda *a: (400, {}, b'{"error": "bad valueCodes"}'), sleep=clock.sleep, clock=clock.clock)
    with pytest.raises(ApiError, match="HTTP 400"):
        http.request("GET", "https://example.invalid/x")
    assert clock.sleeps == []


def test_unknown_variable_or_code_lists_the_valid_choices(v2, clock):
    client, _ = v2("v2_split.json")
    with pytest.raises(
        UnknownCodeError, match="no variable 'Sex'; valid: Region, SNI2007, Kon, ContentsCode, Tid"
    ):
        client.fetch("AM0207Z/DagSni07KonKN", {"Sex": "*"})
    with pytest.raises(UnknownCodeError, match=r"variable Kon has no value '3'; valid: 1, 2"):
        client.fetch("AM0207Z/DagSni07KonKN", {"Kon": ["3"]})


def test_v1_posts_a_query_and_parses_json_stat2(fake_transport, clock):
    transport = fake_transport("v1_fetch.json")
    client = PxWebV1(Http(transport, sleep=clock.sleep, clock=clock.clock), now=lambda: "2025-01-15T10:00:00")
    c = client.fetch(
        "AM0207K/DagSNI07KonK", {"SNI2007": ["B+C"], "Kon": "*", "ContentsCode": "*", "Tid": "top(2)"}
    )
    assert transport.requests[1][0] == "POST"
    assert c.get(Region="2081", SNI2007="B+C", Kon="2", ContentsCode="AM0207J6", Tid="2018") == (1481.0, "")
    assert c.extra["api"] == "scb-pxweb-v1" and c.table_id == "AM0207K/DagSNI07KonK"


def test_v1_splits_at_its_cell_limit(fake_transport, clock):
    transport = fake_transport("v1_fetch.json")
    client = PxWebV1(Http(transport, sleep=clock.sleep, clock=clock.clock), max_cells=4)
    meta = client.metadata("AM/AM0207/AM0207K/DagSNI07KonK")
    full = {d.code: d.codes for d in meta.dims}
    parts = list(split_selection(full, 4))
    assert all(np.prod([len(v) for v in p.values()]) <= 4 for p in parts)
    body = json.loads(client.query_body(parts[0]))
    assert body["response"] == {"format": "json-stat2"}


def test_selection_expressions():
    years = [str(y) for y in range(2015, 2023)]
    assert resolve(years, "top(2)", is_time=True) == ["2021", "2022"]
    assert resolve(years, "bottom(2)", is_time=True) == ["2015", "2016"]
    assert resolve(years, "from(2020)") == ["2020", "2021", "2022"]
    assert resolve(years, "to(2016)") == ["2015", "2016"]
    assert resolve(years, "range(2017,2018)") == ["2017", "2018"]
    assert resolve(["2080", "2081", "1780"], "20*") == ["2080", "2081"]
    assert resolve(years, "*") == years
    with pytest.raises(UnknownCodeError, match="from\\(1999\\) names an unknown code"):
        resolve(years, "from(1999)", variable="Tid")


def test_split_never_exceeds_the_limit_and_covers_every_cell():
    sel = {
        "Region": [str(i) for i in range(290)],
        "SNI": list("ABCDEFGHIJKLMNOP"),
        "Kon": ["1", "2"],
        "Tid": [str(y) for y in range(2008, 2025)],
    }
    parts = list(split_selection(sel, 150_000))
    sizes = [np.prod([len(v) for v in p.values()]) for p in parts]
    assert max(sizes) <= 150_000 and sum(sizes) == 290 * 16 * 2 * 17
