"""The EU size classes: one company at a time and many at once give the same class."""

import itertools

import numpy as np

from spets.companies.sizeclass import size_class, size_classes


def test_boundaries_one_company():
    assert size_class(None) == ""
    assert size_class(9, 2_000_000 * 11) == "micro"
    assert size_class(9, 2_000_000 * 11 + 1) == "small"  # over the micro turnover ceiling
    assert size_class(10) == "small"
    assert size_class(49, 10_000_000 * 11) == "small"
    assert size_class(50) == "medium"
    assert size_class(249, 60_000_000 * 11) == "large"  # over the medium turnover ceiling
    assert size_class(250, 1) == "large"


def test_many_at_once_agree_with_one_at_a_time():
    staff = [None, 0, 9, 10, 49, 50, 249, 250, 4000]
    turnover = [None, 0, 22_000_000, 22_000_001, 110_000_000, 110_000_001, 550_000_000, 550_000_001]
    pairs = list(itertools.product(staff, turnover))
    employees = np.array([-1 if e is None else e for e, _t in pairs], dtype=np.int64)
    sek = np.array([np.nan if t is None else t for _e, t in pairs], dtype=np.float64)
    assert size_classes(employees, sek).tolist() == [size_class(e, t) for e, t in pairs]
