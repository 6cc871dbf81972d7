"""Query-level scoping: who sees which rows of the register."""

from __future__ import annotations

import pytest

from spets.companies.models import Activity, ActivityAdvisor, Company, Contact, Offer, Referral
from spets.companies.services import activities, timeline
from spets.core.scoping import ScopeError


@pytest.mark.parametrize("model", [Company, Contact, Activity, ActivityAdvisor, Offer, Referral])
def test_an_unscoped_query_raises(model, db):
    with pytest.raises(ScopeError):
        list(model.objects.all())


def test_cecilia_never_sees_iuc_dalarnas_private_note(cecilia, dalarna_notes, company):
    shared, private = dalarna_notes
    visible = set(Activity.objects.for_user(cecilia).values_list("pk", flat=True))
    assert visible == {shared.pk}
    assert [a.pk for a in timeline.timeline(cecilia, company.pk)] == [shared.pk]
    # Nor the hours rows of the private activity (aggregate hours are a separate, unscoped figure).
    assert not ActivityAdvisor.objects.for_user(cecilia).filter(activity=private).exists()


def test_anna_sees_her_colleagues_private_note(anna, dalarna_notes):
    shared, private = dalarna_notes
    assert set(Activity.objects.for_user(anna).values_list("pk", flat=True)) == {shared.pk, private.pk}


def test_the_programme_manager_sees_everything_but_another_organisations_private_note(
    petra, dalarna_notes, contact, referral
):
    assert list(Activity.objects.for_user(petra)) == [dalarna_notes[0]]
    assert Contact.objects.for_user(petra).count() == 1
    assert Referral.objects.for_user(petra).count() == 1


def test_alf_the_analyst_sees_no_contacts_and_no_private_notes(alf, dalarna_notes, contact, referral):
    assert Contact.objects.for_user(alf).count() == 0
    assert list(Activity.objects.for_user(alf)) == [dalarna_notes[0]]
    assert Company.objects.for_user(alf).count() == 1  # master data is shared


def test_carl_sees_only_his_own_company(carl, company, other_company, contact, dalarna_notes):
    assert list(Company.objects.for_user(carl)) == [company]
    assert list(Contact.objects.for_user(carl)) == [contact]
    assert list(Activity.objects.for_user(carl)) == [dalarna_notes[0]]
    assert Offer.objects.for_user(carl).count() == 0


def test_referrals_are_seen_by_the_two_organisations_involved(anna, cecilia, lisa, petra, referral):
    assert Referral.objects.for_user(anna).count() == 1
    assert Referral.objects.for_user(cecilia).count() == 1
    assert Referral.objects.for_user(lisa).count() == 0  # IUC Värmland is not involved


def test_anonymous_users_see_nothing(company):
    from django.contrib.auth.models import AnonymousUser

    assert Company.objects.for_user(AnonymousUser()).count() == 0


def test_hours_by_organisation_include_private_hours_but_not_notes(company, dalarna_notes):
    assert activities.hours_by_organisation(company.pk) == [{"organisation": "IUC Dalarna", "hours": 4.5}]
