"""Map classes from the data: equal values share a class, each value sits in the class whose label holds
it, and the scale diverges when values change sign (spets.geo.classes, used by every choropleth)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from spets.geo.classes import NEGATIVE, POSITIVE, ZERO, class_of, legend_decimals, map_classes

values = st.lists(
    st.one_of(
        st.integers(-400, 400).map(float),
        st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
        st.sampled_from([0.0, 1.0, 35.0]),
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(values, st.integers(1, 7))
def test_every_value_sits_in_exactly_one_class_that_holds_it(data, k):
    classes = map_classes(data, k)
    for v in data:
        holding = [c for c in classes if c.holds(v)]
        assert len(holding) == 1, (v, classes)
    assert sum(c.count for c in classes) == len(data)


@settings(max_examples=300, deadline=None)
@given(values, st.integers(1, 7))
def test_equal_values_are_never_split_and_classes_do_not_overlap(data, k):
    classes = map_classes(data, k)
    for a, b in zip(classes, classes[1:], strict=False):
        assert a.upper < b.lower
    for c in classes:  # each bound is a value the class really holds
        assert c.lower in data and c.upper in data
    assert len(classes) <= len(set(data))


@settings(max_examples=300, deadline=None)
@given(values, st.integers(1, 7))
def test_a_scale_that_changes_sign_diverges_and_no_class_straddles_zero(data, k):
    classes = map_classes(data, k)
    changes_sign = min(data) < 0 < max(data)
    for c in classes:
        if changes_sign:
            assert c.side == (NEGATIVE if c.upper < 0 else ZERO if c.lower == c.upper == 0 else POSITIVE)
            assert not (c.lower < 0 < c.upper)
        else:
            assert c.side == POSITIVE


def test_county_medians_33_35_35_are_two_classes_not_three():
    classes = map_classes([33, 35, 35], 5)
    assert [(c.lower, c.upper, c.count) for c in classes] == [(33, 33, 1), (35, 35, 2)]
    assert class_of(35, classes) == 1


def test_an_outlier_gets_a_class_of_its_own_and_the_legend_does_not_read_0_to_0():
    # The scenario of issue 14: changes of 0–1.2 jobs in most municipalities and +336 in Borlänge.
    data = [0.0] * 20 + [0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.2] * 3 + [336.0]
    classes = map_classes(data, 5)
    assert classes[-1].lower == classes[-1].upper == 336.0
    assert class_of(1.0, classes) != class_of(336.0, classes)
    d = legend_decimals(classes)
    labels = [(round(c.lower, d), round(c.upper, d)) for c in classes]
    assert len(set(labels)) == len(labels) and all(
        lo != hi for (lo, hi), c in zip(labels, classes, strict=True) if c.lower != c.upper
    )


def test_negative_and_positive_changes_get_their_own_sides_and_zero_its_own_class():
    classes = map_classes([-50, -3, -1, 0, 0, 2, 4, 120], 3)
    sides = [c.side for c in classes]
    assert sides[0] == NEGATIVE and ZERO in sides and sides[-1] == POSITIVE
    assert classes[sides.index(ZERO)].count == 2
    negative = [c for c in classes if c.side == NEGATIVE]
    assert negative[-1].rank == 0  # the class nearest zero is the lightest


def test_missing_values_are_left_out_and_no_values_give_no_classes():
    assert map_classes([None, None]) == []
    assert [c.count for c in map_classes([None, 1, 1])] == [2]
