"""Named effect scopes, the split by place and by effect, and the footprint without double counting
(backward hypothetical extraction, Miller & Blair 2009 §12.2) on textbook systems with known answers."""

import numpy as np
import pytest

from spets.economy.demo import programme_geography
from spets.economy.footprint import SCOPES, EconomyModel, footprint, industry_sections, service_industries
from spets.economy.regional import MultiRegionalModel
from spets.economy.tables import load_demo_table, load_service_sections, sni_to_industries

TABLE = load_demo_table()
GEO = programme_geography(TABLE)
MODEL = EconomyModel(GEO, TABLE)
AREA = GEO.codes[:-1]
BC = sni_to_industries(TABLE, "B") + sni_to_industries(TABLE, "C")


def one_region(a: np.ndarray) -> MultiRegionalModel:
    """A single region is the nation (λ = 1, SLQ = 1): the multi-regional model is the textbook A."""
    n = a.shape[0]
    names = [f"S{i}" for i in range(n)]
    return MultiRegionalModel(a, names, ["R"], np.array([15.0]), np.array([60.0]), np.ones((1, n)))


def test_extraction_of_a_two_sector_textbook_system():
    # A = [[.2, .3], [.4, .1]]; sector 1 produces 100: sector 2 makes (1 − .1)⁻¹ · .4 · 100 = 44.44,
    # sector 1 stays at exactly 100 (its deliveries to itself are not counted again)
    m = one_region(np.array([[0.2, 0.3], [0.4, 0.1]]))
    x = m.output_given(np.array([[100.0, 0.0]]), np.array([[True, False]]))
    assert x[0, 0] == pytest.approx(100.0)
    assert x[0, 1] == pytest.approx(400 / 9, rel=1e-9)
    # the naive convention (whole output as final demand) counts sector 1's own purchases again
    naive = m.output(np.array([[100.0, 0.0]])).values
    assert naive[0, 0] > 100 and naive[0, 1] > x[0, 1]


def test_extraction_equals_the_linkage_of_a_hypothetically_extracted_economy():
    a = np.array([[0.15, 0.25, 0.05], [0.20, 0.05, 0.40], [0.30, 0.25, 0.05]])
    f = np.array([100.0, 50.0, 80.0])
    x = np.linalg.solve(np.eye(3) - a, f)
    extracted = a.copy()
    extracted[:, 0] = 0.0  # sector 0 buys nothing from the economy (backward extraction)
    x_bar = np.linalg.solve(np.eye(3) - extracted, f)
    m = one_region(a)
    got = m.output_given(np.array([[x[0], 0, 0]]), np.array([[True, False, False]]))[0]
    assert got[0] == pytest.approx(x[0])
    np.testing.assert_allclose(got[1:], (x - x_bar)[1:], rtol=1e-9)


def test_service_scope_is_h_j_m_n_from_the_data_file():
    assert load_service_sections() == {"H", "J", "M", "N"}
    assert industry_sections("M-N") == {"M", "N"} and industry_sections("C24") == {"C"}
    inds = ("H", "J", "M-N", "O-Q", "C24", "G")
    assert service_industries(inds, {"H", "J", "M", "N"}).tolist() == [True, True, True, False, False, False]


def test_scopes_are_nested_and_places_and_effects_add_up():
    res = footprint(MODEL, "programme", AREA, BC, scope="type2")
    d = res.to_dict()
    scopes = d["scopes"]
    jobs = [scopes[s]["jobs"] for s in SCOPES]
    taxes = [scopes[s]["tax_sek"] for s in SCOPES]
    assert jobs == sorted(jobs) and taxes == sorted(taxes)
    assert jobs[0] < jobs[1] < jobs[2] < jobs[3]
    assert scopes["direct"]["jobs"] == pytest.approx(53_000, rel=1e-6)
    for s in SCOPES:
        r = res.rescoped(s).to_dict()
        assert r["scope"] == s and r["employment"]["total"] == pytest.approx(scopes[s]["jobs"], abs=0.2)
        place = r["by_place"]
        assert place["area"]["jobs"] + place["elsewhere"]["jobs"] == pytest.approx(
            r["employment"]["total"], abs=0.2
        )
        for key in ("wages_sek", "value_added_sek"):
            assert place["area"][key] + place["elsewhere"][key] == pytest.approx(r[key], abs=2)
        tax_total = place["area"]["tax_sek"]["total"] + place["elsewhere"]["tax_sek"]["total"]
        assert tax_total == pytest.approx(r["tax_sek"]["total"], abs=20)
        eff = r["by_effect"]
        assert sum(eff[c]["jobs"] for c in eff) == pytest.approx(r["employment"]["total"], abs=0.3)
        assert sum(eff[c]["tax_sek"]["total"] for c in eff) == pytest.approx(r["tax_sek"]["total"], abs=20)
        for c in eff:
            split = eff[c]["by_place"]
            assert split["area"]["jobs"] + split["elsewhere"]["jobs"] == pytest.approx(
                eff[c]["jobs"], abs=0.2
            )
    # the direct effect is all in the area; type1 has no induced jobs; services no goods suppliers
    direct = res.rescoped("direct").to_dict()
    assert direct["by_place"]["elsewhere"]["jobs"] == 0
    assert res.rescoped("type1").to_dict()["employment"]["induced"] == 0
    services = res.rescoped("services")
    goods = ~MODEL.services
    assert np.abs(services.scoped().indirect[:, goods]).sum() == 0


def test_no_double_counting_within_the_area_industry():
    # the area's B+C output is its observed output: the indirect effect adds nothing to B+C in the area
    res = footprint(MODEL, "programme", AREA, BC, scope="type2")
    rows = [GEO.codes.index(c) for c in AREA]
    cols = [TABLE.industries.index(i) for i in BC]
    assert np.abs(res.effects.indirect[np.ix_(rows, cols)]).max() < 1e-9
    assert np.abs(res.effects.induced[np.ix_(rows, cols)]).max() < 1e-9


def test_corporate_tax_only_where_companies_pay_it():
    o_q = TABLE.industries.index("O-Q")
    c24 = TABLE.industries.index("C24")
    assert MODEL.profit_per_msek[o_q] < 0.2 * MODEL.profit_per_msek[c24]
    print(MODEL.annual_wage, MODEL.profit_per_msek)


def test_taxes_of_a_scope_equal_the_taxes_of_its_effects():
    eff = footprint(MODEL, "programme", AREA, BC).effects
    for scope in SCOPES:
        summed, direct = eff.taxes_of(scope).by_type, eff.within(scope).taxes().by_type
        for key, value in direct.items():
            assert summed[key] == pytest.approx(value, rel=1e-9, abs=1e-3)
