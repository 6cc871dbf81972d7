"""The background-job queue: `spets worker` runs what is queued, and /health reports the queue."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from spets.core import background, worker

COUNT = "tests.core.test_background_jobs.count_to"


def count_to(progress: background.Progress, *, upto: int) -> int:
    """A job for these tests: counts, reporting each step."""
    for done in range(1, upto + 1):
        progress.step(done, upto)
    return upto


@pytest.fixture
def counting_allowed(monkeypatch):
    monkeypatch.setattr(background, "FUNCTIONS_FROM", ("spets.", "tests.core.test_background_jobs."))


def test_only_functions_of_spets_itself_run_as_jobs(anna):
    job_id = background.start(COUNT, user=anna, arguments={"upto": 3})
    worker.run_waiting()
    assert DBTaskResult.objects.get().status == "FAILED"
    assert background.get(job_id, anna).state == "failed"


def test_a_job_waits_its_turn_and_its_outcome_is_kept_for_its_page(anna, bertil, counting_allowed):
    first = background.start(COUNT, user=anna, arguments={"upto": 3}, total=3)
    second = background.start(COUNT, user=bertil, arguments={"upto": 5}, total=5)
    assert background.get(second, bertil).ahead == 1 and background.get(first, anna).ahead == 0
    assert worker.run_waiting() == 2
    assert worker.run_waiting() == 0  # nothing runs twice
    done = background.get(second, anna)  # a colleague of the same organisation may look
    assert (done.state, done.value, done.done, done.total) == ("done", 5, 5, 5)
    assert not done.started_by_user


@pytest.mark.django_db(transaction=True)
def test_spets_worker_batch_takes_the_waiting_jobs_and_stops(anna, monkeypatch, counting_allowed):
    monkeypatch.setattr(Worker, "configure_signals", lambda self: None)  # keep pytest's own Ctrl+C
    ids = {background.start(COUNT, user=anna, arguments={"upto": n}) for n in (2, 4)}
    call_command("worker", "--batch")
    assert {str(row.id): row.status for row in DBTaskResult.objects.all()} == dict.fromkeys(ids, "SUCCESSFUL")
    assert sorted(background.get(i, anna).value for i in ids) == [2, 4]


def test_health_reports_the_queue(client, anna, frozen_time):
    answer = client.get("/health").json()
    assert answer["checks"]["task_queue"] == {
        "ok": True,
        "waiting": 0,
        "oldest_waiting_s": None,
        "worker_seen_s": None,
    }
    background.start(COUNT, user=anna, arguments={"upto": 1})
    worker.beat("worker-1")
    frozen_time.shift(datetime.timedelta(seconds=30))
    queue = client.get("/health").json()["checks"]["task_queue"]
    assert queue == {"ok": True, "waiting": 1, "oldest_waiting_s": 30, "worker_seen_s": 30}


def test_health_fails_when_a_job_has_waited_five_minutes(client, anna, frozen_time):
    background.start(COUNT, user=anna, arguments={"upto": 1})
    frozen_time.shift(datetime.timedelta(minutes=6))
    response = client.get("/health")
    assert response.status_code == 503
    queue = response.json()["checks"]["task_queue"]
    assert queue["ok"] is False and queue["oldest_waiting_s"] == 360 and queue["worker_seen_s"] is None


def test_the_daily_jobs_remove_finished_jobs_after_two_weeks_and_keep_waiting_ones(anna, counting_allowed):
    from spets.ops import jobs

    old = background.start(COUNT, user=anna, arguments={"upto": 1})
    worker.run_waiting()
    waiting = background.start(COUNT, user=anna, arguments={"upto": 1})
    DBTaskResult.objects.filter(id=old).update(
        finished_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=15)
    )
    [result] = [
        r for r in jobs.run_due(datetime.datetime.now(datetime.UTC)) if r.name == "background-job-results"
    ]
    assert result.ok, result.output
    assert [str(i) for i in DBTaskResult.objects.values_list("id", flat=True)] == [waiting]
