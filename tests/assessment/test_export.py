"""Results in the DMA's six-dimension layout."""

import pytest

from spets.assessment.dma_layout import OVERALL_COLUMN, dma_columns, dma_row, dma_table
from spets.assessment.scoring import score


def test_the_layout_has_the_six_dma_columns_in_order(dma):
    cols = dma_columns(dma)
    dims = [
        c
        for c in cols
        if not c.endswith(("_status", "_coverage", "_band"))
        and c not in ("framework", "framework_version", "method_version", OVERALL_COLUMN)
    ]
    assert dims == [
        "digital_business_strategy",
        "digital_readiness",
        "human_centric_digitalisation",
        "data_management",
        "automation_and_ai",
        "green_digitalisation",
    ]


def test_a_row_keeps_missing_as_empty_and_extra_columns_first(dma):
    result = score(dma, {"data.management": ["policy"], "data.security": ["backups", "policy"]})
    row = dma_row(dma, result, {"company": "5560000001", "round": "T0"})
    assert list(row)[:2] == ["company", "round"]
    assert set(dma_columns(dma)) <= set(row)
    assert row["digital_business_strategy"] is None and row["digital_business_strategy_status"] == "missing"
    assert row["data_management"] == pytest.approx(23.8)  # (10/7 + 10/3) x 5 = 23.81
    assert row["method_version"] == "1.0"
    assert len(dma_table(dma, [({}, result), ({}, result)])) == 2


def test_other_frameworks_are_refused(profile):
    with pytest.raises(ValueError):
        dma_columns(profile)
