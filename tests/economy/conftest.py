"""Economy fixtures: a statistics store with the synthetic employment series for all 290 municipalities."""

from __future__ import annotations

import pytest


@pytest.fixture
def stats_store(db, tmp_path, settings):
    """A DuckDB store in tmp_path holding `employment_day_population` (stats demo cube), in settings."""
    from spets.economy import services
    from spets.geo.models import Municipality
    from spets.stats.services import close_store
    from spets.stats.store import Store
    from spets.stats.synthetic import demo_cube

    close_store()  # the stats app's shared connection must not hold another file open in write mode
    path = tmp_path / "stats.duckdb"
    munis = [(m.code, m.name, m.county_id) for m in Municipality.objects.order_by("code")]
    with Store(path) as store:
        store.import_cube(demo_cube(munis), series="employment_day_population")
    settings.STATS_STORE_PATH = path
    services.clear_cache()
    yield path
    services.clear_cache()
    close_store()
