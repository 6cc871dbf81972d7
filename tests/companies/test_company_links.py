"""The company page leads to the company's assessments."""

import pytest

pytestmark = pytest.mark.django_db


def test_advisor_can_start_an_assessment_from_the_company_page(client, anna, company):
    client.force_login(anna)
    html = client.get(f"/companies/{company.pk}/").content.decode()
    assert f"/assessment/new/?company={company.orgnr}" in html
    form = client.get(f"/assessment/new/?company={company.orgnr}").content.decode()
    assert company.orgnr in form


def test_analyst_gets_no_assessment_buttons_on_the_company_page(client, alf, company):
    client.force_login(alf)
    response = client.get(f"/companies/{company.pk}/")
    assert response.status_code == 200
    assert 'data-testid="new-assessment"' not in response.content.decode()
