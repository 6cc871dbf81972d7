"""Referral lifecycle: consent required, status flow, e-mail on every transition, idempotent reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from spets.companies.models import Referral, ReferralStatus
from spets.companies.permissions import Forbidden
from spets.companies.services import referrals
from spets.core.errors import InvalidData
from spets.core.models import AuditEntry, Organisation
from spets.core.scoping import unscoped


def paper_province():
    return Organisation.objects.get(slug="paper-province")


def test_a_referral_needs_the_companys_consent(anna, company):
    with pytest.raises(InvalidData) as exc:
        referrals.create_referral(anna, company.pk, paper_province().pk, "Bioekonomi", None, "")
    assert set(exc.value.errors) == {"consent_date", "consent_how"}


def test_a_referral_goes_to_another_organisation(anna, company):
    own = Organisation.objects.get(slug="iuc-dalarna")
    with pytest.raises(InvalidData) as exc:
        referrals.create_referral(anna, company.pk, own.pk, "x", datetime.date(2025, 1, 1), "muntligt")
    assert "another organisation" in exc.value.errors["to_organisation"]


def test_full_lifecycle_with_mail_on_every_transition(
    anna, cecilia, company, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = referrals.create_referral(
            anna,
            company.pk,
            paper_province().pk,
            "Bioekonomi",
            datetime.date(2025, 3, 1),
            "muntligt vid mötet",
        )
    assert [m.to for m in mailoutbox] == [["cecilia@example.invalid"]]
    assert "IUC Dalarna" in mailoutbox[0].subject and company.name in mailoutbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        referrals.transition(cecilia, referral.pk, "accept", "Vi tar det")
    # Mail goes out in the platform language (Swedish by default): compare with the translated status label.
    assert (
        mailoutbox[1].to == ["anna@example.invalid"]
        and str(ReferralStatus.ACCEPTED.label).lower() in mailoutbox[1].subject.lower()
    )

    with django_capture_on_commit_callbacks(execute=True):
        referrals.transition(cecilia, referral.pk, "complete", "Analys genomförd")
    assert (
        len(mailoutbox) == 3 and str(ReferralStatus.COMPLETED.label).lower() in mailoutbox[2].subject.lower()
    )
    with unscoped():
        done = Referral.objects.get(pk=referral.pk)
    assert done.status == "completed" and done.outcome == "Analys genomförd" and done.handled_by == cecilia
    actions = list(
        AuditEntry.objects.filter(object_type="companies.Referral")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "accept", "complete"]


def test_only_the_receiving_organisation_answers(anna, bertil, lisa, referral):
    for user in (anna, bertil):  # the sending organisation sees it but may not answer it
        with pytest.raises(Forbidden):
            referrals.transition(user, referral.pk, "accept")
    with pytest.raises(Referral.DoesNotExist):  # an uninvolved organisation does not even see it
        referrals.transition(lisa, referral.pk, "accept")


def test_the_status_flow_is_enforced(cecilia, referral):
    with pytest.raises(InvalidData):
        referrals.transition(cecilia, referral.pk, "complete", "too early")
    referrals.transition(cecilia, referral.pk, "decline", "Utanför uppdraget")
    with pytest.raises(InvalidData):
        referrals.transition(cecilia, referral.pk, "accept")


def test_completing_needs_an_outcome(cecilia, referral):
    referrals.transition(cecilia, referral.pk, "accept")
    with pytest.raises(InvalidData) as exc:
        referrals.transition(cecilia, referral.pk, "complete", "  ")
    assert "outcome" in exc.value.errors


def test_reminders_with_frozen_time_are_sent_once_per_period(anna, cecilia, company, frozen_time, mailoutbox):
    referral = referrals.create_referral(
        anna, company.pk, paper_province().pk, "Bioekonomi", datetime.date(2025, 3, 1), "muntligt"
    )
    mailoutbox.clear()
    frozen_time.shift(datetime.timedelta(days=6, hours=23))
    call_command("send_reminders", "--days", "7")
    assert mailoutbox == []
    frozen_time.shift(datetime.timedelta(hours=1))
    call_command("send_reminders", "--days", "7")
    call_command("send_reminders", "--days", "7")  # a second run the same day sends nothing more
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["cecilia@example.invalid"]
    assert "Reminder" in mailoutbox[0].subject
    frozen_time.shift(datetime.timedelta(days=7))
    assert referrals.send_reminders(days=7) == [referral.pk]
    assert len(mailoutbox) == 2


def test_no_reminder_once_someone_acted(anna, cecilia, referral, frozen_time, mailoutbox):
    referrals.transition(cecilia, referral.pk, "accept")
    frozen_time.shift(datetime.timedelta(days=30))
    assert referrals.send_reminders(days=7) == []
    assert mailoutbox == []
