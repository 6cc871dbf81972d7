"""Referral e-mails link back to Spets with an absolute address: from the request when a page sends
them, from SPETS_BASE_URL (settings.BASE_URL) when the reminder command does."""

from __future__ import annotations

import datetime
import re

from django.core.management import call_command
from django.urls import reverse

from spets.companies.models import Referral
from spets.core.models import Organisation
from spets.core.scoping import unscoped

LINK = re.compile(r"Spets: (\S+)")


def _links(mailoutbox) -> list[str]:
    return [LINK.search(m.body).group(1) for m in mailoutbox]


def test_mail_sent_from_the_referral_and_answer_pages_carries_an_absolute_link(
    client, anna, cecilia, company, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(anna)
    to = Organisation.objects.get(slug="paper-province")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("companies:referral_new", args=[company.pk]),
            {
                "to_organisation": to.pk,
                "reason": "Bioekonomi",
                "consent_date": "2025-03-01",
                "consent_how": "muntligt",
            },
            secure=True,
        )
    assert response.status_code == 302
    with unscoped():
        referral_id = Referral.objects.get().pk
    client.force_login(cecilia)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("companies:referral_answer", args=[referral_id, "accept"]), {"note": ""}, secure=True
        )
    assert len(mailoutbox) == 2
    assert _links(mailoutbox) == ["https://testserver/companies/referrals/"] * 2


def test_reminder_mail_uses_the_configured_base_url(frozen_time, cecilia, referral, mailoutbox, settings):
    settings.BASE_URL = "https://spets.example.org"
    frozen_time.shift(datetime.timedelta(days=8))
    call_command("send_reminders")
    assert _links(mailoutbox) == ["https://spets.example.org/companies/referrals/"]
