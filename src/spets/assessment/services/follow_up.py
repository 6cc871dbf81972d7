"""Follow-ups (T1 after T0, T2 after T1) and the reminders e-mailed to advisors before they are due."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from spets.assessment.frameworks import load_framework
from spets.assessment.models import Assessment, Respondent, Round, Status
from spets.assessment.services.assessments import writable_assessment
from spets.core.audit import log_action
from spets.core.dates import add_months
from spets.core.errors import InvalidData
from spets.core.models import Role, User
from spets.core.scoping import unscoped

FOLLOW_UP_MONTHS = 6
REMINDER_LEAD_DAYS = 14


def schedule_follow_up(
    user, assessment_id: int, months: int = FOLLOW_UP_MONTHS, mode: str | None = None
) -> Assessment:
    """Plan the next round (T1 after T0, T2 after T1) `months` after the baseline was completed."""
    base = writable_assessment(user, assessment_id)
    if not base.completed:
        raise InvalidData({"assessment": "complete the assessment before planning a follow-up"})
    if not 1 <= months <= 36:
        raise InvalidData({"months": f"a follow-up is 1–36 months later, not {months}"})
    t0 = base.follows if base.follows_id else base
    taken = set(Assessment.objects.for_user(user).filter(follows=t0).values_list("round", flat=True))
    next_round = next((r for r in (Round.T1, Round.T2) if r not in taken), None)
    if next_round is None:
        raise InvalidData({"round": "T1 and T2 are already planned for this baseline"})
    fw = load_framework(base.framework)
    day = add_months(timezone.localtime(base.completed_at).date(), months)
    with transaction.atomic():
        follow = Assessment(
            company_id=base.company_id,
            framework=base.framework,
            framework_id=fw.id,
            framework_version=fw.version,
            method_version=fw.method_version,
            round=next_round,
            mode=mode or base.mode,
            status=Status.PLANNED,
            follows=t0,
            scheduled_for=day,
            organisation_id=user.organisation_id or base.organisation_id,
            created_by=user,
        )
        follow.save()
        with unscoped():
            for r in Respondent.objects.filter(assessment=t0):
                Respondent(assessment=follow, name=r.name, role=r.role, position=r.position).save()
        log_action(
            user,
            "create",
            follow,
            company_id=base.company_id,
            changes={"round": next_round, "scheduled_for": day.isoformat(), "follows": t0.pk},
        )
    return follow


def due_for_reminder(today: datetime.date, lead_days: int = REMINDER_LEAD_DAYS):
    return Assessment.objects.filter(
        status=Status.PLANNED,
        reminder_sent_at__isnull=True,
        scheduled_for__isnull=False,
        scheduled_for__lte=today + datetime.timedelta(days=lead_days),
    ).select_related("company", "created_by", "organisation")


def send_reminders(lead_days: int = REMINDER_LEAD_DAYS, base_url: str | None = None) -> list[int]:
    """E-mail the advisor who planned each follow-up due within `lead_days`, with a link to it (absolute
    with `base_url`; None: settings.BASE_URL). Idempotent: a reminder is claimed with a conditional update
    before it is sent, so reruns and parallel runs send it once."""
    site = (settings.BASE_URL if base_url is None else base_url).rstrip("/")
    today = timezone.localdate()
    sent = []
    with unscoped():
        for a in list(due_for_reminder(today, lead_days)):
            recipients = (
                [a.created_by.email]
                if a.created_by and a.created_by.email
                else list(
                    User.objects.filter(organisation_id=a.organisation_id, role=Role.ADVISOR, is_active=True)
                    .exclude(email="")
                    .values_list("email", flat=True)
                )
            )
            if not recipients:
                continue
            url = f"{site}{reverse('assessment:detail', args=[a.pk])}"
            with transaction.atomic():
                claimed = Assessment.objects.filter(pk=a.pk, reminder_sent_at__isnull=True).update(
                    reminder_sent_at=timezone.now()
                )
                if not claimed:
                    continue
                send_mail(
                    f"[Spets] {a.round}: {a.company.name} {a.scheduled_for:%Y-%m-%d}",
                    f"Uppföljande bedömning {a.round} av {a.company.name} ({a.framework_id}) är planerad "
                    f"till {a.scheduled_for:%Y-%m-%d}.\n\nFollow-up assessment {a.round} of "
                    f"{a.company.name} is due on {a.scheduled_for:%Y-%m-%d}.\n\n{url}",
                    settings.DEFAULT_FROM_EMAIL,
                    recipients,
                )
                log_action(None, "remind", a, company_id=a.company_id, changes={"to": recipients})
            sent.append(a.pk)
    return sent
