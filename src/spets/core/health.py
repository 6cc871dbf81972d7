"""`/health` for a load balancer or monitor: the database, its migrations, the background-job queue
(spets.core.background: fails when a job has waited five minutes for a worker) and each app's own check.

An app takes part by naming `health_check` on its AppConfig: the dotted path of a function returning
{"ok": bool, ...short facts}; an exception counts as not ok. Answers never carry paths or messages
that would help an attacker, only what failed.
"""

from __future__ import annotations

import time

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.module_loading import import_string

from spets.core.registry import spets_apps

MIGRATIONS_CACHE_SECONDS = 60  # reading the migration graph costs ~0.1 s: not on every probe
_migrations_checked: dict[str, float | bool] = {"at": 0.0, "ok": False}


def _database() -> dict:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def _migrations() -> dict:
    now = time.monotonic()
    if now - float(_migrations_checked["at"]) > MIGRATIONS_CACHE_SECONDS or not _migrations_checked["ok"]:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        _migrations_checked.update(at=now, ok=not pending)
    return {"ok": bool(_migrations_checked["ok"])}


def _task_queue() -> dict:
    from spets.core.background import health  # django-tasks' models: only once the apps are loaded

    return health()


def checks() -> dict[str, dict]:
    found: dict[str, dict] = {}
    named = [("database", _database), ("migrations", _migrations), ("task_queue", _task_queue)] + [
        (config.label, import_string(config.health_check))
        for config in spets_apps()
        if getattr(config, "health_check", None)
    ]
    for name, check in named:
        try:
            found[name] = check()
        except Exception:  # noqa: BLE001 — a failing dependency is the answer, not an error of the probe
            found[name] = {"ok": False}
    return found
