"""Test settings: the real settings in demo mode with a throw-away data directory per test process.

The database comes from SPETS_DATABASE_URL like in production (unset = SQLite, in memory for tests).

Parallel runs (pytest-xdist, `pytest -n auto`): every worker is its own process and imports this module
itself, so each gets its own data directory, named after the worker (PYTEST_XDIST_WORKER=gw0, gw1, ...).
Everything the application keeps on disk lives there: the statistics store (DATA_DIR/stats.duckdb, whose
DuckDB write lock is per file and would block the other workers), its API cache (stats-cache/), pending
imports (imports/), the generated secret key, STATIC_ROOT and MEDIA_ROOT. The directory is always new:
an inherited SPETS_DATA_DIR (the controller sets one before it starts its workers, a developer may have
one exported for the dev server) is replaced, so tests never write into a real data directory.
Caches are Django's default per-process local memory; the SQLite test database is in memory (per
process) and pytest-django gives each worker its own PostgreSQL test database (suffix _gw0, _gw1, ...).
"""

import atexit
import os
import shutil
import tempfile

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
os.environ["SPETS_DATA_DIR"] = tempfile.mkdtemp(prefix=f"spets-test-{WORKER}-")
atexit.register(shutil.rmtree, os.environ["SPETS_DATA_DIR"], ignore_errors=True)
os.environ.setdefault("SPETS_DEMO", "1")

from spets.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; tests only
MEDIA_ROOT = DATA_DIR / "media"  # noqa: F405  (nothing uploads to storage today; keep it per worker)

if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # A test database per run, so parallel runs on one server (developers, CI) never collide;
    # pytest-django appends the xdist worker id (test_spets_<pid>_gw0, ...).
    DATABASES["default"]["TEST"] = {"NAME": f"test_spets_{os.getpid()}"}  # noqa: F405
