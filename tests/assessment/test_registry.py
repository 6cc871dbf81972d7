"""The registry of frameworks is the one list of them, and the radar's geometry is one pure function."""

from __future__ import annotations

import pytest

from spets.assessment.frameworks import (
    DMA_FRAMEWORK_ID,
    FRAMEWORK_IDS,
    FRAMEWORKS,
    available_frameworks,
    framework_file,
    load_framework,
)
from spets.assessment.radar import Radar


def test_every_shipped_framework_is_registered_under_the_id_its_file_carries():
    assert sorted(FRAMEWORKS) == available_frameworks()
    for name, framework_id in FRAMEWORKS.items():
        assert load_framework(name).id == framework_id
        assert framework_file(framework_id) == name
    assert DMA_FRAMEWORK_ID in FRAMEWORK_IDS
    with pytest.raises(KeyError):
        framework_file("no-such-framework")


def test_radar_axes_start_at_the_top_and_go_clockwise():
    radar = Radar(4, cx=100, cy=100, radius=50)
    assert radar.point(0, 100) == pytest.approx((100, 50))  # up (y grows downwards)
    assert radar.point(1, 100) == pytest.approx((150, 100))  # then right
    assert radar.point(2, 50) == pytest.approx((100, 125))
    assert radar.point(3, 150) == radar.axis_end(3)  # clamped to 100
    assert radar.point(1, None) == radar.point(1, -5) == pytest.approx((100, 100))  # missing: the centre
    assert radar.ring(100) == radar.polygon([100, 100, 100, 100])
