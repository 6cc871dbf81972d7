"""Economy services: footprint of an area's industry and scenarios, on the platform's data.

Views, API and commands call these functions only, with plain values (area, industries, year, region
set, changes). The choices are validated with messages listing the valid choices (:mod:`.choices`), the
multi-regional model is built from :mod:`spets.economy.inputs` and cached per (year, data version,
region set) in this process (:mod:`.model`), and :mod:`.effects` computes footprints and scenarios.

Errors are :class:`~spets.economy.errors.InvalidChoice` (a choice the model cannot answer; the API
answers 422) and :class:`~spets.economy.errors.MissingInputs` (statistics not loaded; 503).
"""

from spets.economy.errors import EconomyError, InvalidChoice, MissingInputs
from spets.economy.footprint import SCOPES
from spets.economy.services.choices import (
    DEFAULT_INDUSTRY,
    DEFAULT_REGIONS,
    DEFAULT_SCOPE,
    REGION_SETS,
    SCENARIO_SCOPE,
    Area,
    ChangeSpec,
    area_choices,
    check_regions,
    check_scope,
    check_year,
    default_year,
    industry_choices,
    industry_scope,
    parse_area,
    parse_change,
    parse_industries,
    region_choices,
    table,
    valid_years,
)
from spets.economy.services.effects import footprint, scenario
from spets.economy.services.listing import model_inputs
from spets.economy.services.model import Built, clear_cache, data_key, model_for

__all__ = [
    "DEFAULT_INDUSTRY",
    "DEFAULT_REGIONS",
    "DEFAULT_SCOPE",
    "SCENARIO_SCOPE",
    "REGION_SETS",
    "Area",
    "Built",
    "ChangeSpec",
    "EconomyError",
    "InvalidChoice",
    "MissingInputs",
    "area_choices",
    "check_regions",
    "check_scope",
    "check_year",
    "clear_cache",
    "data_key",
    "default_year",
    "footprint",
    "industry_choices",
    "industry_scope",
    "model_for",
    "model_inputs",
    "SCOPES",
    "parse_area",
    "parse_change",
    "parse_industries",
    "region_choices",
    "scenario",
    "table",
    "valid_years",
]
