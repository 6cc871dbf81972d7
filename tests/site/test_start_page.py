"""The start page per role: anna (advisor at IUC Dalarna) starts her day with her companies, follow-ups,
incoming referrals, assessments waiting and this week's events; petra (programme manager) with the
programme's progress; alf (analyst), lisa (viewer) and carl (company user) keep the statistics page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from spets.assessment import services as assessment_services
from spets.companies.services import referrals as referral_services
from spets.core.scoping import unscoped
from spets.events.models import Event
from spets.site import working_day
from tests.factories import make_activity, make_assessment, make_company, make_referral, org
from tests.programme.reporting_setup import make_reporting_project

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 3, 3)  # tests/conftest.py FROZEN_AT, a Monday


def page(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str, name: str) -> str:
    start = html.index(f'data-testid="panel-{name}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def annas_day(frozen_time, anna, cecilia, company):
    """Anna's work: a meeting with a follow-up on Wednesday, a referral from Paper Province, a
    self-assessment link sent, a T1 due this month and a workshop on Thursday."""
    make_activity(
        company,
        "iuc-dalarna",
        anna,
        title="Första mötet",
        date=datetime.date(2025, 2, 20),
        follow_up_date=datetime.date(2025, 3, 5),
    )
    referred = make_company(name="Remitterade Sågen AB")
    make_referral(referred, "paper-province", "iuc-dalarna", created_by=cecilia)
    surveyed = make_company(name="Enkätbolaget AB")
    survey = make_assessment(surveyed, by=anna, mode="self")
    assessment_services.create_link(anna, survey.pk)
    baseline = make_assessment(make_company(name="Uppföljda AB"), by=anna, complete=True)
    t1 = assessment_services.schedule_follow_up(anna, baseline.pk, months=6)
    with unscoped():
        t1.__class__.objects.filter(pk=t1.pk).update(scheduled_for=datetime.date(2025, 3, 20))
        Event.objects.create(
            organisation=org("iuc-dalarna"),
            kind="workshop",
            title="Automation i små verkstäder",
            starts_at=datetime.datetime(2025, 3, 6, 9, 0, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2025, 3, 6, 12, 0, tzinfo=datetime.UTC),
            place="Borlänge",
            capacity=20,
        )
    return company


def test_anna_starts_her_day_with_what_she_has_to_do(client, anna, annas_day):
    html = page(client, anna)
    assert 'data-testid="working-day"' in html and 'data-testid="programme-progress"' not in html
    assert "Testbolaget Mekaniska AB" in panel(html, "my-companies")
    assert "2025-03-05" in panel(html, "follow-ups") and "Testbolaget Mekaniska AB" in panel(
        html, "follow-ups"
    )
    assert "Remitterade Sågen AB" in panel(html, "referrals") and "Paper Province" in panel(html, "referrals")
    waiting = panel(html, "assessments")
    assert "Enkätbolaget AB" in waiting and "självskattningslänk skickad" in waiting
    assert "Uppföljda AB" in waiting and "uppföljning T1 planerad till 2025-03-20" in waiting
    assert "Automation i små verkstäder" in panel(html, "events")
    # The region's statistics follow below the working day.
    assert 'data-testid="kf-employees"' in html


def test_a_follow_up_is_done_once_the_organisation_has_met_the_company_again(client, anna, bertil, annas_day):
    make_activity(annas_day, "iuc-dalarna", bertil, title="Uppföljning", date=datetime.date(2025, 3, 1))
    assert working_day.follow_ups_due(anna, TODAY) == []
    assert "Inga uppföljningar den närmaste veckan." in panel(page(client, anna), "follow-ups")


def test_an_overdue_follow_up_stays_until_done_and_a_distant_one_waits(anna, company, frozen_time):
    make_activity(company, "iuc-dalarna", anna, follow_up_date=datetime.date(2025, 2, 10))
    make_activity(make_company(), "iuc-dalarna", anna, follow_up_date=datetime.date(2025, 4, 1))
    due = working_day.follow_ups_due(anna, TODAY)
    assert [(f.activity.follow_up_date, f.overdue) for f in due] == [(datetime.date(2025, 2, 10), True)]


def test_cecilia_sees_her_own_day_not_annas(client, cecilia, annas_day):
    html = page(client, cecilia)
    assert "Testbolaget Mekaniska AB" not in panel(html, "my-companies")
    assert "Remitterade Sågen AB" not in panel(html, "referrals")  # she sent it; it is not incoming
    assert "Enkätbolaget AB" not in panel(html, "assessments")
    assert "Inga uppföljningar" in panel(html, "follow-ups")


def test_petra_sees_the_programme_progress(client, petra, frozen_time):
    make_reporting_project()
    html = page(client, petra)
    assert 'data-testid="programme-progress"' in html and 'data-testid="working-day"' not in html
    assert "2025H1" in html or "2025-01-01" in html
    assert 'data-testid="progress-table"' in html and "CO01" in html
    assert 'data-testid="panel-events"' in html


def test_petra_is_told_when_no_project_is_set_up(client, petra):
    html = page(client, petra)
    assert "Inget projekt har lagts upp ännu." in html


@pytest.mark.parametrize("persona", ["alf", "lisa", "carl"])
def test_analysts_viewers_and_company_users_keep_the_statistics_start_page(
    client, personas, persona, annas_day
):
    html = page(client, personas[persona])
    assert 'data-testid="working-day"' not in html and 'data-testid="programme-progress"' not in html
    assert 'data-testid="kf-employees"' in html
    assert "Remitterade Sågen AB" not in html and "Enkätbolaget AB" not in html


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("anna", "advisor"),
        ("bertil", "advisor"),
        ("cecilia", "advisor"),
        ("petra", "programme"),
        ("alf", "statistics"),
        ("lisa", "statistics"),
        ("carl", "statistics"),
    ],
)
def test_the_start_page_is_chosen_by_role(personas, persona, expected):
    assert working_day.start_page_for(personas[persona]) == expected


def test_the_start_page_needs_a_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- the navigation's referral badge ---------------------------------------------------------------------


def badge(html: str) -> str | None:
    marker = 'data-testid="nav-badge-companies:referrals">'
    return html.split(marker, 1)[1].split("<", 1)[0] if marker in html else None


def test_the_referrals_entry_counts_the_open_incoming_referrals(client, anna, cecilia, company, frozen_time):
    first = make_referral(company, "paper-province", "iuc-dalarna", created_by=cecilia)
    make_referral(make_company(), "paper-province", "iuc-dalarna", created_by=cecilia)
    make_referral(make_company(), "iuc-dalarna", "paper-province", created_by=anna)  # outgoing: not counted
    assert badge(page(client, anna)) == "2"
    referral_services.transition(anna, first.pk, "decline", "Inte vår inriktning")
    assert badge(page(client, anna)) == "1"
    assert badge(page(client, cecilia)) == "1"  # anna's referral to Paper Province


def test_the_badge_is_one_count_query(anna, company, django_assert_num_queries):
    make_referral(company, "paper-province", "iuc-dalarna")
    with django_assert_num_queries(1):
        assert referral_services.incoming_count(anna) == 1


@pytest.mark.parametrize("persona", ["alf", "carl"])
def test_who_may_not_read_referrals_has_neither_the_entry_nor_a_count(client, personas, persona, company):
    make_referral(company, "paper-province", "iuc-dalarna")
    html = page(client, personas[persona])
    assert reverse("companies:referrals") not in html and badge(html) is None
    assert referral_services.incoming_count(personas[persona]) == 0


def test_no_badge_without_incoming_referrals(client, anna):
    html = page(client, anna)
    assert reverse("companies:referrals") in html and badge(html) is None


def test_an_advisor_with_many_companies_gets_the_same_latest_ones_as_one_with_few(
    anna, cecilia, frozen_time, monkeypatch
):
    """The walk over the newest activities (used above SMALL_SET companies) ranks exactly as the direct
    ranking: latest contact first, also when another organisation met one of anna's companies later, and
    companies only others worked with are not hers."""
    companies = [make_company(name=f"Verkstad {letter} AB") for letter in "ABCDEFGHIJKL"]
    for day, company in enumerate(companies, start=1):
        make_activity(company, "iuc-dalarna", anna, date=datetime.date(2025, 1, day))
    make_activity(companies[0], "paper-province", cecilia, date=datetime.date(2025, 2, 20))  # latest contact
    make_activity(
        make_company(name="Cecilias Bruk AB"), "paper-province", cecilia, date=datetime.date(2025, 3, 1)
    )
    direct = [c.name for c in working_day.my_companies(anna)]
    monkeypatch.setattr(working_day, "SMALL_SET", 2)
    walked = working_day.my_companies(anna)
    assert [c.name for c in walked] == direct
    assert direct[:3] == ["Verkstad A AB", "Verkstad L AB", "Verkstad K AB"] and len(direct) == 10
    assert walked[0].last_contact == datetime.date(2025, 2, 20)
