"""Template context shared by every page: navigation, demo banner, languages."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from spets.core.models import DataLoad

# (url name, label, who may see it): apps register their entry page here by url name.
NAV = [
    ("start", _("Start"), "all"),
    ("stats:atlas", _("Atlas"), "all"),
    ("economy:footprint", _("Footprint"), "all"),
    ("companies:search", _("Companies"), "staff"),
    ("assessment:list", _("Assessments"), "staff"),
]


def _nav(user) -> list[dict]:
    items = []
    for name, label, audience in NAV:
        if audience == "staff" and not (user.is_authenticated and user.is_programme_staff):
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
