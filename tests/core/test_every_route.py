"""Every route in the URL map, for every persona: nothing is open that should not be, nothing crashes.

Apps have their own detailed permission matrices; this test walks the whole URL map, so a new view that
forgets its login or permission check fails here even before anyone writes a matrix for it.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Routes anyone may open without logging in (login, password reset, language, health, API schema,
# the self-assessment link — which answers 404 for an unknown token).
PUBLIC = [
    r"^/login/$",
    r"^/logout/$",
    r"^/password-reset/",
    r"^/reset/",
    r"^/i18n/",
    r"^/health$",
    r"^/api/openapi\.json$",
    r"^/api/docs",
    r"^/assessment/s/",
    r"^/static/",
]

_CONVERTER_SAMPLE = {
    "int": "999999",
    "str": "nosuchthing",
    "slug": "no-such-thing",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "no/such/path",
}


def _routes(patterns=None, prefix: str = "") -> list[str]:
    out: list[str] = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            out.extend(_routes(entry.url_patterns, prefix + route))
        elif isinstance(entry, URLPattern):
            out.append(prefix + route)
    return sorted(set(out))


def _sample(route: str) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: _CONVERTER_SAMPLE.get(m.group(1) or "str", "x"), route)
    path = path.lstrip("^").rstrip("$").replace("\\Z", "")  # ninja routes are plain; regex ones rare
    return "/" + path


ROUTES = [_sample(r) for r in _routes()]


def test_the_url_map_is_walked():
    assert "/" in ROUTES and "/api/core/me" in ROUTES
    assert len(ROUTES) > 30


@pytest.mark.parametrize("path", ROUTES)
def test_anonymous_users_get_no_page_but_the_public_ones(client, path):
    response = client.get(path)
    assert response.status_code < 500 or response.status_code == 503, (
        f"{path} crashed ({response.status_code})"
    )
    if any(re.match(p, path) for p in PUBLIC):
        return
    assert response.status_code in {302, 401, 403, 404, 405}, f"{path} is open to anonymous users"
    if response.status_code == 302:
        assert response["Location"].startswith("/login/"), f"{path} redirects to {response['Location']}"


@pytest.mark.parametrize("persona", ["anna", "alf", "lisa", "carl"])
def test_no_route_crashes_for_any_role(client, personas, persona):
    client.force_login(personas[persona])
    crashed = []
    for path in ROUTES:
        if path.startswith("/logout"):
            continue
        status = client.get(path).status_code
        if status >= 500 and status != 503:  # 503 = "no statistics loaded yet", said in the body
            crashed.append(f"{path} → {status}")
    assert crashed == []


_HREF = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')


def _crawl(client, start: str = "/", limit: int = 400, per_shape: int = 2) -> tuple[list[str], list[str]]:
    """Follow every internal link a user can see (at most `per_shape` URLs per path shape, ids → N)."""
    seen, shapes, queue, crashed, shown = set(), {}, [start], [], []
    while queue and len(seen) < limit:
        url = queue.pop(0).replace("&amp;", "&")
        if url in seen or url.startswith(("/logout", "/static/", "/i18n/")):
            continue
        shape = re.sub(r"\d+", "N", url.split("?")[0])
        if shapes.get(shape, 0) >= per_shape:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500 and response.status_code != 503:
            crashed.append(f"{url} → {response.status_code}")
        if response.status_code == 200:
            shown.append(url)
            if response.get("Content-Type", "").startswith("text/html"):
                queue.extend(_HREF.findall(response.content.decode()))
    return shown, crashed


@pytest.mark.parametrize("persona", ["anna", "petra", "alf", "lisa", "carl"])
def test_following_every_link_on_the_demo_crashes_nothing(client, personas, persona, demo_data):
    """Click through everything a user can reach from the start page, on real demo objects."""
    client.force_login(personas[persona])
    shown, crashed = _crawl(client)
    assert crashed == []
    assert len(shown) >= 3
    if persona in {"anna", "petra"}:
        assert any(re.match(r"^/companies/\d+/$", url) for url in shown), "company pages were reached"
        assert any(re.match(r"^/assessment/\d+/$", url) for url in shown), "assessment pages were reached"
