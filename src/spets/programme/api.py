"""REST API of programme follow-up at /api/programme/."""

from __future__ import annotations

from ninja import Router

from spets.programme.api_deminimis import router as deminimis_router
from spets.programme.api_reports import reports_router
from spets.programme.api_time_cost import cost_router, impact_router, time_router

router = Router(tags=["programme"])
router.add_router("/deminimis", deminimis_router)
router.add_router("/time", time_router)
router.add_router("/costs", cost_router)
router.add_router("/impact", impact_router)
router.add_router("/reports", reports_router)
