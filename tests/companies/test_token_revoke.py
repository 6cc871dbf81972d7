"""API tokens can be revoked on the token page and from the command line; a revoked token answers 401."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from spets.core.models import ApiToken, AuditEntry

pytestmark = pytest.mark.django_db


def _me(client, key):
    return client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code


def test_the_token_page_lists_and_revokes_a_token(client, anna):
    token, key = ApiToken.issue(anna, name="laptop")
    _other, other_key = ApiToken.issue(anna, name="server")
    assert _me(client, key) == 200
    client.force_login(anna)
    page = client.get(reverse("companies:api_token")).content.decode()
    assert f"{token.prefix}…" in page and f'data-testid="revoke-{token.prefix}"' in page
    response = client.post(reverse("companies:api_token"), {"revoke": str(token.pk)})
    assert response.status_code == 302
    client.logout()
    assert _me(client, key) == 401
    assert _me(client, other_key) == 200  # only the chosen one
    assert AuditEntry.objects.filter(action="revoke", object_type="core.ApiToken").count() == 1


def test_the_revoke_form_needs_the_csrf_token(anna):
    from django.test import Client

    token, _key = ApiToken.issue(anna)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(anna)
    assert strict.post(reverse("companies:api_token"), {"revoke": str(token.pk)}).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_nobody_revokes_another_users_token(client, anna, bertil):
    token, key = ApiToken.issue(bertil)
    client.force_login(anna)
    assert client.post(reverse("companies:api_token"), {"revoke": str(token.pk)}).status_code == 404
    client.logout()
    assert _me(client, key) == 200


def test_the_revoke_token_command_by_prefix_and_all(client, anna, capsys):
    first, first_key = ApiToken.issue(anna)
    _second, second_key = ApiToken.issue(anna)
    # "--prefix=…": a random prefix may start with "-", which argparse would take for an option.
    call_command("revoke_token", "anna", f"--prefix={first.prefix}")
    assert first.prefix in capsys.readouterr().out
    assert (_me(client, first_key), _me(client, second_key)) == (401, 200)
    call_command("revoke_token", "anna")
    assert _me(client, second_key) == 401
    with pytest.raises(CommandError, match="no token"):
        call_command("revoke_token", "anna")
    with pytest.raises(CommandError, match="no user"):
        call_command("revoke_token", "nobody")
