"""API tokens: issued and revoked on the token page and from the command line, each with an audit entry
(never the key); a revoked token answers 401."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from spets.core.errors import Forbidden
from spets.core.models import ApiToken, AuditEntry
from spets.core.tokens import issue_token, revoke_token

pytestmark = pytest.mark.django_db


def _me(client, key):
    return client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code


def test_the_token_page_lists_and_revokes_a_token(client, anna):
    token, key = ApiToken.issue(anna, name="laptop")
    _other, other_key = ApiToken.issue(anna, name="server")
    assert _me(client, key) == 200
    client.force_login(anna)
    page = client.get(reverse("core:api_token")).content.decode()
    assert f"{token.prefix}…" in page and f'data-testid="revoke-{token.prefix}"' in page
    response = client.post(reverse("core:api_token"), {"revoke": str(token.pk)})
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
    assert strict.post(reverse("core:api_token"), {"revoke": str(token.pk)}).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_nobody_revokes_another_users_token(client, anna, bertil):
    token, key = ApiToken.issue(bertil)
    client.force_login(anna)
    assert client.post(reverse("core:api_token"), {"revoke": str(token.pk)}).status_code == 404
    client.logout()
    assert _me(client, key) == 200
    with pytest.raises(Forbidden):
        revoke_token(bertil.pk, token.pk, by_user_id=anna.pk)


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


def test_issuing_and_revoking_each_write_an_audit_entry_without_the_key(anna):
    token, key = issue_token(anna.pk, "laptop", by_user_id=anna.pk)
    issued = AuditEntry.objects.get(action="create", object_type="core.ApiToken", object_id=str(token.pk))
    assert issued.user_id == anna.pk and issued.changes == {"name": "laptop", "prefix": token.prefix}
    assert revoke_token(anna.pk, token.pk, by_user_id=anna.pk) == token.prefix
    revoked = AuditEntry.objects.get(action="revoke", object_type="core.ApiToken", object_id=str(token.pk))
    assert revoked.user_id == anna.pk and not ApiToken.objects.filter(pk=token.pk).exists()
    for entry in (issued, revoked):
        assert key not in f"{entry.object_repr} {entry.changes}" and key[6:] not in str(entry.changes)


def test_the_token_page_and_the_command_issue_with_an_audit_entry(client, anna, capsys):
    client.force_login(anna)
    key = client.post(reverse("core:api_token"), {"name": "laptop"}).context["key"]
    call_command("create_token", "anna", "--name", "server")
    assert capsys.readouterr().out.strip().startswith("spets_")
    entries = AuditEntry.objects.filter(action="create", object_type="core.ApiToken").order_by("id")
    assert [(e.user_id, e.changes["name"]) for e in entries] == [(anna.pk, "laptop"), (None, "server")]
    assert all(key not in str(e.changes) for e in entries)


def test_the_create_token_command_refuses_users_without_api_access(db):
    from spets.core.models import User

    User.objects.create_user("ingen", role="viewer", is_active=False)
    with pytest.raises(CommandError, match="may use the API"):
        call_command("create_token", "ingen")
    with pytest.raises(CommandError, match="no user"):
        call_command("create_token", "nobody")
    assert not AuditEntry.objects.filter(object_type="core.ApiToken").exists()
