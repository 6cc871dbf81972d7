"""Test settings: the real settings in demo mode with a throw-away data directory.

The database comes from SPETS_DATABASE_URL like in production (unset = SQLite, in memory for tests).
"""

import os
import tempfile

os.environ.setdefault("SPETS_DEMO", "1")
os.environ.setdefault("SPETS_DATA_DIR", tempfile.mkdtemp(prefix="spets-test-"))

from spets.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; tests only

if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # A test database per run, so parallel runs on one server (developers, CI) never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_spets_{os.getpid()}"}  # noqa: F405
