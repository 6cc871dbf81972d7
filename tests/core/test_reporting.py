"""Optional error reporting (issue 15): with SPETS_SENTRY_DSN set, an unhandled error of a request reaches
the reporting service, tagged with the request id of the log line and without personal data."""

from __future__ import annotations

import sys

import pytest
import sentry_sdk
from django.urls import path
from sentry_sdk.transport import Transport

from spets.config import ConfigError
from spets.core import reporting


def boom(request):
    raise RuntimeError("the figures did not add up")


urlpatterns = [path("boom/", boom)]


class Collector(Transport):
    """Keeps what would have been sent (the test machine sends nothing anywhere)."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events: list[dict] = []

    def capture_envelope(self, envelope):
        self.events += [item.payload.json for item in envelope.items if item.type == "event"]


@pytest.fixture
def collector():
    sent = Collector()
    reporting.start(
        "https://key@errors.example.invalid/1", release="spets@test", environment="test", transport=sent
    )
    yield sent
    sentry_sdk.init()  # no DSN: reporting off again for the tests that follow


@pytest.mark.urls(__name__)
def test_a_server_error_is_reported_with_its_request_id_and_no_personal_data(client, anna, collector):
    client.force_login(anna)
    client.raise_request_exception = False
    response = client.get("/boom/", HTTP_COOKIE="sessionid=secret-session")
    assert response.status_code == 500
    sentry_sdk.flush()
    [event] = collector.events
    assert event["exception"]["values"][-1]["value"] == "the figures did not add up"
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    assert event["release"] == "spets@test"
    text = str(event)
    assert "anna" not in text and "secret-session" not in text and "user" not in event


def test_a_dsn_without_the_package_names_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)
    with pytest.raises(ConfigError, match=r"pip install 'spets\[sentry\]'"):
        reporting.start("https://key@errors.example.invalid/1", release="x", environment="test")
