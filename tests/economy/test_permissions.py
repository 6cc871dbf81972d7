"""Every role that can log in may use the footprint (statistics, no company data); anonymous may not."""

import pytest

PAGES = [
    ("get", "/footprint/", {}),
    ("get", "/footprint/", {"format": "json"}),
    ("get", "/footprint/scenario/", {"change": "kommun:2081,sni:24,jobs:+300", "format": "json"}),
    ("post", "/footprint/scenario/", {"municipality": "2081", "sni": "C24", "jobs": "300"}),
]
API = [
    ("get", "/api/economy/footprint", {}),
    ("post", "/api/economy/scenario", {"changes": [{"municipality": "2081", "sni": "24", "jobs": 300}]}),
]


def _call(client, method, url, data):
    if method == "post" and url.startswith("/api/"):
        return client.post(url, data, content_type="application/json")
    return getattr(client, method)(url, data)


@pytest.mark.parametrize("persona", ["anna", "bertil", "cecilia", "petra", "alf", "lisa", "carl"])
@pytest.mark.parametrize("method, url, data", PAGES + API)
def test_every_persona_may_use_the_footprint(stats_store, client, personas, persona, method, url, data):
    client.force_login(personas[persona])
    r = _call(client, method, url, data)
    assert r.status_code == 200, r.content[:300]


@pytest.mark.parametrize("method, url, data", PAGES)
def test_anonymous_is_sent_to_login_from_pages(stats_store, client, method, url, data):
    r = _call(client, method, url, data)
    assert r.status_code == 302 and r["Location"].startswith("/login/")


@pytest.mark.parametrize("method, url, data", API)
def test_anonymous_api_call_is_refused(stats_store, client, method, url, data):
    assert _call(client, method, url, data).status_code == 401
