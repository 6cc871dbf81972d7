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
