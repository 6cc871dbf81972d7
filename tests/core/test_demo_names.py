"""The demo register's companies read like Swedish companies: no numbers, no doubled sounds, each name once,
the same names for the same seed (spets.companies.demo)."""

import re

from spets.companies.demo import build


def test_demo_company_names_are_plausible_unique_and_deterministic(db):
    companies, _ = build(1)
    names = [c.name for c in companies if not c.personal_data]
    assert len(names) > 4000
    assert len(set(names)) == len(names)
    assert not [n for n in names if re.search(r"\d", n)]
    assert not [n for n in names if re.search(r"(berg|dal|fors|näs|vik)\1", n, re.IGNORECASE)]
    assert all(n.endswith(" AB") for n in names)
    assert [c.name for c in build(1)[0]][:50] == [c.name for c in companies][:50]
