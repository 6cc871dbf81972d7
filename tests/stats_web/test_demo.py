"""The stats demo: the synthetic employment series agrees with the register's demo workplaces."""

from __future__ import annotations

import numpy as np
from django.db.models import Sum

from spets.companies.models import Workplace
from spets.core.scoping import unscoped
from spets.geo.models import Municipality
from spets.stats import demo, services


def test_b_c_in_the_programme_area_2024_equals_the_register_total(demo_store):
    with unscoped():
        register = dict(
            Workplace.objects.filter(sni__parent_id__in=["B", "C"], municipality__in_programme=True)
            .values_list("municipality_id")
            .annotate(e=Sum("employees"))
        )
    programme = list(Municipality.objects.filter(in_programme=True).values_list("code", flat=True))
    cube = services.store().slice(services.EMPLOYMENT, Region=programme, SNI2007=["B+C"], Tid=["2024"])
    per_municipality = np.nansum(cube.values, axis=(1, 2, 3))
    assert sum(register.values()) == 53_000
    assert per_municipality.sum() == 53_000
    for code, value in zip(cube.dim("Region").codes, per_municipality, strict=True):
        assert value == register[code], code
    assert (cube.status == 0).all()  # calibrated cells are plain numbers


def test_the_series_covers_all_290_municipalities_2008_2024_and_says_it_is_synthetic(demo_store):
    dims = {d.code: d for d in services.store().dims(services.EMPLOYMENT)}
    assert list(dims) == ["Region", "SNI2007", "Kon", "Tid"]  # the shape the footprint model reads
    assert len(dims["Region"].codes) == 290
    assert dims["Tid"].codes[0] == "2008" and dims["Tid"].codes[-1] == "2024"
    cube = services.store().slice(services.EMPLOYMENT, Region=["2080"], Tid=["2024"])
    assert services.is_synthetic(cube) and "synthetic demo data" in cube.title["en"]


def test_business_statistics_match_the_register_for_the_programme_counties(demo_store):
    with unscoped():
        rows = Workplace.objects.filter(sni__parent_id="C", municipality__county_id="20").aggregate(
            employees=Sum("employees"), turnover=Sum("turnover_sek")
        )
        workplaces = Workplace.objects.filter(sni__parent_id="C", municipality__county_id="20").count()
    cube = services.store().slice(services.BUSINESS, Region=["20"], SNI2007=["C"], Tid=["2024"])
    assert cube.get(Region="20", SNI2007="C", ContentsCode="employees", Tid="2024") == (rows["employees"], "")
    assert cube.get(Region="20", SNI2007="C", ContentsCode="workplaces", Tid="2024") == (workplaces, "")
    turnover, _ = cube.get(Region="20", SNI2007="C", ContentsCode="net_turnover", Tid="2024")
    assert abs(turnover - rows["turnover"] / 1e6) < 0.1
    # a suppressed cell stays suppressed (no number, status ..)
    value, symbol = (
        services.store()
        .slice(services.BUSINESS)
        .get(Region="17", SNI2007="O", ContentsCode="value_added", Tid="2024")
    )
    assert np.isnan(value) and symbol == ".."


def test_loading_the_demo_again_stores_nothing_new(demo_store):
    before = [(c.series, c.version) for c in services.store().cubes()]
    with unscoped():
        again = demo.load(20250601)
    assert [(c.series, c.version) for c in services.store().cubes()] == before
    assert again["employment_series"] == "employment_day_population v1"


def test_the_division_series_shows_sni_24_as_the_register_has_it_and_sums_to_the_sections(demo_store):
    with unscoped():
        steel = dict(
            Workplace.objects.filter(sni_id="24", municipality__in_programme=True)
            .values_list("municipality_id")
            .annotate(n=Sum("employees"))
        )
    store = services.store()
    by_division = store.load(services.EMPLOYMENT_DIVISIONS)
    sections = store.load(services.EMPLOYMENT)
    assert {"24", "25", "05", "10", "62"} <= set(by_division.dim("SNI2007").codes)
    assert by_division.dim("SNI2007").labels["sv"][by_division.dim("SNI2007").index("24")]
    for muni, employees in steel.items():
        if employees >= 3:
            assert by_division.get(Region=muni, SNI2007="24", Tid="2024") == (employees, "")
    # the divisions of B and C add up (to rounding) to the B+C figure of the section series
    b_c = [c for c in by_division.dim("SNI2007").codes if c[:2].isdigit() and 5 <= int(c[:2]) <= 33]
    borlange = by_division.select(Region=["2081"], SNI2007=b_c, Tid=["2024"])
    section = sections.select(Region=["2081"], SNI2007=["B+C"], Tid=["2024"])
    assert abs(np.nansum(borlange.values) - np.nansum(section.values)) <= len(b_c)


def test_sweden_is_its_own_row_in_the_business_statistics_not_the_programme_area(demo_store):
    from spets.stats import atlas

    view = atlas.view(atlas.Params(measure=f"{services.BUSINESS}:employees", level="county"))
    by_code = {c["code"]: c for c in view["comparisons"]}
    assert by_code["00"]["value"] > 5 * by_code["programme"]["value"]
    assert by_code["00"]["status"] == ""
