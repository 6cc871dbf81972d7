"""Personal API tokens: who may hold one, issuing and revoking. Each writes an audit entry (never the key).

A token is shown once when issued; only its hash is stored (`ApiToken`). A revoked token is deleted, so its
hash matches nothing and it answers 401 at once. The token page (`core.views.tokens`) and the commands
`spets create-token` and `spets revoke-token` use these functions.
"""

from __future__ import annotations

from django.db import transaction

from spets.core.audit import log_action
from spets.core.errors import Forbidden
from spets.core.models import ApiToken, User
from spets.core.policy import is_active, is_programme_staff, own_company_id


def can_have_api_token(user) -> bool:
    """Active programme staff and company users: the API has the same permissions as their pages."""
    return is_active(user) and (is_programme_staff(user) or own_company_id(user) is not None)


def _label(token: ApiToken, owner: User) -> str:
    return f"API token {token.prefix}… of {owner.get_username()}"


def issue_token(user_id: int, name: str = "api", by_user_id: int | None = None) -> tuple[ApiToken, str]:
    """A new token for the user: (the stored token, the key to show once). `by_user_id`: who issues it
    (None: the command line). The audit entry names the token by its prefix, never the key."""
    owner = User.objects.get(pk=user_id)
    if not can_have_api_token(owner):
        raise Forbidden(f"{owner.get_username()} is inactive or has no role that may use the API")
    actor = User.objects.get(pk=by_user_id) if by_user_id is not None else None
    with transaction.atomic():
        token, key = ApiToken.issue(owner, name=name[:100] or "api")
        log_action(
            actor,
            "create",
            object_type="core.ApiToken",
            object_id=token.pk,
            object_repr=_label(token, owner),
            changes={"name": token.name, "prefix": token.prefix},
        )
    return token, key


def revoke_token(user_id: int, token_id: int, by_user_id: int | None) -> str:
    """Revoke (delete) one of the user's tokens and audit it; returns its prefix. Users revoke only their own
    tokens; `by_user_id` None is the command line. A token that is not the user's raises
    ApiToken.DoesNotExist (a page answers 404)."""
    if by_user_id is not None and by_user_id != user_id:
        raise Forbidden("you revoke only your own tokens")
    actor = User.objects.get(pk=by_user_id) if by_user_id is not None else None
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("user").get(pk=token_id, user_id=user_id)
        log_action(
            actor,
            "revoke",
            object_type="core.ApiToken",
            object_id=token.pk,
            object_repr=_label(token, token.user),
            changes={"name": token.name, "prefix": token.prefix},
        )
        token.delete()
    return token.prefix


def tokens_of(user_id: int, prefix: str | None = None) -> list[ApiToken]:
    """The user's tokens, newest first; with `prefix` only those with that prefix (as the page lists them)."""
    tokens = ApiToken.objects.filter(user_id=user_id).order_by("-created_at", "-id")
    if prefix:
        tokens = tokens.filter(prefix=prefix)
    return list(tokens)
