"""In CI a test may not skip because an optional package (or Debian's Chromium) is missing.

`pytest.importorskip("pypdf")` keeps a developer's run green when an extra is not installed; in CI
(`CI=true`, set by .ci/run) the same skip would hide a whole feature's tests, so it is turned into a
failure that names the package. Skips for other reasons stay skips: a database choice (the SQLite run
skips what only PostgreSQL can show), a platform, a deliberate `pytest.skip(...)` with its own reason.

Pure pytest hooks without Django, imported by tests/conftest.py (and by tests/core/test_strict_skips.py,
which runs them on a throw-away test directory).
"""

from __future__ import annotations

import os
import re

import pytest

MISSING = re.compile(
    r"could not import '|No module named|has __version__ .*, required is|not installed|/usr/bin/chromium",
    re.IGNORECASE,
)
HINT = (
    "CI=true: a test may not skip because a package is missing. Install the test extras "
    "(make install-dev: pip install -e '.[dev,browser,iocompare]') and Debian's chromium (make system-packages)."
)


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def missing_package(report) -> str | None:
    """The skip reason when `report` is a skip for a missing package, else None."""
    if not report.skipped or hasattr(report, "wasxfail"):
        return None
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return reason if MISSING.search(reason) else None


def _fail(report) -> None:
    reason = missing_package(report)
    if reason is not None and in_ci():
        report.outcome = "failed"
        report.longrepr = f"{reason.removeprefix('Skipped: ')}\n{HINT}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A skip in setup or call (importorskip in a fixture or a test body)."""
    report = yield
    _fail(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    """A module-level `pytest.importorskip(...)`: the module is skipped at collection."""
    report = yield
    _fail(report)
    return report
