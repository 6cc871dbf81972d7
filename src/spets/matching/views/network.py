"""The steering group's network view (who refers to whom) and the peer-learning pairs."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.safestring import mark_safe

from spets.assessment.frameworks import DMA_FRAMEWORK_ID
from spets.core.permissions import page_view
from spets.matching.presenters import dimension_names
from spets.matching.services import network as network_services
from spets.matching.services import peers as peer_services
from spets.matching.services.network import LEVELS


def _year(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) == 4 else None


@page_view
def network(request):
    level = request.GET.get("level", "organisation")
    result = network_services.network(
        request.user, level=level if level in LEVELS else "organisation", year=_year(request.GET.get("year"))
    )
    rows = [
        {"label": label, "cells": result.matrix[i], "total": result.row_totals[i]}
        for i, label in enumerate(result.labels)
    ]
    return render(
        request,
        "matching/network.html",
        {"net": result, "rows": rows, "svg": mark_safe(result.svg)},  # noqa: S308 (escaped by flowchart)
    )


@page_view
def peers(request):
    pairs = peer_services.suggested_pairs(request.user)
    return render(
        request,
        "matching/peers.html",
        {"pairs": pairs, "dims": dimension_names(DMA_FRAMEWORK_ID)},
    )
