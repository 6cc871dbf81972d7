"""In CI a skip for a missing package fails the run; other skips (a database choice) stay skips.

Runs the hooks of tests/strict_skips.py on a throw-away test directory in a child pytest (no Django).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TESTS = """
import pytest


@pytest.fixture
def browser():
    return pytest.importorskip("spets_no_such_browser_package")


def test_in_a_test_body():
    pytest.importorskip("spets_no_such_package")


def test_in_a_fixture(browser):
    pass


def test_for_a_database_choice():
    pytest.skip("in-memory SQLite cannot run two overlapping connections; covered on PostgreSQL")


def test_that_runs():
    assert True
"""
MODULE_LEVEL = """
import pytest

pytest.importorskip("spets_no_such_pdf_package")


def test_never_collected():
    pass
"""


def run(tmp_path: Path, ci: str | None, *files: tuple[str, str]) -> str:
    for name, text in [("conftest.py", "from tests.strict_skips import *  # noqa: F403\n"), *files]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *"-p no:django -p no:xdist -p no:cacheprovider -rfEs".split()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout


def counts(out: str) -> dict[str, int]:
    last = out.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|skipped|error)", last)}


def test_without_ci_a_missing_package_only_skips(tmp_path):
    out = run(tmp_path, None, ("test_cases.py", TESTS))
    assert counts(out) == {"passed": 1, "skipped": 3}, out


def test_in_ci_a_missing_package_fails_and_names_the_package(tmp_path):
    out = run(tmp_path, "true", ("test_cases.py", TESTS))
    assert counts(out) == {"passed": 1, "failed": 1, "error": 1, "skipped": 1}, out
    assert "could not import 'spets_no_such_package'" in out
    assert "could not import 'spets_no_such_browser_package'" in out
    assert "make install-dev" in out
    assert "covered on PostgreSQL" in out  # the database choice is still reported as a skip


def test_in_ci_a_module_level_importorskip_fails_at_collection(tmp_path):
    out = run(tmp_path, "true", ("test_pdf.py", MODULE_LEVEL))
    assert "1 error" in out.strip().splitlines()[-1], out
    assert "could not import 'spets_no_such_pdf_package'" in out


def test_only_ci_equal_to_true_is_strict(tmp_path):
    assert counts(run(tmp_path, "false", ("test_cases.py", TESTS))) == {"passed": 1, "skipped": 3}
