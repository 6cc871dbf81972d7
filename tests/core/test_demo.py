"""The synthetic demo data set for Norra Mellansverige."""

import pytest
from django.db.models import Count, Sum
from stdnum import luhn

from spets.companies.models import Company, Workplace
from spets.core.demo import load_demo
from spets.core.models import DataLoad, User
from spets.core.scoping import unscoped

pytestmark = pytest.mark.django_db


def test_demo_is_calibrated_to_the_programme_area_and_labelled_synthetic(demo_data):
    with unscoped():
        totals = Workplace.objects.filter(
            municipality__in_programme=True, sni__parent_id__in=["B", "C"]
        ).aggregate(employees=Sum("employees"), workplaces=Count("id"), turnover=Sum("turnover_sek"))
        assert totals["employees"] == 53_000
        assert totals["workplaces"] > 5_600
        assert abs(totals["turnover"] - 203e9) < 1e9
        assert not Company.objects.filter(synthetic=False).exists()
        numbers = list(Company.objects.values_list("orgnr", flat=True))
    assert all(luhn.is_valid(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert DataLoad.objects.filter(name="demo:companies", synthetic=True).exists()


def test_demo_has_the_regions_industrial_structure(demo_data):
    with unscoped():
        steel = dict(
            Workplace.objects.filter(sni_id="24")
            .values_list("municipality__county_id")
            .annotate(n=Sum("employees"))
        )
        paper = dict(
            Workplace.objects.filter(sni_id="17")
            .values_list("municipality__county_id")
            .annotate(n=Sum("employees"))
        )
    assert steel.get("20", 0) > steel.get("17", 0) and steel.get("21", 0) > steel.get("17", 0)
    assert paper.get("17", 0) > paper.get("20", 0)


def test_loading_the_demo_twice_adds_nothing(demo_data):
    with unscoped():
        before = (Company.objects.count(), Workplace.objects.count(), User.objects.count())
    second = load_demo()
    with unscoped():
        after = (Company.objects.count(), Workplace.objects.count(), User.objects.count())
    assert after == before
    assert second["demo:companies"] == {"skipped": "already loaded"}


def test_demo_has_one_login_per_role(demo_data):
    roles = set(User.objects.values_list("role", flat=True))
    assert {"advisor", "programme_manager", "analyst", "viewer"} <= roles
    assert User.objects.get(username="anna").check_password("spets-demo")
