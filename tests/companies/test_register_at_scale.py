"""The register at scale: capped result counts with correct paging, one shared filter for search and export,
a paged company timeline ("show older activities"), and query-count ceilings that catch N+1 regressions."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from spets.companies import search as company_search
from spets.companies.models import Activity, ActivityAdvisor, Company, Contact, Referral
from spets.companies.services.timeline import TIMELINE_PAGE
from spets.core.audit import log_action
from spets.core.models import FocusArea, Organisation
from spets.core.scoping import unscoped
from tests.factories import make_activity


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def make_companies(
    n: int, prefix: str = "Skalbolag", municipality: str = "2080", start: int = 0
) -> list[Company]:
    from spets.companies.orgnr import make

    with unscoped():
        return Company.objects.bulk_create(
            [
                Company(
                    orgnr=make("55", 8_000_000 + start + i),
                    name=f"{prefix} {i:03d} AB",
                    municipality_id=municipality,
                    sni_id="25",
                    size_class="small",
                )
                for i in range(n)
            ]
        )


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(company_search, "PAGE_SIZE", 2)
    monkeypatch.setattr(company_search, "COUNT_CAP", 3)


# --- search: capped count, paging ------------------------------------------------------------------


def test_a_broad_search_says_more_than_the_cap_and_still_pages_through_every_company(
    client, anna, small_pages
):
    companies = make_companies(9)
    client.force_login(anna)
    first = client.get(reverse("companies:search"), {"q": "skalbolag"})
    page = first.content.decode()
    assert "More than 3 companies" in page and "Page 1" in page and "Page 1 of" not in page
    seen, number = [], 1
    while True:
        body = client.get(
            reverse("companies:search"), {"q": "skalbolag", "page": number, "format": "json"}
        ).json()
        seen += [r["name"] for r in body["results"]]
        if not body["has_next"]:
            break
        number += 1
    assert seen == sorted(c.name for c in companies)  # every company once, in name order
    assert number == 5 and body["count"] == 9 and body["count_exact"] and body["pages"] == 5


def test_the_count_is_exact_below_the_cap(client, anna, small_pages):
    make_companies(3)
    client.force_login(anna)
    body = client.get(reverse("companies:search"), {"q": "skalbolag", "format": "json"}).json()
    assert body == body | {"count": 3, "count_exact": True, "pages": 2, "page": 1, "has_next": True}
    assert "3 companies" in client.get(reverse("companies:search"), {"q": "skalbolag"}).content.decode()


def test_a_page_past_the_end_shows_the_last_page(anna, small_pages):
    make_companies(3)
    result = company_search.search(anna, {"q": "skalbolag", "page": "40"})
    assert result.page == 2 and [c.name for c in result.rows] == ["Skalbolag 002 AB"] and not result.has_next


def test_results_that_fit_on_one_page_need_no_count_query(anna, company, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the municipality-name lookup and the rows
        result = company_search.search(anna, {"q": "testbolaget"})
    assert result.count == 1 and result.exact and result.pages == 1


def test_the_search_page_has_a_fixed_number_of_queries(client, anna, django_assert_max_num_queries):
    make_companies(120)
    client.force_login(anna)
    client.get(reverse("companies:search"), {"q": "skalbolag"})  # warms the cached filter lists
    # session, user, organisation, demo banner, referrals badge, municipality lookup, rows, count — not one
    # per row (owner organisation and last contact are subqueries of the rows query)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("companies:search"), {"q": "skalbolag", "page": "2"})
    assert response.content.decode().count("Skalbolag") == company_search.PAGE_SIZE


def test_search_by_municipality_name_org_nr_prefix_and_sni_section(anna, company, other_company):
    def names(q):
        return [c.name for c in company_search.search(anna, {"q": q}).rows]

    assert names("borlänge") == ["Testbolaget Mekaniska AB"]
    assert names("556000001") == ["Andra Bruket AB"]
    assert names("C") == ["Andra Bruket AB", "Testbolaget Mekaniska AB"]  # both in manufacturing
    assert company_search.search(anna, {"sni": "C", "county": "17"}).rows == [other_company]


def test_company_users_find_nothing_even_at_scale(carl, company):
    make_companies(5)
    assert company_search.search(carl, {"q": "skalbolag"}).count == 0


# --- export links carry the search -------------------------------------------------------------------


def test_the_export_links_carry_the_filters_and_export_what_the_search_found(client, anna, company):
    make_companies(4, prefix="Falubolag")
    make_companies(2, prefix="Falubolag Borlänge", municipality="2081", start=100)
    client.force_login(anna)
    page = client.get(reverse("companies:search"), {"q": "falubolag", "municipality": "2080", "page": "1"})
    html = page.content.decode()
    csv_url = reverse("companies:export", args=["companies", "csv"]) + "?q=falubolag&amp;municipality=2080"
    assert csv_url in html and reverse("companies:export", args=["companies", "xlsx"]) in html
    export = client.get(csv_url.replace("&amp;", "&"))
    lines = b"".join(export.streaming_content).decode("utf-8").splitlines()
    params = {"q": "falubolag", "municipality": "2080"}
    assert len(lines) - 1 == company_search.search(anna, params).count == 4


# --- company page: timeline paging, query ceilings ---------------------------------------------------------


def many_activities(company, advisor, n: int, org_slug: str = "iuc-dalarna", private_every: int = 0):
    org = Organisation.objects.get(slug=org_slug)
    focus = list(FocusArea.objects.all()[:2])
    with unscoped():
        for i in range(n):
            act = Activity.objects.create(
                type="advisory_meeting",
                title=f"Möte nr {i:02d}",
                organisation=org,
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
                visibility="organisation" if private_every and i % private_every == 0 else "programme",
            )
            act.companies.set([company])
            act.focus_areas.set(focus)
            ActivityAdvisor.objects.create(activity=act, advisor=advisor, hours=1)


def titles(html: str) -> list[str]:
    return [part.split("<")[0].strip() for part in html.split("Advisory meeting: ")[1:]]


def test_the_timeline_shows_a_page_and_show_more_loads_the_rest(client, anna, company):
    many_activities(company, anna, TIMELINE_PAGE + 5)
    client.force_login(anna)
    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert titles(page)[:2] == ["Möte nr 24", "Möte nr 23"] and len(titles(page)) == TIMELINE_PAGE
    more_url = reverse("companies:timeline", args=[company.pk]) + f"?offset={TIMELINE_PAGE}"
    assert f'hx-get="{more_url}"' in page
    rest = client.get(more_url, HTTP_HX_REQUEST="true").content.decode()
    assert titles(rest) == [f"Möte nr {i:02d}" for i in range(4, -1, -1)]
    assert "timeline-more" not in rest and "<html" not in rest
    # Without JavaScript the same link reloads the page with the longer timeline.
    longer = client.get(reverse("companies:detail", args=[company.pk]), {"timeline": TIMELINE_PAGE * 2})
    assert len(titles(longer.content.decode())) == TIMELINE_PAGE + 5


def test_show_more_keeps_other_organisations_private_notes_hidden(client, anna, cecilia, company):
    many_activities(company, anna, TIMELINE_PAGE + 6, private_every=2)  # half private to IUC Dalarna
    client.force_login(cecilia)
    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    rest = client.get(
        reverse("companies:timeline", args=[company.pk]), {"offset": TIMELINE_PAGE}
    ).content.decode()
    seen = titles(page) + titles(rest)
    assert len(seen) == (TIMELINE_PAGE + 6) // 2 and all(int(t.split()[-1]) % 2 for t in seen)


def test_the_timeline_page_is_not_for_other_companies_users(client, carl, other_company, company):
    client.force_login(carl)
    assert client.get(reverse("companies:timeline", args=[other_company.pk])).status_code == 404
    assert client.get(reverse("companies:timeline", args=[company.pk])).status_code == 200


def test_the_company_page_queries_do_not_grow_with_its_history(
    client, anna, cecilia, company, django_assert_max_num_queries
):
    many_activities(company, anna, 40)
    many_activities(company, cecilia, 10, org_slug="paper-province")
    with unscoped():
        for i in range(5):
            Contact.objects.create(company=company, name=f"Person {i}", organisation=anna.organisation)
            Referral.objects.create(
                company=company,
                from_organisation=anna.organisation,
                to_organisation=cecilia.organisation,
                reason="r",
                consent_date=datetime.date(2025, 1, 1),
                consent_how="muntligt",
                status_changed_at=datetime.datetime.now(datetime.UTC),
            )
        Company.objects.create(
            orgnr="5560000019", name="Dotterbolaget AB", municipality_id="2081", parent=company
        )
    for i in range(30):
        log_action(anna, "update", company, company_id=company.pk, changes={"employees": [i, i + 1]})
    client.force_login(anna)
    # session, user, organisation, demo banner + company, timeline ×3 (activities, advisors, focus areas),
    # referrals, hours, subsidiaries, contacts, history; referrals badge; the timeline's referrals, other
    # organisations' private activities (one query), assessments and events (extensions.timeline_entries)
    with django_assert_max_num_queries(18):
        page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    # the five referrals (sent today) are the newest entries of the timeline's first page
    assert page.count('data-testid="timeline-referral"') == 5 and len(titles(page)) == TIMELINE_PAGE - 5
    assert "Dotterbolaget AB" in page and page.count("Person ") == 5
    assert page.count("IUC Dalarna → Paper Province") == 5


def test_a_company_without_subsidiaries_or_referrals_skips_those_queries(
    client, anna, company, django_assert_max_num_queries
):
    make_activity(company, "iuc-dalarna", anna)
    client.force_login(anna)
    # as above without the referrals, timeline referrals and subsidiaries queries (answered by the company query)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert "Möte" in page and "Subsidiaries" not in page
