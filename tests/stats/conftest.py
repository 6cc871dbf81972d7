"""Shared helpers for the stats tests: fixture paths and a fake PxWeb transport.

The fake transport replays recorded responses (tests/stats/fixtures/api/*.json): each route
names a method, a path, optionally the decoded query parameters or JSON body, and the
responses to give in turn. An unexpected request fails the test loudly: no network, ever.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
API = FIXTURES / "api"


class FakeTransport:
    def __init__(self, scenario: str):
        doc = json.loads((API / scenario).read_text(encoding="utf-8"))
        self.routes = doc["routes"]
        self.served = [0] * len(self.routes)
        self.requests: list[tuple[str, str]] = []

    def __call__(self, method, url, body, headers):
        parts = urllib.parse.urlsplit(url)
        query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        self.requests.append((method, url))
        for i, route in enumerate(self.routes):
            if route["method"] != method or route["path"] != parts.path:
                continue
            if "query" in route and route["query"] != query:
                continue
            if "body" in route and route["body"] != json.loads(body):
                continue
            responses = route["responses"]
            k = self.served[i]
            if k >= len(responses):
                if not route.get("repeat_last"):
                    raise AssertionError(f"route {route['path']} asked more often than recorded")
                k = len(responses) - 1
            self.served[i] += 1
            r = responses[k]
            data = (API / r["file"]).read_bytes() if "file" in r else r.get("text", "").encode()
            return r["status"], r.get("headers", {}), data
        raise AssertionError(f"unrecorded request: {method} {url} body={body!r}")


class FakeClock:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


@pytest.fixture
def fake_transport():
    """FakeTransport factory: ``fake_transport("v2_split.json")``."""
    return FakeTransport


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
