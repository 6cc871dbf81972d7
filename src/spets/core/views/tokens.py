"""The personal API token page: issue a token (shown once), list and revoke the user's tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spets.core.errors import Forbidden
from spets.core.models import ApiToken
from spets.core.permissions import page_view
from spets.core.tokens import can_have_api_token, issue_token, revoke_token, tokens_of


class IssueTokenForm(forms.Form):
    name = forms.CharField(required=False)  # a label; longer than 100 characters is cut


class RevokeTokenForm(forms.Form):
    revoke = forms.IntegerField(min_value=1)


@page_view
def token_page(request):
    """Issue a token (POST name) or revoke one (POST revoke=id); both answer with the list of tokens."""
    user = request.user
    if not can_have_api_token(user):
        raise Forbidden("your role may not use the API")
    key = None
    if request.method == "POST" and "revoke" in request.POST:
        form = RevokeTokenForm(request.POST)
        if not form.is_valid():
            raise ApiToken.DoesNotExist  # not one of the user's tokens → 404
        prefix = revoke_token(user.pk, form.cleaned_data["revoke"], by_user_id=user.pk)
        messages.success(request, f"{prefix}… {_('revoked')}")
        return redirect("core:api_token")
    if request.method == "POST":
        form = IssueTokenForm(request.POST)
        form.is_valid()
        _token, key = issue_token(user.pk, form.cleaned_data.get("name") or "api", by_user_id=user.pk)
    return render(request, "core/tokens.html", {"key": key, "tokens": tokens_of(user.pk)})
