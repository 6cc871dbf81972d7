"""The architecture's rules are enforced, not only written: `make lint` (import-linter with the contracts in
pyproject.toml and tools/contracts.py) fails on an upward import, a private helper imported from another
module, and Django in a pure core; and the app registry finds every app's declarations."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory):
    """A copy of the project with one violation of each rule planted."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(
        ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__", "locale", "static")
    )
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    spets = root / "src" / "spets"
    (spets / "companies" / "upward.py").write_text("from spets.assessment import models  # noqa\n")
    (spets / "geo" / "peek.py").write_text("from spets.geo.maps import _private_helper  # noqa\n")
    pure = spets / "geo" / "geometry.py"
    pure.write_text(pure.read_text() + "\nimport django  # noqa\n")
    return root


def lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is a dev dependency")
def test_lint_fails_on_an_upward_import_a_private_import_and_django_in_a_pure_core(broken_copy):
    result = lint(broken_copy)
    assert result.returncode != 0
    out = " ".join(result.stdout.split())
    assert "spets.companies is not allowed to import spets.assessment" in out
    assert "spets.companies.upward -> spets.assessment.models" in out
    assert "spets.geo.peek (l.1) imports _private_helper from spets.geo.maps" in out
    assert "spets.geo.geometry -> django" in out


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is a dev dependency")
def test_the_project_itself_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout


def test_the_registry_finds_each_apps_declarations():
    from spets.core.registry import demo_loaders, pure_module_names, spets_apps

    labels = [c.label for c in spets_apps()]
    assert labels[:2] == ["core", "geo"] and "site" in labels
    assert demo_loaders()[0] == "spets.core.demo"
    assert demo_loaders().index("spets.companies.demo") < demo_loaders().index("spets.assessment.demo")
    assert "spets.economy.io" in pure_module_names() and "spets.geo.geometry" in pure_module_names()
