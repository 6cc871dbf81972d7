"""Start page, login, language, password reset, 404 — through the real URL map."""

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_the_start_page_needs_a_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("persona", ["anna", "cecilia", "petra", "alf", "lisa", "carl"])
def test_every_role_sees_the_start_page(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get("/").status_code == 200


def test_start_page_shows_key_figures_map_and_industries_with_sources(client, anna, demo_data):
    client.force_login(anna)
    html = client.get("/").content.decode()
    assert "53\u202f000" in html  # employees, Swedish number format
    assert html.count('class="area kommun"') == 41
    assert "Spets synthetic demo data" in html or "syntetiska" in html.lower()
    data = client.get("/?format=json").json()
    assert data["total"]["employees"]["value"] == 53_000
    assert data["total"]["employees"]["year"] == 2024 and data["total"]["employees"]["synthetic"] is True
    assert data["total"]["workplaces"]["value"] > 5_600
    assert {c["code"] for c in data["counties"]} == {"17", "20", "21"}
    assert sum(c["employees"]["value"] for c in data["counties"]) == 53_000
    assert len(data["municipalities"]) == 41
    assert data["divisions"][0]["employees"] >= data["divisions"][-1]["employees"]


def test_swedish_is_the_default_even_for_an_english_browser(client, anna):
    client.force_login(anna)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in html


def test_the_language_switch_changes_to_english(client, anna):
    client.force_login(anna)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_login_with_wrong_password_explains(client, anna):
    response = client.post("/login/", {"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_password_reset_sends_a_link_by_email(client, anna):
    response = client.post("/password-reset/", {"email": "anna@example.invalid"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/reset/" in mail.outbox[0].body


def test_unknown_url_gives_a_friendly_404_in_the_users_language(client, anna, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def test_health_check(client):
    answer = client.get("/health").json()
    assert answer["status"] == "ok"
    assert {"database", "migrations", "stats"} <= set(answer["checks"])
    assert all(check["ok"] for check in answer["checks"].values())


def test_api_schema_is_published(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Spets API"
    assert "/api/core/me" in schema["paths"]


def test_api_needs_a_token_or_session(client, anna):
    from spets.core.models import ApiToken

    assert client.get("/api/core/me").status_code == 401
    _, key = ApiToken.issue(anna)
    response = client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.json() == {"username": "anna", "role": "advisor", "organisation": "iuc-dalarna"}
    assert client.get("/api/core/me", HTTP_AUTHORIZATION="Bearer spets_wrong").status_code == 401


def test_forbidden_pages_explain_in_the_users_language(client, alf, settings):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from spets.core.views.pages import forbidden

    request = RequestFactory().get("/companies/referrals/")
    request.user = alf
    response = forbidden(request, PermissionDenied("referrals are for advisors and managers"))
    assert response.status_code == 403
    assert "Ingen behörighet" in response.content.decode()


def test_map_legend_has_no_empty_classes_when_values_repeat(db):
    from spets.geo.maps import choropleth

    values = {code: 0.0 for code in ("2080", "2081", "2082", "2083")} | {"2084": 336.0}
    legend = choropleth(values)["legend"]
    # Each class spans the values it holds: 336 alone, not "0–336" (spets.geo.classes).
    assert [(c["from"], c["to"]) for c in legend] == [(0.0, 0.0), (336.0, 336.0)]
    assert len({c["colour"] for c in legend}) == 2


def test_absolute_links_use_the_base_url_without_a_request(settings):
    from spets.core.links import absolute

    settings.BASE_URL = "https://spets.example.se"
    assert absolute("/companies/referrals/") == "https://spets.example.se/companies/referrals/"
