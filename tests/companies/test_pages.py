"""Register pages: search, company page contents, forms with optimistic locking and org nr validation."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse

from spets.companies.models import Activity, Company, Referral
from spets.companies.services import companies as company_services
from spets.core.models import Organisation
from spets.core.scoping import unscoped


def test_search_finds_by_name_orgnr_municipality_and_sni(client, anna, company, other_company):
    client.force_login(anna)
    url = reverse("companies:search")
    for query, expected in [
        ("testbolaget", [company]),
        ("5560-0000", [company, other_company]),
        ("5560000019", [other_company]),
        ("Borlänge", [company]),
        ("17", [other_company]),
    ]:
        response = client.get(url, {"q": query, "format": "json"})
        names = [r["name"] for r in response.json()["results"]]
        assert names == sorted(c.name for c in expected), query


def test_search_filters_and_pages_with_two_queries(
    client, anna, company, other_company, django_assert_max_num_queries
):
    client.force_login(anna)
    response = client.get(reverse("companies:search"), {"county": "17", "format": "json"})
    assert [r["name"] for r in response.json()["results"]] == ["Andra Bruket AB"]
    response = client.get(reverse("companies:search"), {"size_class": "small", "sni": "C", "format": "json"})
    assert response.json()["count"] == 1
    from spets.companies.search import search

    with django_assert_max_num_queries(2):
        result = search(anna, {"q": "ab"})
    assert result.count == 2 and result.pages == 1


def test_search_htmx_request_gets_the_results_partial(client, anna, company):
    client.force_login(anna)
    response = client.get(reverse("companies:search"), {"q": "Test"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and b"Testbolaget Mekaniska AB" in response.content


def test_company_page_shows_shared_work_hours_referrals_and_history(
    client, anna, cecilia, company, dalarna_notes, referral
):
    company_services.update_company(anna, company.pk, {"employees": 14}, 1)
    client.force_login(cecilia)
    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert "Delad anteckning" in page and "Hemlig anteckning" not in page
    assert "4,5 h" in page  # hours by organisation include the private meeting's hours
    assert "IUC Dalarna → Paper Province" in page
    assert 'data-testid="audit"' in page and "antal anställda från 12 till 14" in page


def test_analysts_see_neither_contacts_nor_history_on_the_company_page(client, alf, company, contact):
    client.force_login(alf)
    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert "Eva Ek" not in page and 'data-testid="audit"' not in page and 'data-testid="contacts"' not in page


def test_a_stale_edit_says_who_changed_it_and_keeps_the_users_input(client, anna, bertil, company):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the message is read in English
    client.force_login(anna)
    form = client.get(reverse("companies:edit", args=[company.pk])).context["form"]
    data = {k: v if v is not None else "" for k, v in form.initial.items()}
    company_services.update_company(bertil, company.pk, {"name": "Bertils namn AB"}, 1)  # meanwhile
    data["name"] = "Annas namn AB"
    response = client.post(reverse("companies:edit", args=[company.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Changed by bertil meanwhile" in page and 'value="Annas namn AB"' in page
    assert 'name="version" value="2"' in page
    with unscoped():
        assert Company.objects.get(pk=company.pk).name == "Bertils namn AB"
    # Saving again on the new version succeeds.
    response = client.post(reverse("companies:edit", args=[company.pk]), data | {"version": 2})
    assert response.status_code == 302
    with unscoped():
        assert Company.objects.get(pk=company.pk).name == "Annas namn AB"


def test_the_new_company_form_names_the_broken_digit_rule(client, anna):
    client.force_login(anna)
    response = client.post(
        reverse("companies:new"),
        {"orgnr": "5560000002", "name": "X", "municipality": "2081", "status": "active"},
    )
    assert "kontrollsiffran (sista siffran) ska enligt Luhn-algoritmen (modulus 10) vara 1, inte 2" in (
        response.content.decode()
    )


def test_the_new_company_form_warns_about_a_sole_traders_personal_number(client, anna):
    client.force_login(anna)
    response = client.post(
        reverse("companies:new"),
        {"orgnr": "811228-9874", "name": "Svenssons Svets", "municipality": "2081", "status": "active"},
        follow=True,
    )
    assert 'data-testid="personal-data"' in response.content.decode()


def test_logging_an_activity_through_the_form(client, anna, company):
    client.force_login(anna)
    response = client.post(
        reverse("companies:activity_new", args=[company.pk]),
        {
            "type": "company_visit",
            "title": "Besök",
            "date": "2025-03-01",
            "advisor_0": anna.pk,
            "hours_0": "3.5",
            "focus_areas": ["automation"],
            "outcome": "Bra",
            "visibility": "organisation",
        },
    )
    assert response.status_code == 302
    with unscoped():
        activity = Activity.objects.get()
        assert activity.private and [a.hours for a in activity.advisors.all()] == [3.5]
        assert [f.code for f in activity.focus_areas.all()] == ["automation"]


def test_referring_and_accepting_through_the_pages(client, anna, cecilia, company):
    client.force_login(anna)
    pp = Organisation.objects.get(slug="paper-province")
    response = client.post(
        reverse("companies:referral_new", args=[company.pk]),
        {
            "to_organisation": pp.pk,
            "reason": "Bioekonomi",
            "consent_date": datetime.date.today().isoformat(),
            "consent_how": "muntligt",
        },
    )
    assert response.status_code == 302
    with unscoped():
        referral = Referral.objects.get()
    client.force_login(cecilia)
    assert "Bioekonomi" in client.get(reverse("companies:referrals")).content.decode()
    client.post(reverse("companies:referral_answer", args=[referral.pk, "accept"]))
    with unscoped():
        assert Referral.objects.get().status == "accepted"


def test_gdpr_erasure_refused_on_the_page_with_the_reason(client, petra, contact):
    from spets.companies.models import Contact

    with unscoped():
        Contact.objects.filter(pk=contact.pk).update(
            legal_hold_until=datetime.date(2099, 1, 1), legal_hold_reason="EU-projekt"
        )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the message is read in English
    client.force_login(petra)
    response = client.post(reverse("companies:contact_erase", args=[contact.pk]), follow=True)
    page = response.content.decode()
    assert "Erasure refused" in page and "EU-projekt" in page


def test_gdpr_export_page_returns_json_about_the_person(client, petra, contact):
    client.force_login(petra)
    response = client.get(reverse("companies:contact_export", args=[contact.pk]))
    assert response["Content-Type"] == "application/json" and response.json()["person"]["name"] == "Eva Ek"


def test_the_api_token_page_issues_a_token_once(client, anna):
    client.force_login(anna)
    response = client.post(reverse("core:api_token"), {"name": "laptop"})
    token = response.context["key"]
    assert token.startswith("spets_")
    client.logout()
    me = client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.json()["username"] == "anna"


def test_other_apps_panels_load_after_the_company_page_for_those_who_may_see_it(client, anna, carl, company):
    from django.template import engines

    from spets.companies import extensions
    from tests.factories import make_company

    panel = engines["django"].from_string("<p>the programme's panel</p>")
    extensions.company_panels.append(lambda user, company_id: {"template": panel})
    try:
        client.force_login(anna)
        page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
        assert 'id="company-panels"' in page and reverse("companies:panels", args=[company.pk]) in page
        assert "the programme's panel" not in page  # not in the register's own page: loaded after it
        assert (
            "the programme's panel"
            in client.get(reverse("companies:panels", args=[company.pk])).content.decode()
        )
        client.force_login(carl)  # a company user: their own company only
        other = make_company()
        assert client.get(reverse("companies:panels", args=[other.pk])).status_code == 404
    finally:
        extensions.company_panels.pop()
