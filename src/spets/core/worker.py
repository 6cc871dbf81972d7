"""The worker that runs background jobs (spets.core.background): `spets worker`, or a thread in the
demo server.

It is django-tasks-db's worker loop, plus a sign of life (WorkerBeat) every few seconds from a thread of
its own, so `/health` and the job pages can tell "waiting for a free worker" from "no worker running".
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from datetime import timedelta

from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from spets.core.models import WorkerBeat

logger = logging.getLogger(__name__)

BEAT_SECONDS = 15


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(4)}"[:64]


def beat(worker_id: str) -> None:
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id, defaults={"host": socket.gethostname()[:200], "seen_at": now}
    )
    WorkerBeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()  # workers long gone


class _Beats(threading.Thread):
    def __init__(self, worker_id: str):
        super().__init__(name="spets-worker-beat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                beat(self.worker_id)
            except Exception:  # noqa: BLE001 — a missed beat must not end the worker
                logger.warning("worker %s could not record its sign of life", self.worker_id, exc_info=True)
            self.stopped.wait(BEAT_SECONDS)
        connections.close_all()


def _worker(worker_id: str, interval: float, batch: bool) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run(*, interval: float = 1.0, batch: bool = False, signals: bool = True, stop=None) -> None:
    """Take jobs until stopped (Ctrl+C / SIGTERM finish the running job first), or until none are left
    with `batch`. `stop` (a threading.Event) ends the loop from another thread."""
    worker_id = new_worker_id()
    beats = _Beats(worker_id)
    beats.start()
    worker = _worker(worker_id, interval, batch)
    if signals:
        worker.configure_signals()
    if stop is not None:
        threading.Thread(target=_stop_when_set, args=(stop, worker), daemon=True).start()
    logger.info("background worker %s started", worker_id)
    try:
        worker.run()
    finally:
        beats.stopped.set()
        connections.close_all()


def _stop_when_set(stop: threading.Event, worker: Worker) -> None:
    stop.wait()
    worker.running = False  # the loop ends after the job it is running, or its pause


class InProcess:
    """One worker inside this process (the demo server), so the demo needs no second command."""

    def __init__(self, interval: float = 1.0):
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=run,
            kwargs={"interval": interval, "signals": False, "stop": self.stop},
            name="spets-worker",
            daemon=True,
        )
        self.thread.start()

    def close(self, wait: float = 5.0) -> None:
        self.stop.set()
        self.thread.join(wait)


def run_waiting() -> int:
    """Run every waiting job now, in this thread and on this connection (tests; no sleeping, no
    reconnecting). Returns how many ran."""
    worker_id = new_worker_id()
    worker = _worker(worker_id, 0, True)
    ran = 0
    while (job := DBTaskResult.objects.ready().first()) is not None:
        job.claim(worker_id)
        worker.run_task(job)
        ran += 1
    return ran
