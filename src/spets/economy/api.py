"""Economy API at /api/economy/: footprint and scenario (statistics; every logged-in role may use it).

Input is validated by the schemas; choices the model cannot answer (unknown area, industry, year,
municipality) raise :class:`~spets.economy.errors.InvalidChoice`, which the API answers 422 in the same
shape as schema errors, naming the field and the valid choices; missing statistics raise
:class:`~spets.economy.errors.MissingInputs` (503, saying what to run).
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Query, Router, Schema
from pydantic import field_validator, model_validator

from spets.economy import services
from spets.economy.permissions import require_footprint

router = Router(tags=["economy"])
REGIONS_HELP = (
    "model regions: programme (41 programme municipalities + rest of Sweden, default) | "
    "sweden (all 290 municipalities)"
)


SCOPE_HELP = (
    "effect scope of the headline figures: direct | services (direct + indirect in bought services SNI H, J, "
    "M, N; footprint default) | type1 (+ all suppliers) | type2 (+ household spending; scenario default)"
)


class FootprintQuery(Schema):
    area: str = Field("programme", description="programme | county:20 | kommun:2081")
    industry: str = Field(
        services.DEFAULT_INDUSTRY, description="SNI 2007 sections or divisions, e.g. B,C or 24"
    )
    year: int | None = Field(None, description="income year (default: latest with tax parameters)")
    regions: str = Field(services.DEFAULT_REGIONS, description=REGIONS_HELP)
    scope: str = Field(services.DEFAULT_SCOPE, description=SCOPE_HELP)


class ChangeIn(Schema):
    municipality: str = Field(..., description="4-digit kommun code (or REST for the rest of Sweden)")
    sni: str = Field(..., description="SNI 2007 division (e.g. 24) or model industry (e.g. C24)")
    jobs: float = Field(0.0, description="change in jobs (persons, + or −)")
    final_demand_msek: float = Field(0.0, description="change in final demand, MSEK per year")

    @field_validator("municipality")
    @classmethod
    def _code(cls, v: str) -> str:
        v = v.strip()
        if not (v.isdigit() and len(v) == 4) and v.upper() != "REST":
            raise ValueError(f"municipality must be a 4-digit kommun code or REST, got {v!r}")
        return v

    @model_validator(mode="after")
    def _something(self) -> ChangeIn:
        if not self.jobs and not self.final_demand_msek:
            raise ValueError("a change needs jobs or final_demand_msek different from 0")
        return self


class ScenarioIn(Schema):
    changes: list[ChangeIn] = Field(..., min_length=1, max_length=50)
    year: int | None = None
    area: str = Field("programme", description="area of interest for in/out labels")
    draws: int = Field(0, ge=0, le=500, description="Monte Carlo draws for sensitivity intervals")
    regions: str = Field(services.DEFAULT_REGIONS, description=REGIONS_HELP)
    scope: str = Field(services.SCENARIO_SCOPE, description=SCOPE_HELP)


@router.get("/footprint", response=dict[str, Any], summary="Footprint of an area's industry")
def footprint(request, q: Query[FootprintQuery]):
    require_footprint(request.user)
    return services.footprint(q.area, q.industry, q.year, q.regions, scope=q.scope)


@router.post("/scenario", response=dict[str, Any], summary="Effects of a scenario in every municipality")
def scenario(request, body: ScenarioIn):
    require_footprint(request.user)
    changes = [services.ChangeSpec(c.municipality, c.sni, c.jobs, c.final_demand_msek) for c in body.changes]
    return services.scenario(
        changes, body.year, body.area, draws=body.draws, regions=body.regions, scope=body.scope
    )
