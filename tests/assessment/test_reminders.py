"""Follow-up reminders: sent once, when the follow-up is within the lead time (frozen clock)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from spets.assessment import services
from spets.assessment.models import Assessment
from spets.core.scoping import unscoped
from tests.factories import MIXED, completed


def test_reminder_is_sent_once_when_the_follow_up_is_near(frozen_time, anna, company):
    t0 = completed(anna, company.pk, MIXED)
    t1 = services.schedule_follow_up(anna, t0.pk)
    assert t1.scheduled_for == datetime.date(2025, 9, 3)
    call_command("send_assessment_reminders")
    assert mail.outbox == []  # six months away
    frozen_time.shift(datetime.timedelta(days=170))  # 2025-08-20: 14 days before
    call_command("send_assessment_reminders")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [anna.email] and company.name in mail.outbox[0].subject
    call_command("send_assessment_reminders")
    frozen_time.shift(datetime.timedelta(days=10))
    call_command("send_assessment_reminders")
    assert len(mail.outbox) == 1  # idempotent
    with unscoped():
        assert Assessment.objects.get(pk=t1.pk).reminder_sent_at is not None


def test_no_reminder_for_a_started_follow_up(frozen_time, anna, company):
    t0 = completed(anna, company.pk, MIXED)
    t1 = services.schedule_follow_up(anna, t0.pk, months=1)
    with unscoped():
        rid = t1.respondents.first().pk
    services.save_answers(anna, t1.pk, rid, {"readiness.basic": ["erp"]})  # planned -> in progress
    frozen_time.shift(datetime.timedelta(days=40))
    call_command("send_assessment_reminders")
    assert mail.outbox == []


def test_bad_lead_time_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--days"):
        call_command("send_assessment_reminders", "--days", "-3")
