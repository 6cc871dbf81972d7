"""Peer learning among consenting companies only; the steering group's referral network."""

from __future__ import annotations

import datetime

import pytest

from spets.core.errors import Forbidden, InvalidData
from spets.core.scoping import unscoped
from spets.matching.models import PeerConsent
from spets.matching.services import network as network_services
from spets.matching.services import peers as services
from tests.factories import IMPROVED, completed, make_company, make_referral
from tests.matching.setup import assessed_company

DAY = datetime.date(2025, 3, 1)


def _pairable(anna):
    weak = assessed_company(anna, name="Svag AB")  # MIXED
    strong = make_company(name="Stark AB", municipality_id="1780")
    answers = {**IMPROVED, "green.practices": [], "human.upskilling": []}  # weaker in green and human
    completed(anna, strong.pk, answers)
    return weak, strong


def test_pairs_are_suggested_only_among_companies_that_agreed(anna, frozen_time):
    weak, strong = _pairable(anna)
    assert services.suggested_pairs(anna) == []
    services.record_consent(anna, weak.pk, DAY, "via e-post")
    assert services.suggested_pairs(anna) == []  # one consenting company is not a pair
    services.record_consent(anna, strong.pk, DAY, "vid mötet")
    pairs = services.suggested_pairs(anna)
    assert len(pairs) == 1 and {pairs[0].a.pk, pairs[0].b.pk} == {weak.pk, strong.pk}
    assert pairs[0].pair.mutual >= 15
    assert [p.b.pk for p in services.partners(anna, weak.pk)] == [strong.pk]
    services.withdraw_consent(anna, strong.pk)
    assert services.suggested_pairs(anna) == []


def test_consent_needs_a_date_not_in_the_future_and_how(anna, company, frozen_time):
    with pytest.raises(InvalidData) as exc:
        services.record_consent(anna, company.pk, None, "")
    assert set(exc.value.errors) == {"consent_date", "consent_how"}
    with pytest.raises(InvalidData):
        services.record_consent(anna, company.pk, datetime.date(2030, 1, 1), "muntligt")
    with unscoped():
        assert not PeerConsent.objects.exists()


def test_viewers_cannot_record_consent(lisa, company, frozen_time):
    with pytest.raises(Forbidden):
        services.record_consent(lisa, company.pk, DAY, "muntligt")


def test_the_network_counts_referrals_between_organisations_and_across_counties(petra, company, frozen_time):
    make_referral(company, "iuc-varmland", "iuc-dalarna")
    make_referral(company, "iuc-varmland", "iuc-dalarna")
    make_referral(company, "iuc-dalarna", "dalarna-science-park")  # within Dalarna
    net = network_services.network(petra)
    i, j = net.labels.index("IUC Värmland"), net.labels.index("IUC Dalarna")
    assert net.matrix[i][j] == 2 and net.total == 3 and net.cross_county == 2
    assert net.by_year == [{"year": 2025, "total": 3, "cross_county": 2, "within_county": 1}]
    assert (
        "<svg" in net.svg
        and "IUC Värmland" in net.svg
        and "http" not in net.svg.replace("http://www.w3.org/2000/svg", "")
    )
    counties = network_services.network(petra, level="county")
    assert counties.matrix[counties.labels.index("Värmlands län")][counties.labels.index("Dalarnas län")] == 2
    assert network_services.network(petra, year=2024).total == 0


def test_the_network_page_renders_the_matrix_and_the_flow_chart(client, petra, company, frozen_time):
    make_referral(company, "iuc-varmland", "iuc-dalarna")
    client.force_login(petra)
    page = client.get("/matching/network/", {"level": "county", "year": "2025"}).content.decode()
    assert 'data-testid="network-matrix"' in page and "<svg" in page
    assert "över länsgränsen" in page
