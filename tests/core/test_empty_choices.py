"""Issue 14: a dropdown with nothing chosen says what to choose ("Välj kommun"), never Django's "---------".

The browser walk (test_new_user_walk) checks every page a role reaches; this checks the form pages
directly, without a browser, for the roles that fill in forms.
"""

from __future__ import annotations

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

FORM_PAGES = [
    "/companies/new/",
    "/companies/{company}/edit/",
    "/companies/{company}/contacts/new/",
    "/companies/{company}/activities/new/",
    "/companies/{company}/referrals/new/",
    "/companies/offers/new/",
    "/companies/io/import/",
    "/assessment/new/",
    "/events/new/",
    "/matching/cohorts/new/",
    "/programme/costs/",
    "/programme/time/",
    "/programme/setup/",
    "/footprint/",
    "/atlas/",
]


@pytest.mark.parametrize("persona", ["anna", "petra"])
def test_no_form_offers_an_empty_dropdown_reading_dashes(client, personas, company, persona):
    client.force_login(personas[persona])
    opened = 0
    for path in FORM_PAGES:
        response = client.get(path.format(company=company.pk), HTTP_ACCEPT_LANGUAGE="sv")
        if response.status_code != 200:
            continue  # not this role's page
        opened += 1
        assert "---------" not in response.content.decode(), f"{path} shows an empty dropdown as ---------"
    assert opened >= 6


def test_the_new_company_form_asks_in_swedish_which_municipality(client, anna):
    client.force_login(anna)
    with translation.override("sv"):
        page = client.get("/companies/new/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert '<option value="" selected>Välj kommun</option>' in page


def test_an_offers_size_classes_are_ticked_in_words_and_kept_as_codes(client, anna):
    from spets.companies.models import Offer
    from spets.core.scoping import unscoped

    client.force_login(anna)
    page = client.get("/companies/offers/new/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert 'type="checkbox" name="eligible_sizes" value="micro"' in page and "mikroföretag" in page
    response = client.post(
        "/companies/offers/new/",
        {
            "name": "Energikartläggning",
            "type": "analysis",
            "eligible_sizes": ["small", "medium"],
            "active": "on",
        },
    )
    assert response.status_code == 302
    with unscoped():
        offer = Offer.objects.get(name="Energikartläggning")
    assert offer.eligible_sizes == "small,medium"
    page = client.get(f"/companies/offers/{offer.pk}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert 'value="small" id="id_eligible_sizes_1" checked' in page
