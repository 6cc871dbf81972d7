"""Background jobs: work too long for a request, run by `spets worker` from a queue in the database.

The queue is django-tasks (Django 6's Tasks, backported) with its database backend (django-tasks-db): one
table, no broker. Every job goes through `run_job`, which adds what the pages need:

- an owner (the user who started it and their organisation): `get()` shows a job to them only;
- progress (rows done of a total) in a small file in DATA_DIR/jobs, because the work may run inside one
  long transaction whose writes no other connection sees before it commits;
- a time limit: `Progress.step()` raises TimeLimitExceeded once it has passed, so work done in one
  transaction is rolled back whole;
- an outcome to show: done (with a value), failed (a message for the user, never a server path or a
  traceback: those stay in the task row for the administrator) or timed out.

An app starts a job with `start("spets.app.module.function", user=…, arguments={…})`; the function takes a
`Progress` and the arguments (plain JSON values) and returns a JSON value.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from spets.core import i18n, numbers
from spets.core.models import WorkerBeat

logger = logging.getLogger(__name__)

WORKER_GONE_SECONDS = 120  # no sign of life for this long: no worker is taking jobs
STALE_WAITING_SECONDS = 300  # /health fails when a job has waited this long
GRACE_SECONDS = 60  # a job still "running" this long past its limit died with its worker
FUNCTIONS_FROM = ("spets.",)  # a job names its function by path: only ours, whatever is in the table


class JobFailed(Exception):
    """The job cannot go on; the message is shown to the user as it is (say which row)."""


class TimeLimitExceeded(Exception):
    """The job ran past its time limit."""


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _progress_path(job_id: str) -> Path:
    return _folder() / f"{job_id}.json"


def _write_progress(job_id: str, done: int, total: int | None) -> None:
    path = _progress_path(job_id)
    spare = path.with_suffix(".tmp")
    spare.write_text(json.dumps({"done": done, "total": total}))
    os.replace(spare, path)  # a reader never sees half a file


def _read_progress(job_id: str) -> dict:
    try:
        return json.loads(_progress_path(job_id).read_text())
    except (OSError, ValueError):
        return {}


class Progress:
    """Handed to a job's function: report rows done with `step()`, which also enforces the time limit."""

    def __init__(self, job_id: str, total: int | None, limit_seconds: int):
        self.job_id = job_id
        self.total = total
        self.done = 0
        self.deadline = time.time() + limit_seconds

    def step(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        _write_progress(self.job_id, self.done, self.total)
        if time.time() > self.deadline:
            raise TimeLimitExceeded


@task(takes_context=True)
def run_job(
    context: TaskContext,
    function: str,
    owner: dict,
    arguments: dict,
    total: int | None,
    limit_seconds: int,
    language: str,
) -> dict:
    """The one task on the queue: run `function` with a Progress and turn its end into an outcome."""
    if not function.startswith(FUNCTIONS_FROM):
        raise ValueError("only Spets functions run as jobs")
    work = import_string(function)
    job_id = str(context.task_result.id)
    progress = Progress(job_id, total, limit_seconds)
    with translation.override(language):  # messages in the language of the page that started it
        try:
            outcome = {"state": "done", "value": work(progress, **arguments)}
        except TimeLimitExceeded:
            outcome = {"state": "timed_out"}
        except JobFailed as exc:
            outcome = {"state": "failed", "message": str(exc)}
    _progress_path(job_id).unlink(missing_ok=True)
    return {**outcome, "done": progress.done, "total": progress.total}


def start(function: str, *, user, arguments: dict, total: int | None = None) -> str:
    """Queue a job for `user`; returns its id (for `get`)."""
    result = run_job.enqueue(
        function=function,
        owner={"user": user.pk, "organisation": user.organisation_id},
        arguments=arguments,
        total=total,
        limit_seconds=int(settings.JOB_TIME_LIMIT),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job_id = str(result.id)
    _write_progress(job_id, 0, total)
    return job_id


@dataclass
class Job:
    """What a page shows of a job."""

    id: str
    state: str  # waiting | running | done | failed | timed_out
    done: int
    total: int | None
    limit_seconds: int
    started_by_user: bool  # False: a colleague of the same organisation is looking
    arguments: dict = field(default_factory=dict)
    message: str = ""
    value: Any = None
    ahead: int = 0  # jobs waiting before this one
    worker_seen: bool = True

    @property
    def finished(self) -> bool:
        return self.state in {"done", "failed", "timed_out"}

    @property
    def limit_minutes(self) -> int:
        return max(1, round(self.limit_seconds / 60))


def _visible_row(job_id: str, user) -> DBTaskResult:
    try:
        row = DBTaskResult.objects.get(id=job_id, task_path=run_job.module_path)
    except (ValidationError, ValueError):  # not a job id at all
        raise ObjectDoesNotExist from None
    owner = row.args_kwargs["kwargs"]["owner"]
    same_organisation = user.organisation_id is not None and owner["organisation"] == user.organisation_id
    if owner["user"] != user.pk and not same_organisation:
        raise ObjectDoesNotExist  # someone else's job does not exist for this user
    return row


def get(job_id: str, user) -> Job:
    """The job as `user` may see it: the user who started it or their organisation; else DoesNotExist."""
    row = _visible_row(job_id, user)
    kwargs = row.args_kwargs["kwargs"]
    job = Job(
        id=str(row.id),
        state="waiting",
        done=0,
        total=kwargs["total"],
        limit_seconds=kwargs["limit_seconds"],
        started_by_user=kwargs["owner"]["user"] == user.pk,
        arguments=kwargs["arguments"],
    )
    if row.status == TaskResultStatus.SUCCESSFUL:
        outcome = row.return_value or {}
        job.state = outcome.get("state", "failed")
        job.message, job.value = outcome.get("message", ""), outcome.get("value")
        job.done, job.total = outcome.get("done", 0), outcome.get("total", job.total)
        return job
    progress = _read_progress(job.id)
    job.done, job.total = progress.get("done", 0), progress.get("total", job.total)
    if row.status == TaskResultStatus.FAILED:
        job.state = "failed"
        job.message = _(
            "The job stopped because of an error on the server after %(done)s rows; nothing was written. "
            "The administrator can see the details."
        ) % {"done": numbers.count(job.done, i18n.active_language())}
    elif row.status == TaskResultStatus.RUNNING:
        late = row.started_at and timezone.now() > row.started_at + timedelta(
            seconds=job.limit_seconds + GRACE_SECONDS
        )
        job.state = "timed_out" if late else "running"
    else:
        job.ahead = DBTaskResult.objects.ready().filter(enqueued_at__lt=row.enqueued_at).count()
        job.worker_seen = worker_seen_seconds() is not None
    return job


def worker_seen_seconds() -> int | None:
    """Seconds since a worker last showed life, or None when none has within WORKER_GONE_SECONDS."""
    seen = WorkerBeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if seen is None:
        return None
    age = int((timezone.now() - seen).total_seconds())
    return age if age <= WORKER_GONE_SECONDS else None


def health() -> dict:
    """`/health` (core.health): the queue answers and no job has waited too long for a worker."""
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    oldest_age = int((timezone.now() - oldest).total_seconds()) if oldest else None
    return {
        "ok": oldest_age is None or oldest_age < STALE_WAITING_SECONDS,
        "waiting": waiting.count(),
        "oldest_waiting_s": oldest_age,
        "worker_seen_s": worker_seen_seconds(),
    }
