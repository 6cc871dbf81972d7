"""The impact estimate on the demo (which plants a known effect of support) and the impact page and API:
who may see what. The demo is loaded with the clock at 2026-06-15, so its activities (dated up to 540 days
back) start in late 2024 and the yearly figures 2019–2025 hold one or two years after first support."""

from __future__ import annotations

import datetime
import math

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from spets.programme.services import figures as figure_services
from spets.programme.services import impact as impact_services
from spets.programme.services import setup as setup_services

DEMO_DAY = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)
PERSONAS = ["anonymous", "anna", "bertil", "cecilia", "petra", "alf", "lisa", "carl"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, once for this module (read-only tests below)."""
    from spets.core.demo import load_demo

    with django_db_blocker.unblock(), time_machine.travel(DEMO_DAY, tick=False):
        from django.db import transaction

        with transaction.atomic():
            summary = load_demo()
            yield summary
            transaction.set_rollback(True)


@pytest.fixture
def users(demo, db):
    from django.contrib.auth import get_user_model

    from spets.core.models import Role
    from tests.conftest import make_user

    User = get_user_model()
    found = {
        "anna": User.objects.get(username="anna"),
        "bertil": User.objects.get(username="bertil"),
        "cecilia": User.objects.get(username="cecilia"),
        "petra": User.objects.get(username="programledare"),
        "alf": User.objects.get(username="analytiker"),
        "lisa": User.objects.get(username="lasare"),
    }
    from spets.companies.models import Company
    from spets.core.scoping import unscoped

    with unscoped():
        some = Company.objects.filter(synthetic=True).order_by("pk").first()
    found["carl"] = make_user("carl-demo", Role.COMPANY, None, company_id_scope=some.pk)
    return found


@pytest.mark.parametrize(
    ("outcome", "planted"),
    [
        ("employees", figure_services.DEMO_EMPLOYMENT_EFFECT),
        ("turnover", figure_services.DEMO_TURNOVER_EFFECT),
    ],
)
def test_the_estimate_on_the_demo_recovers_the_planted_effect_within_its_interval(users, outcome, planted):
    project = setup_services.current_project()
    with translation.override("en"):
        result = impact_services.impact(users["petra"], project.pk, None, outcome)
    e = result.estimate
    assert e.n_treated >= 30
    assert e.ci_low_pct < planted < e.ci_high_pct
    # The point estimate lies on the planted side; with about 90 companies a 3 % employment effect is
    # within the noise of the synthetic series (its interval may touch zero), the 5 % turnover effect not.
    assert e.effect_pct > 0
    if outcome == "turnover":
        assert e.ci_low_pct > 0  # the planted effect is told apart from none
    assert result.synthetic and any("Synthetic demo data" in c for c in result.caveats)
    assert result.figure.value == pytest.approx(e.effect_pct * 100)


def test_the_demo_figures_cover_2019_to_2025_for_every_demo_company(users):
    from spets.companies.models import Company
    from spets.core.scoping import unscoped
    from spets.programme.models import CompanyYearFigure

    with unscoped():
        companies = Company.objects.filter(synthetic=True).count()
        assert CompanyYearFigure.objects.filter(synthetic=True).count() == companies * 7
        assert set(CompanyYearFigure.objects.values_list("year", flat=True).distinct()) == set(
            range(2019, 2026)
        )


def test_the_planted_effect_is_visible_in_one_supported_company_by_hand(users):
    """A supported company's employment path: growth from its first year of support on is its own trend
    plus the planted 3 %; checked on the noiseless part of the construction (the anchor)."""
    from spets.companies.models import Company
    from spets.core.scoping import unscoped

    first = figure_services.first_support_years()
    with unscoped():
        company = Company.objects.filter(pk__in=[pk for pk, y in first.items() if y <= 2024]).first()
        figures = {f.year: f for f in company.year_figures.all()}
    assert figures[2024].employees == company.employees  # the register's 2024 figure is the anchor
    assert math.isclose(figure_services.DEMO_EMPLOYMENT_EFFECT, 0.03)


EXPECTED = {
    #           anonymous anna bertil cecilia petra alf  lisa carl
    "page": ["login", 200, 200, 200, 200, 200, 200, 403],
    "api": [401, 200, 200, 200, 200, 200, 200, 403],
}


@pytest.mark.parametrize("kind", list(EXPECTED))
@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_see_the_impact_page_and_api(client, users, kind, who):
    if who != "anonymous":
        client.force_login(users[who])
    url = reverse("programme:impact") if kind == "page" else "/api/programme/impact?outcome=turnover"
    response = client.get(url)
    expected = EXPECTED[kind][PERSONAS.index(who)]
    if expected == "login":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == expected


def test_readers_see_the_matched_pairs_and_analysts_only_the_estimate(client, users):
    client.force_login(users["anna"])
    page = client.get(reverse("programme:impact")).content.decode()
    assert 'data-testid="pairs"' in page and 'data-testid="caveats"' in page
    assert 'data-testid="estimate-employees"' in page and 'data-testid="estimate-turnover"' in page
    client.force_login(users["alf"])
    page = client.get(reverse("programme:impact")).content.decode()
    assert 'data-testid="pairs"' not in page and 'data-testid="estimate-employees"' in page


def test_the_api_gives_the_estimate_with_its_interval_and_caveats(client, users):
    client.force_login(users["alf"])
    data = client.get("/api/programme/impact?outcome=employees").json()
    assert data["ci_low_percent"] < 3 < data["ci_high_percent"]
    assert data["synthetic"] and data["caveats"] and data["n_treated"] >= 30
    assert client.get("/api/programme/impact?outcome=profit").status_code == 422


def test_a_period_cohort_is_those_first_supported_in_it(client, users):
    from spets.programme.models import ReportingPeriod

    project = setup_services.current_project()
    period = ReportingPeriod.objects.get(project=project, code="2025H1")
    whole = impact_services.impact(users["petra"], project.pk, None).estimate.n_treated
    cohort = impact_services.impact(users["petra"], project.pk, period.pk)
    assert cohort.window == (period.starts_on, period.ends_on)
    assert 0 < cohort.estimate.n_treated < whole
