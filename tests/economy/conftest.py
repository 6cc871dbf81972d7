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


@pytest.fixture
def rates_not_bundled(monkeypatch):
    """A function taking income years whose municipal and regional rates it takes out of the bundled tax
    parameter files (as 2021-2024 were before their rates were bundled), so that the borrowing of the
    nearest year's rates and its notice can still be tested; ``keep_regions`` leaves those counties'
    regional rates in (a file bundling some regions only). The economy services' model cache is cleared
    before and after."""
    from spets.economy import services, tax

    def drop(*years: int, keep_regions: tuple[str, ...] = ()) -> None:
        data = {y: dict(d) for y, d in tax._all_years().items()}
        for y in years:
            data[y].pop("municipalities", None)
            kept = {c: r for c, r in (data[y].get("regions") or {}).items() if c in keep_regions}
            if kept:
                data[y]["regions"] = kept
            else:
                data[y].pop("regions", None)
        monkeypatch.setattr(tax, "_all_years", lambda: data)
        services.clear_cache()

    yield drop
    services.clear_cache()
