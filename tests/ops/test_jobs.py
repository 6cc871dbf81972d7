"""Scheduled jobs: listed in one place, run when due, claimed so two servers never run one twice."""

import datetime

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.utils import timezone

from spets.ops import jobs
from spets.ops.models import JobRun

NOW = datetime.datetime(2026, 3, 2, 3, 0, tzinfo=datetime.UTC)


def test_every_job_is_a_command_that_exists():
    assert {"clearsessions", "send_reminders", "apply_retention"} <= {j.command for j in jobs.JOBS}
    assert {j.command for j in jobs.JOBS} <= set(get_commands())


@pytest.mark.django_db
def test_due_jobs_run_once_and_again_when_their_interval_has_passed():
    first = jobs.run_due(NOW)
    assert sorted(r.name for r in first) == sorted(j.name for j in jobs.JOBS)
    assert all(r.ok and r.finished for r in first), [(r.name, r.output) for r in first]
    assert jobs.run_due(NOW + datetime.timedelta(hours=1)) == []
    later = jobs.run_due(NOW + datetime.timedelta(days=1, minutes=1))
    assert {r.name for r in later} == {j.name for j in jobs.JOBS if j.every <= datetime.timedelta(days=1)}


@pytest.mark.django_db
def test_a_running_job_is_not_started_by_a_second_server_and_a_dead_claim_expires():
    job = jobs.by_name("clearsessions")
    JobRun.objects.create(name=job.name, started=NOW, finished=None)  # another server is running it
    assert jobs.run(job, force=True, now=NOW + datetime.timedelta(minutes=5)) is None
    assert jobs.run(job, now=NOW + jobs.STALE + datetime.timedelta(minutes=1)) is not None


@pytest.mark.django_db
def test_a_failing_job_keeps_its_error_and_the_others_still_run(monkeypatch):
    broken = jobs.Job("broken", "send_reminders", ("--days", "not-a-number"), jobs.DAILY, "x")
    monkeypatch.setattr(jobs, "JOBS", (broken, jobs.by_name("clearsessions")))
    runs = {r.name: r for r in jobs.run_due(NOW)}
    assert not runs["broken"].ok and "not-a-number" in runs["broken"].output
    assert runs["clearsessions"].ok


@pytest.mark.django_db
def test_the_command_lists_runs_and_refuses_an_unknown_job(capsys):
    call_command("jobs", "run", "clearsessions")
    call_command("jobs", "list")
    out = capsys.readouterr().out
    assert "clearsessions" in out and "referral-reminders" in out
    assert JobRun.objects.get(name="clearsessions").started <= timezone.now()
    with pytest.raises(CommandError, match="clearsessions"):
        call_command("jobs", "run", "no-such-job")
