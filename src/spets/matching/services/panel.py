"""The matching panel on the register's company page (extensions.company_panels)."""

from __future__ import annotations

from django.urls import reverse

from spets.matching import permissions as perm
from spets.matching.models import Cohort, PeerConsent


def company_panel(user, company_id: int) -> dict | None:
    if not perm.can_see_matches(user):
        return None
    return {
        "template": "matching/_company_panel.html",
        "url": reverse("matching:company", args=[company_id]),
        "consent": PeerConsent.objects.for_user(user).filter(company_id=company_id).exists(),
        "cohorts": list(
            Cohort.objects.for_user(user).filter(members__company_id=company_id).order_by("name", "pk")
        ),
    }
