"""Offer matching for a company: ranked offers across the three counties, each rank explained, a match
turned into a referral through the consent flow."""

from __future__ import annotations

import datetime

import pytest

from spets.companies.models import Referral
from spets.core.errors import Forbidden, InvalidData
from spets.core.scoping import unscoped
from spets.matching.services import offers as services
from tests.matching.setup import assessed_company, matched_offers

DAY = datetime.date(2025, 3, 3)


@pytest.fixture
def world(anna):
    return assessed_company(anna), matched_offers()


def test_anna_sees_the_eligible_offers_of_other_counties_ranked_with_their_terms(anna, world, frozen_time):
    company, offers = world
    result = services.matches_for(anna, company.pk, DAY)
    ranked = [m.offer.name for m in result.eligible]
    # No peers yet: targets are the fixed 75. Data gap 50 → digitalisation need 1.0; automation gap 35.
    assert ranked[0] == "Digital mognadsanalys"
    assert set(ranked) == {"Digital mognadsanalys", "Automationslyft", "Grön omställning"}
    assert [m.rank for m in result.eligible] == [1, 2, 3]
    assert {m.offer.organisation.county_id for m in result.eligible} == {"17", "21"}
    top = result.eligible[0].match
    assert [t.name for t in top.terms] == ["need", "block", "priority", "capacity", "distance"]
    assert top.terms[0].detail["gap"] == pytest.approx(50.0)
    assert top.terms[0].detail["dimension"] == "data"
    assert [m.offer.name for m in result.refused] == ["Storföretagsprogram"]
    assert result.refused[0].match.refusals == ("size",)
    assert result.headroom_eur is None  # no programme aid and no declaration: unknown, not refused


def test_a_stated_priority_moves_an_offer_up(anna, world, frozen_time):
    from spets.assessment.services.action_plan import set_priorities

    company, _offers = world
    set_priorities(anna, company.pk, {"automation": 5, "digitalisation": 1})
    ranked = [m.offer.name for m in services.matches_for(anna, company.pk, DAY).eligible]
    assert ranked[0] == "Automationslyft"


def test_a_full_offer_is_not_eligible_this_year(anna, world, frozen_time):
    from tests.factories import make_activity, make_company

    company, offers = world
    automation = offers["automation"]
    with unscoped():
        automation.capacity = 1
        automation.save()
    make_activity(make_company(name="Annan AB"), "paper-province", date=DAY, offer=automation)
    result = services.matches_for(anna, company.pk, DAY)
    refused = {m.offer.name: m.match.refusals for m in result.refused}
    assert refused["Automationslyft"] == ("capacity",)


def test_the_page_explains_each_rank_and_offers_one_click_to_refer(client, anna, world, frozen_time):
    company, offers = world
    client.force_login(anna)
    page = client.get(f"/matching/company/{company.pk}/").content.decode()
    assert "Digital mognadsanalys" in page and f'data-testid="refer-{offers["digital"].pk}"' in page
    assert "75" in page  # the fixed target shown in the gap table
    assert f'data-testid="refer-{offers["large"].pk}"' not in page


def test_a_match_becomes_a_referral_with_the_companys_consent(client, anna, world, frozen_time):
    company, offers = world
    client.force_login(anna)
    url = f"/matching/company/{company.pk}/offers/{offers['automation'].pk}/refer/"
    assert "Automationslyft" in client.get(url).content.decode()
    response = client.post(
        url, {"reason": "Automation", "consent_date": "2025-03-01", "consent_how": "muntligt"}
    )
    assert response.status_code == 302
    with unscoped():
        referral = Referral.objects.get()
    assert (
        referral.to_organisation.slug == "paper-province" and referral.from_organisation.slug == "iuc-dalarna"
    )
    assert referral.company_id == company.pk
    assert referral.consent_how == "muntligt" and referral.reason == "Automation"


def test_a_referral_without_consent_is_refused_and_nothing_is_written(client, anna, world, frozen_time):
    company, offers = world
    client.force_login(anna)
    url = f"/matching/company/{company.pk}/offers/{offers['automation'].pk}/refer/"
    response = client.post(url, {"reason": "Automation", "consent_date": "", "consent_how": ""})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    with unscoped():
        assert not Referral.objects.exists()


def test_a_referral_to_ones_own_organisation_is_refused(anna, world, frozen_time):
    from tests.matching.setup import offer

    company, _offers = world
    own = offer("iuc-dalarna", "Egen analys", "automation")
    with pytest.raises(InvalidData) as exc:
        services.refer_match(anna, company.pk, own.pk, "x", DAY, "muntligt")
    assert "offer" in exc.value.errors


def test_viewers_see_matches_but_cannot_refer(lisa, world, frozen_time):
    company, offers = world
    assert services.matches_for(lisa, company.pk, DAY).eligible
    with pytest.raises(Forbidden):
        services.refer_match(lisa, company.pk, offers["digital"].pk, "x", DAY, "muntligt")


def test_an_offer_worth_more_than_the_de_minimis_headroom_is_not_eligible(
    anna, world, frozen_time, monkeypatch
):
    from decimal import Decimal
    from types import SimpleNamespace

    from spets.programme.services import deminimis

    company, offers = world
    with unscoped():
        offers["green"].value_sek = 110_000  # 10,000 EUR at 11 SEK/EUR
        offers["green"].save()
    monkeypatch.setattr(deminimis, "headroom_eur", lambda company_id, day: Decimal(5_000))
    monkeypatch.setattr(deminimis, "rate_on", lambda day: SimpleNamespace(eur_sek=Decimal(11)))
    result = services.matches_for(anna, company.pk, DAY)
    assert {m.offer.name: m.match.refusals for m in result.refused}["Grön omställning"] == ("deminimis",)
    assert result.headroom_eur == Decimal(5_000)


def test_the_company_page_shows_consenting_partners_by_dimension_name(client, anna, world, frozen_time):
    from spets.matching.services import peers
    from tests.factories import IMPROVED, completed, make_company

    company, _offers = world
    other = make_company(name="Stark AB", municipality_id="1780")
    completed(anna, other.pk, {**IMPROVED, "green.practices": [], "human.upskilling": []})
    for c in (company, other):
        peers.record_consent(anna, c.pk, datetime.date(2025, 3, 1), "via e-post")
    client.force_login(anna)
    page = client.get(f"/matching/company/{company.pk}/").content.decode()
    assert 'data-testid="partners"' in page and "Stark AB" in page
