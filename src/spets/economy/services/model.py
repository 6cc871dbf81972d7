"""The multi-regional model on the platform's data, built once per (year, region set, data version).

The model is built from :mod:`spets.economy.inputs` and kept in this process, so that a programme-area
scenario answers in milliseconds once the model is warm; new statistics or register data give a new key
and so a new model.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from spets.economy import inputs
from spets.economy.errors import MissingInputs
from spets.economy.footprint import Assumptions, EconomyModel, FootprintResult, footprint
from spets.economy.io import IOTableError
from spets.economy.services.active_table import table_key
from spets.economy.services.choices import (
    DEFAULT_INDUSTRY,
    DEFAULT_REGIONS,
    check_regions,
    check_year,
    parse_industries,
    table,
)
from spets.economy.tax import TaxParameterError


@dataclass
class Built:
    model: EconomyModel
    inputs: inputs.ModelInputs
    key: tuple
    build_ms: float
    _baselines: dict[str, FootprintResult] = field(default_factory=dict, repr=False)

    def baseline(self, scope: str = "services") -> FootprintResult:
        """The programme area's B+C footprint in ``scope`` (baseline of scenarios), computed once per
        model and scope."""
        if scope not in self._baselines:
            if self._baselines:
                self._baselines[scope] = next(iter(self._baselines.values())).rescoped(scope)
            else:
                inds = parse_industries(DEFAULT_INDUSTRY)
                self._baselines[scope] = footprint(
                    self.model, "programme", self.inputs.programme, inds, scope
                )
        return self._baselines[scope]


_models: dict[tuple, Built] = {}
_lock = threading.Lock()


def data_key(year: int, regions: str = DEFAULT_REGIONS) -> tuple:
    """(year, region set, statistics file identity, register B/C signature, table name and checksum):
    changes when the inputs change."""
    return (year, regions, inputs.store_signature(), inputs.register_signature(), table_key())


def model_for(year: int | str | None = None, regions: str | None = DEFAULT_REGIONS) -> Built:
    """The model for ``year`` and the region set on the current data, built once and then served from
    memory."""
    y = check_year(year)
    r = check_regions(regions)
    key = data_key(y, r)
    built = _models.get(key)
    if built is not None:
        return built
    with _lock:
        built = _models.get(key)
        if built is None:
            start = time.perf_counter()
            try:
                model_inputs = inputs.build_inputs(table(), y, r)  # InputError: missing inputs already
                model = EconomyModel(model_inputs.geography, table(), Assumptions(year=y))
            except (IOTableError, TaxParameterError) as exc:
                raise MissingInputs(str(exc)) from None
            built = Built(model, model_inputs, key, (time.perf_counter() - start) * 1000)
            for old in [k for k in _models if k[:2] == (y, r) or k[-1] != key[-1]]:
                del _models[old]  # one model per (year, region set) and table: older data versions are dead
            _models[key] = built
    return built


def clear_cache() -> None:
    with _lock:
        _models.clear()
