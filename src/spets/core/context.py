"""Template context shared by every page: navigation, demo banner, languages."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from spets.core.models import DataLoad
from spets.core.policy import can
from spets.core.registry import spets_apps

START = (0, "start", _("Start"), None)


def _nav(user) -> list[dict]:
    """The main navigation: each app declares its entry pages on its AppConfig as `nav`, a list of
    (position, url name, label, capability needed or None for every logged-in user)."""
    entries = [START] + [entry for config in spets_apps() for entry in getattr(config, "nav", ())]
    items = []
    for _position, name, label, capability in sorted(entries, key=lambda e: e[0]):
        if capability is not None and not can(user, capability):
            continue
        try:
            items.append({"url": reverse(name), "label": label, "name": name})
        except NoReverseMatch:
            continue  # the app has not registered that page yet
    return items


def platform(request) -> dict:
    user = request.user
    return {
        "nav": _nav(user) if user.is_authenticated else [],
        "synthetic_data": DataLoad.objects.filter(synthetic=True).exists(),
    }
