"""Template context shared by every page: navigation, demo banner, languages."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from spets.core.models import DataLoad
from spets.core.policy import can
from spets.core.registry import spets_apps

START = (0, "start", _("Start"), None)


def _nav(user) -> list[dict]:
    """The main navigation: each app declares its entry pages on its AppConfig as `nav`, a list of
    (position, url name, label, capability needed or None for every logged-in user[, badge]). The optional
    badge is the dotted path of a function(user) -> int, say the incoming referrals; 0 shows no badge."""
    entries = [START] + [entry for config in spets_apps() for entry in getattr(config, "nav", ())]
    items = []
    for _position, name, label, capability, *badge in sorted(entries, key=lambda e: e[0]):
        if capability is not None and not can(user, capability):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the app has not registered that page yet
        count = import_string(badge[0])(user) if badge else 0
        items.append({"url": url, "label": label, "name": name, "badge": count})
    return items


def platform(request) -> dict:
    user = request.user
    return {
        "nav": _nav(user) if user.is_authenticated else [],
        "synthetic_data": DataLoad.objects.filter(synthetic=True).exists(),
    }
