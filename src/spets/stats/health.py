"""The statistics store's part of `/health` (core.health): readable, or busy with an import."""

from __future__ import annotations

import os

from django.conf import settings

from spets.stats import services


def check() -> dict:
    if not os.path.exists(settings.STATS_STORE_PATH):
        return {"ok": True, "cubes": 0}  # nothing imported yet is a state, not a fault
    try:
        return {"ok": True, "cubes": len(services.store().cubes())}
    except services.StoreBusy:
        return {"ok": True, "busy": True}  # an import is writing; readers wait for it
    finally:
        services.close_store()
