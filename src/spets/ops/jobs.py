"""Every periodic job in one place, run by one command: `spets jobs run-due` (from cron or a systemd
timer, say every 15 minutes). A job is a management command with its arguments and how often it runs;
a run is claimed in the database first, so two app servers never run the same job at the same time.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spets.ops.models import JobRun

STALE = datetime.timedelta(hours=6)  # a claim older than this belongs to a run that died


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    args: tuple[str, ...]
    every: datetime.timedelta
    what: str


DAILY = datetime.timedelta(days=1)
HOURLY = datetime.timedelta(hours=1)

JOBS = (
    Job("clearsessions", "clearsessions", (), DAILY, _("removes expired log-in sessions")),
    Job("referral-reminders", "send_reminders", ("--days", "7"), DAILY, _("reminds of unanswered referrals")),
    Job(
        "assessment-reminders",
        "send_assessment_reminders",
        ("--days", "14"),
        DAILY,
        _("reminds advisors of planned follow-up assessments"),
    ),
    Job("retention", "apply_retention", (), DAILY, _("anonymises contacts whose retention period has ended")),
    Job(
        "background-job-results",
        "prune_db_task_results",  # django-tasks-db's own command; waiting and running jobs are kept
        ("--min-age-days", "14"),
        DAILY,
        _("removes finished background jobs (imports) older than 14 days"),
    ),
    Job(
        "event-reminders",
        "events",
        ("remind", "--hours", "36"),  # daily: each participant reminded 12–36 hours ahead
        DAILY,
        _("reminds participants of events starting within a day and a half"),
    ),
)


def by_name(name: str) -> Job:
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)


def due(now: datetime.datetime | None = None) -> list[Job]:
    now = now or timezone.now()
    last = {r.name: r for r in JobRun.objects.all()}
    return [
        j
        for j in JOBS
        if j.name not in last or not last[j.name].started or now - last[j.name].started >= j.every
    ]


def _claim(job: Job, now: datetime.datetime, force: bool) -> bool:
    """Mark the job started unless another server holds a fresh claim or (without force) it is not due."""
    JobRun.objects.get_or_create(name=job.name)
    free = Q(finished__isnull=False) | Q(started__isnull=True) | Q(started__lt=now - STALE)
    if not force:
        free &= Q(started__isnull=True) | Q(started__lte=now - job.every) | Q(started__lt=now - STALE)
    with transaction.atomic():
        claimed = JobRun.objects.filter(free, name=job.name).update(started=now, finished=None)
    return claimed == 1


def run(job: Job, *, force: bool = False, now: datetime.datetime | None = None) -> JobRun | None:
    """Run one job if it can be claimed; the run's output and outcome are kept. None: not claimed."""
    now = now or timezone.now()
    if not _claim(job, now, force):
        return None
    out = io.StringIO()
    ok = True
    try:
        call_command(job.command, *job.args, stdout=out, stderr=out)
    except Exception as exc:  # noqa: BLE001 — one failing job must not stop the others; its error is kept
        ok = False
        out.write(f"{type(exc).__name__}: {exc}")
    JobRun.objects.filter(name=job.name).update(finished=timezone.now(), ok=ok, output=out.getvalue()[-4000:])
    return JobRun.objects.get(name=job.name)


def run_due(now: datetime.datetime | None = None) -> list[JobRun]:
    return [r for job in due(now) if (r := run(job, now=now)) is not None]
