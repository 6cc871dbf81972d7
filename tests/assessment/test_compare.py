"""T0 -> T1: signed deltas, band crossings, and a warning when the method differs."""

import pytest

from spets.assessment.scoring import METHOD_DIFFERS, PARTIAL_DIMENSIONS, ComparisonWarning, compare, score

T0 = {
    "strategy.business_areas": {"invested": ["operations"], "planned": []},  # 0.5 points
    "strategy.preparedness": ["needs_known", "budget"],  # 2 points -> strategy 12.5 (basic)
    "readiness.basic": ["website", "erp", "cloud", "crm", "broadband", "e_invoicing"],  # 6
    "readiness.advanced": {
        "cad_cam": 5,
        "iot": 5,
        "mes": 5,
        "simulation": 5,
        "additive": 0,
        "blockchain": 0,
        "extended_reality": 0,
    },  # 20/35 -> readiness 58.57
    "data.management": ["policy"],
    "data.security": ["backups"],
}
T1 = {
    **T0,
    "strategy.business_areas": {
        "invested": ["operations", "planning", "delivery"],
        "planned": ["purchasing"],
    },
    "strategy.preparedness": ["needs_known", "budget", "skills", "leadership", "processes", "partners"],
    "readiness.basic": ["website", "erp"],  # fewer tools in use: 2 -> readiness 38.57
}


def test_deltas_are_signed_and_crossings_named(dma):
    c = compare(score(dma, T0), score(dma, T1))
    strategy = c.dimensions["strategy"]
    assert (strategy.before, strategy.after) == (pytest.approx(12.5), pytest.approx(40.0))
    assert strategy.delta == pytest.approx(27.5)
    assert (strategy.band_before, strategy.band_after, strategy.crossing) == ("basic", "average", "up")
    readiness = c.dimensions["readiness"]
    assert readiness.delta == pytest.approx(-20.0)
    assert (readiness.band_before, readiness.band_after, readiness.crossing) == (
        "moderately_advanced",
        "average",
        "down",
    )
    data = c.dimensions["data"]
    assert data.delta == 0 and data.crossing is None
    assert c.warnings == ()


def test_a_missing_dimension_has_no_delta(dma):
    c = compare(score(dma, T0), score(dma, T1))
    human = c.dimensions["human"]
    assert human.delta is None and human.crossing is None
    assert (human.status_before, human.status_after) == ("missing", "missing")


def test_different_method_versions_are_compared_with_a_warning(dma, dma_alt):
    c = compare(score(dma, T0), score(dma_alt, T1))
    assert (c.method_before, c.method_after) == ("1.0", "1.0-alt")
    assert ComparisonWarning(METHOD_DIFFERS, "1.0", "1.0-alt") in c.warnings


def test_partly_answered_dimensions_are_flagged(dma):
    t1 = {**T1, "human.upskilling": ["trainees"]}
    t1_partial = {**t1, "readiness.advanced": {"cad_cam": 5}}
    c = compare(score(dma, T0), score(dma, t1_partial))
    partial = [w for w in c.warnings if w.code == PARTIAL_DIMENSIONS]
    assert [w.dimensions for w in partial] == [
        ("readiness", "human")
    ]  # ids in framework order; words: texts.py


def test_results_of_different_frameworks_cannot_be_compared(dma, profile):
    with pytest.raises(ValueError, match="different frameworks"):
        compare(score(dma, T0), score(profile, {"global.export_share": 10}))


def test_stored_results_compare_like_fresh_ones(dma):
    from spets.assessment.scoring import Result

    a, b = score(dma, T0), score(dma, T1)
    stored = compare(Result.from_dict(a.to_dict()), Result.from_dict(b.to_dict()))
    assert stored == compare(a, b)
