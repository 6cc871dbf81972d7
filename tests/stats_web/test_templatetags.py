"""How the atlas shows single numbers: signed changes and values with a status."""

from __future__ import annotations

import pytest

from spets.stats.templatetags.stats_extras import signed


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (-0.3, 0, "0"),
        (-0.0, 0, "0"),
        (0.2, 0, "0"),
        (-0.04, 1, "0,0"),
        (-1.6, 0, "−2"),
        (12.0, 0, "+12"),
        (None, 0, "–"),
    ],
)
def test_signed_never_shows_a_negative_zero(value, decimals, shown):
    assert signed(value, decimals) == shown
