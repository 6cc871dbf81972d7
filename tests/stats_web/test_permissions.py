"""Who may use the statistics pages and API: every logged-in role (statistics, no company data);
anonymous visitors are sent to the login page (pages) or refused (API)."""

from __future__ import annotations

import pytest

from spets.stats import services

from .conftest import FIXTURES

PAGES = [
    "/atlas/",
    "/atlas/?area=20&industry=B%2BC",
    "/atlas/?format=csv",
    "/atlas/?format=xlsx",
    "/atlas/?format=json",
    "/atlas/cubes/",
]
API = [
    "/api/stats/cubes",
    "/api/stats/measures",
    "/api/stats/atlas",
    "/api/stats/location-quotients",
    "/api/stats/shift-share",
    "/api/stats/cubes/employment_day_population/slice?Region=2080",
]


@pytest.fixture
def small_store(stats_path):
    """The Dalarna PX fixture stored as the employment series (enough for every page and endpoint)."""
    services.import_file(FIXTURES / "AM0207K_DagSNI07KonK_dalarna.px", series=services.EMPLOYMENT)
    return stats_path


def test_every_persona_may_use_every_stats_page_and_endpoint(client, personas, small_store):
    for name, user in personas.items():
        client.force_login(user)
        for url in PAGES + API:
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
        partial = client.get("/atlas/?area=21", HTTP_HX_REQUEST="true")
        assert partial.status_code == 200 and b"<html" not in partial.content, name
        client.logout()


def test_anonymous_visitors_are_sent_to_login_or_refused(client, small_store):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    for url in API:
        assert client.get(url).status_code == 401, url
    assert client.get("/atlas/", HTTP_HX_REQUEST="true").status_code == 302
