"""Private means private (issue 14, point 8): an activity kept to the own organisation is read in full only
inside that organisation; everyone else who may use the register — advisors of other organisations,
programme managers, readers — sees that it exists, its date, organisation and hours, nothing more."""

from __future__ import annotations

import pytest
from django.urls import reverse

SECRETS = ("Internt möte", "Hemlig anteckning om ägarskifte")


def company_page(client, user, company) -> str:
    client.force_login(user)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["cecilia", "petra", "lisa"])
def test_other_organisations_see_that_a_private_activity_exists_but_not_what_it_says(
    client, request, who, company, dalarna_notes
):
    html = company_page(client, request.getfixturevalue(who), company)
    assert 'data-testid="timeline-private"' in html
    entry = html.split('data-testid="timeline-private"', 1)[1].split("</li>", 1)[0]
    assert "2025-02-01" in entry and "IUC Dalarna" in entry
    assert "Privat aktivitet" in entry and "1,5 h" in entry
    for secret in SECRETS:
        assert secret not in html
    assert "Delad anteckning" in html  # the shared activity is read in full as before


def test_the_owning_organisation_reads_it_in_full_and_sees_no_redacted_copy(
    client, anna, company, dalarna_notes
):
    html = company_page(client, anna, company)
    for secret in SECRETS:
        assert secret in html
    assert 'data-testid="timeline-private"' not in html


def test_the_company_itself_does_not_see_advisors_private_activities(client, carl, company, dalarna_notes):
    html = company_page(client, carl, company)
    assert 'data-testid="timeline-private"' not in html
    for secret in SECRETS:
        assert secret not in html


def test_the_activity_form_says_who_reads_a_private_note(client, anna, company):
    client.force_login(anna)
    html = client.get(reverse("companies:activity_new", args=[company.pk])).content.decode()
    assert "Privat: bara din egen organisation läser rubrik, anteckningar och resultat" in html
