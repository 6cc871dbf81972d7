"""Read-only queries run at once, each on its own PostgreSQL connection, all in one snapshot.

A report that reads several large tables waits mostly on the database; run one after another, the
server works on one query at a time. Here each read gets a connection in a worker thread, and every
worker imports the snapshot the caller exported (`pg_export_snapshot`, as pg_dump's parallel mode does),
so together they see the register exactly as one query would: a write committed meanwhile is in none or
all of them.

Serially on the caller's connection instead when that is not PostgreSQL, or when the caller is inside a
transaction (its uncommitted rows, e.g. a test's, are invisible to other connections).
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection, transaction

_SNAPSHOT_ID = re.compile(r"^[0-9A-Fa-f-]+$")
WORKERS = os.cpu_count() or 1  # more connections than cores only contend


def possible() -> bool:
    """Whether `read_concurrently` would use several connections here."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def read_concurrently(reads: Sequence[Callable[[], Any]]) -> list[Any]:
    """The results of `reads`, in order. Each must only read, through `django.db.connection`."""
    if len(reads) < 2 or not possible():
        return [read() for read in reads]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        if not _SNAPSHOT_ID.match(snapshot):  # it goes into SQL text: SET takes no parameters
            raise RuntimeError(f"unexpected snapshot id {snapshot!r}")

        def run(read: Callable[[], Any]) -> Any:
            try:
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                        cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                    return read()
            finally:
                connection.close()  # the worker thread's own connection

        # Each worker runs in a copy of the caller's context (e.g. `core.scoping.unscoped`).
        with ThreadPoolExecutor(max_workers=min(len(reads), WORKERS)) as pool:
            futures = [pool.submit(contextvars.copy_context().run, run, read) for read in reads]
            return [f.result() for f in futures]
