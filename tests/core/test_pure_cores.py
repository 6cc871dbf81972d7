"""The numeric and parsing cores import nothing from Django (they are usable and testable on their own)."""

import subprocess
import sys

import pytest

PURE_CORES = [
    "spets.economy.io",
    "spets.economy.regional",
    "spets.economy.tables",
    "spets.economy.tax",
    "spets.economy.footprint",
    "spets.economy.scenario",
    "spets.stats.cube",
    "spets.stats.ops",
    "spets.stats.px",
    "spets.stats.jsonstat",
    "spets.stats.pxweb_json",
    "spets.stats.scb_csv",
    "spets.stats.clients",
    "spets.stats.catalogue",
    "spets.stats.stitch",
    "spets.stats.store",
    "spets.stats.analysis",
    "spets.assessment.frameworks",
    "spets.assessment.questions",
    "spets.assessment.scoring",
    "spets.assessment.respondents",
    "spets.assessment.ghg",
    "spets.assessment.benchmark",
    "spets.assessment.recommend",
    "spets.assessment.export",
    "spets.geo.geometry",
    "spets.companies.orgnr",
    "spets.companies.sizeclass",
]


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
