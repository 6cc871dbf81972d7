"""The company timeline holds activities, referrals, assessments (and other apps' entries through
`extensions.timeline_entries`), newest first, each only for who may see it; "show older" pages through them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from spets.companies import extensions
from spets.companies.extensions import TimelineEntry
from spets.companies.services import timeline
from spets.core.scoping import unscoped
from tests.factories import make_activity, make_assessment, make_referral

pytestmark = pytest.mark.django_db


def kinds(items) -> list[str]:
    return [item.kind for item in items]


@pytest.fixture
def history(frozen_time, anna, cecilia, company):
    """A meeting (2025-02-01), a referral Dalarna → Paper Province and an assessment (both today, 2025-03-03)."""
    make_activity(company, "iuc-dalarna", anna, title="Inledande möte")
    referral = make_referral(company, "iuc-dalarna", "paper-province", created_by=anna)
    assessment = make_assessment(company, by=anna)
    return referral, assessment


def test_the_timeline_merges_activities_referrals_and_assessments_newest_first(anna, company, history):
    items = timeline.company_timeline(anna, company.pk)
    assert sorted(kinds(items[:2])) == ["assessment", "referral"] and kinds(items[2:]) == ["activity"]
    referral = next(i.entry for i in items if i.kind == "referral")
    assert referral.title == "Hänvisad från IUC Dalarna till Paper Province"
    assert referral.url == reverse("companies:referrals")
    assessment = next(i.entry for i in items if i.kind == "assessment")
    assert assessment.url == reverse("assessment:detail", args=[history[1].pk])
    assert assessment.organisation == "IUC Dalarna" and "T0" in assessment.title


def test_the_company_page_shows_them(client, anna, company, history):
    client.force_login(anna)
    html = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    tl = html[html.index('id="timeline"') :]
    assert 'data-testid="timeline-referral"' in tl and 'data-testid="timeline-assessment"' in tl
    assert reverse("assessment:detail", args=[history[1].pk]) in tl and "Inledande möte" in tl


def test_a_referral_is_only_on_the_timelines_of_those_involved(lisa, petra, cecilia, company, history):
    assert "referral" in kinds(timeline.company_timeline(cecilia, company.pk))  # Paper Province receives it
    assert "referral" in kinds(timeline.company_timeline(petra, company.pk))
    assert "referral" not in kinds(timeline.company_timeline(lisa, company.pk))  # IUC Värmland


def test_analysts_see_neither_referrals_nor_assessments(alf, company, history):
    assert kinds(timeline.company_timeline(alf, company.pk)) == ["activity"]


def test_the_company_user_sees_the_own_companys_assessments_not_referrals(carl, company, history):
    assert sorted(kinds(timeline.company_timeline(carl, company.pk))) == ["activity", "assessment"]


def test_show_older_pages_through_the_merged_entries(client, anna, company, frozen_time):
    for i in range(timeline.TIMELINE_PAGE):
        make_activity(company, "iuc-dalarna", anna, title=f"Möte {i:02d}", date=datetime.date(2025, 1, 1 + i))
    # Referrals sent between the meetings' dates interleave with them.
    for day in (3, 10, 17):
        with unscoped():
            r = make_referral(company, "iuc-dalarna", "paper-province")
            r.__class__.objects.filter(pk=r.pk).update(
                created_at=datetime.datetime(2025, 1, day, 12, 0, tzinfo=datetime.UTC)
            )
    first, more = timeline.timeline_page(anna, company.pk, 0)
    rest, after = timeline.timeline_page(anna, company.pk, timeline.TIMELINE_PAGE)
    assert more and not after and len(first) == timeline.TIMELINE_PAGE and len(rest) == 3
    days = [i.day for i in first + rest]
    assert days == sorted(days, reverse=True) and kinds(first + rest).count("referral") == 3
    client.force_login(anna)
    url = reverse("companies:timeline", args=[company.pk])
    html = client.get(url, {"offset": timeline.TIMELINE_PAGE}, HTTP_HX_REQUEST="true").content.decode()
    assert "Möte 00" in html and "timeline-more" not in html
    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert f'hx-get="{url}?offset={timeline.TIMELINE_PAGE}"' in page


def test_other_apps_add_entries_through_the_hook(anna, company, monkeypatch):
    def entries(user, company_id):
        return [
            {
                "date": datetime.date(2025, 5, 1),
                "kind": "event",
                "title": "Workshop",
                "url": "/e/1/",
                "organisation": "X",
            }
        ]

    monkeypatch.setattr(extensions, "timeline_entries", [entries])
    make_activity(company, "iuc-dalarna", anna)
    items = timeline.company_timeline(anna, company.pk)
    assert kinds(items) == ["event", "activity"]
    assert items[0].entry == TimelineEntry(datetime.date(2025, 5, 1), "event", "Workshop", "/e/1/", "X")


@pytest.mark.parametrize("persona", ["anna", "cecilia", "petra", "lisa", "alf", "carl"])
def test_everyone_who_may_open_the_company_page_gets_its_timeline_pages(client, personas, persona, company):
    client.force_login(personas[persona])
    assert client.get(reverse("companies:timeline", args=[company.pk])).status_code == 200


def test_a_company_user_gets_no_other_companys_timeline(client, carl, other_company):
    client.force_login(carl)
    assert client.get(reverse("companies:timeline", args=[other_company.pk])).status_code == 404
