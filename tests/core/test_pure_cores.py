"""The numeric and parsing cores import nothing from Django (they are usable and testable on their own)."""

import subprocess
import sys

import pytest

from spets.core.registry import pure_module_names

# Declared on each app's AppConfig (`pure_modules`); import-linter checks the import graph, this checks
# what importing each one really loads.
PURE_CORES = pure_module_names()


@pytest.mark.parametrize("module", PURE_CORES)
def test_pure_core_imports_no_django(module):
    code = f"import sys, {module}; print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", f"{module} pulls in Django"
