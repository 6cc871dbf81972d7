"""Fixtures of the statistics pages, API and commands: a store in tmp_path, the demo data in it."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def stats_path(db, tmp_path, settings):
    """An empty store location in tmp_path, set as settings.STATS_STORE_PATH (caches cleared)."""
    from spets.stats import atlas, services

    path = tmp_path / "stats.duckdb"
    settings.STATS_STORE_PATH = path
    services.close_store()
    atlas.geography.cache_clear()
    yield path
    services.close_store()


@pytest.fixture
def register_demo(db):
    """The companies demo (the register's synthetic workplaces), marked synthetic like `load-demo` does."""
    from spets.companies import demo as companies_demo
    from spets.core.demo import DEMO_SEED
    from spets.core.models import DataLoad
    from spets.core.scoping import unscoped

    with unscoped():
        summary = companies_demo.load(DEMO_SEED)
    DataLoad.objects.create(name="demo:companies", version=str(DEMO_SEED), synthetic=True, summary={})
    return summary


@pytest.fixture
def demo_store(stats_path, register_demo):
    """The stats demo (employment series + business cube) calibrated to the register demo."""
    from spets.core.demo import DEMO_SEED
    from spets.core.models import DataLoad
    from spets.core.scoping import unscoped
    from spets.stats import demo

    with unscoped():
        summary = demo.load(DEMO_SEED)
    DataLoad.objects.create(name="demo:stats", version=str(DEMO_SEED), synthetic=True, summary=summary)
    return summary
