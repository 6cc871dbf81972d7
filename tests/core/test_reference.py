"""Reference data: counties, municipalities with geometry, SNI 2007, the programme's organisations."""

import pytest

from spets.core.models import FocusArea, Organisation
from spets.core.reference import load_reference
from spets.geo import geometry
from spets.geo.models import County, Municipality, SniCode

pytestmark = pytest.mark.django_db


def test_all_counties_and_municipalities_are_loaded_with_the_programme_area():
    assert County.objects.count() == 21
    assert Municipality.objects.count() == 290
    assert set(County.objects.filter(in_programme=True).values_list("code", flat=True)) == {"17", "20", "21"}
    area = Municipality.objects.filter(in_programme=True)
    assert area.count() == 41
    assert {m.county_id: 0 for m in area}.keys() == {"17", "20", "21"}
    borlange = Municipality.objects.get(code="2081")
    assert borlange.name == "Borlänge"
    assert 15.0 < borlange.centroid_lon < 15.8 and 60.3 < borlange.centroid_lat < 60.7
    assert borlange.svg_path.startswith("M") and borlange.svg_path.endswith("Z")


def test_sni_2007_has_all_sections_and_divisions_in_two_languages():
    assert SniCode.objects.filter(level="section").count() == 21
    assert SniCode.objects.filter(level="division").count() == 88
    steel = SniCode.objects.get(code="24")
    assert (steel.parent_id, steel.name_sv, steel.name_en) == (
        "C",
        "Stål- och metallframställning",
        "Manufacture of basic metals",
    )


def test_the_eight_support_organisations_and_focus_areas():
    orgs = dict(Organisation.objects.values_list("name", "county_id"))
    assert orgs == {
        "Paper Province": "17",
        "Dalarna Science Park": "20",
        "Sustainable Steel Region": "21",
        "RISE (Propell)": "20",
        "Sandbacka Science Park": "21",
        "IUC Dalarna": "20",
        "IUC Värmland": "17",
        "IUC Gävleborg": "21",
    }
    assert Organisation.objects.get(slug="paper-province").town == "Karlstad"
    assert FocusArea.objects.count() == 7


def test_loading_reference_data_again_adds_nothing():
    load_reference()
    assert Municipality.objects.count() == 290
    assert Organisation.objects.count() == 8


def test_wkb_decoding_and_centroid_of_a_square():
    import struct

    ring = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
    wkb = (
        struct.pack("<BII", 1, 3, 1)
        + struct.pack("<I", len(ring))
        + b"".join(struct.pack("<dd", *p) for p in ring)
    )
    polygons = geometry.parse_wkb(wkb)
    assert polygons == [[ring]]
    assert geometry.centroid(polygons) == pytest.approx((1.0, 1.0))


def test_unsupported_wkb_type_is_named():
    import struct

    with pytest.raises(ValueError, match="unsupported WKB geometry type 1"):
        geometry.parse_wkb(struct.pack("<BIdd", 1, 1, 0.0, 0.0))
