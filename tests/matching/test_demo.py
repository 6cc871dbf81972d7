"""The demo's cohorts come from the proposal method, cross county lines, and render; consents are opt-in."""

from __future__ import annotations

from spets.core.scoping import unscoped
from spets.matching import demo
from spets.matching.models import Cohort, CohortMember, PeerConsent
from tests.matching.setup import cohort_companies


def test_the_demo_proposes_cross_county_cohorts_and_records_consents(anna, client):
    cohort_companies(anna)
    with unscoped():
        summary = demo.load(1)
        cohort = Cohort.objects.get()
        counties = set(
            CohortMember.objects.filter(cohort=cohort).values_list(
                "company__municipality__county_id", flat=True
            )
        )
        consents = PeerConsent.objects.count()
    assert summary == {"cohorts": 1, "peer_consents": consents}
    assert cohort.synthetic and len(counties) >= 2
    assert cohort.name.startswith("Demokohort 1")
    client.force_login(anna)
    assert cohort.name in client.get(f"/matching/cohorts/{cohort.pk}/").content.decode()
