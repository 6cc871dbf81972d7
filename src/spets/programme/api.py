"""REST API of programme follow-up at /api/programme/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["programme"])
