"""The matching pages on the whole synthetic demo data set (slow-ish: one test)."""

from __future__ import annotations

from spets.core.scoping import unscoped
from spets.matching.models import Cohort, PeerConsent


def test_every_matching_page_works_on_the_demo_data(client, demo_data, petra):
    assert demo_data["demo:matching"]["cohorts"] == 3
    client.force_login(petra)
    with unscoped():
        cohort = Cohort.objects.order_by("pk").first()
        consenting = PeerConsent.objects.order_by("company_id").first().company_id
    for url in (
        "/matching/",
        "/matching/cohorts/propose/?focus_area=automation&sni_prefix=25",
        "/matching/cohorts/propose/?target=10",
        f"/matching/cohorts/{cohort.pk}/",
        f"/matching/company/{consenting}/",
        "/matching/peers/",
        "/matching/network/",
        "/matching/network/?level=county",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/matching/cohorts/propose/?target=10").content.decode()
    assert 'data-testid="proposal"' in page
    assert 'href="/matching/company/' in client.get("/matching/peers/").content.decode()  # consenting pairs
