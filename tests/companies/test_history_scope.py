"""The company page's change history is scoped like the rows behind it: a private activity's entry is for its
organisation, a referral's for the two organisations involved; programme managers read no other
organisation's private notes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from spets.companies.services import activities, referrals
from spets.core.audit import history_for
from spets.core.scoping import unscoped
from tests.factories import org

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_work_and_referral(anna, petra, company):
    activities.log_activity(
        anna,
        type="advisory_meeting",
        title="Ägarskifte diskuteras",
        date=datetime.date(2025, 3, 1),
        company_ids=[company.pk],
        advisor_hours=[(anna.pk, 2)],
        visibility="organisation",
    )
    referral = referrals.create_referral(
        anna,
        company.pk,
        org("iuc-gavleborg").pk,
        "Energikartläggning",
        datetime.date(2025, 3, 1),
        "samtycke per telefon till VD",
    )
    referrals.transition(petra, referral.pk, "accept", note="Vi tar det i april, hemlig prioritering")
    return referral


def _history_page(client, user, company) -> str:
    client.force_login(user)
    return client.get(reverse("companies:detail", args=[company.pk])).content.decode()


def test_another_organisations_advisor_sees_neither_private_work_nor_their_referral_in_the_history(
    client, cecilia, company, private_work_and_referral
):
    page = _history_page(client, cecilia, company)
    assert 'data-testid="audit"' in page
    assert "Ägarskifte diskuteras" not in page
    assert (
        "IUC Gävleborg" not in page
        and "samtycke per telefon" not in page
        and "hemlig prioritering" not in page
    )
    assert (
        not history_for(cecilia, company.pk)
        .filter(object_type__in=("companies.Activity", "companies.Referral"))
        .exists()
    )


@pytest.mark.parametrize("who", ["anna", "bertil"])
def test_the_organisations_involved_still_read_them(
    client, personas, company, who, private_work_and_referral
):
    page = _history_page(client, personas[who], company)
    assert "Ägarskifte diskuteras" in page
    assert "samtycke per telefon" in page and "hemlig prioritering" in page


def test_a_programme_manager_at_another_organisation_reads_the_referral_but_not_the_private_note(
    client, petra, company, private_work_and_referral
):
    page = _history_page(client, petra, company)  # petra is at IUC Gävleborg, the referral's receiver
    assert "samtycke per telefon" in page and "hemlig prioritering" in page
    assert "Ägarskifte diskuteras" not in page


def test_shared_work_stays_in_everyones_history(client, anna, cecilia, company):
    activities.log_activity(
        anna,
        type="workshop",
        title="Öppen workshop",
        date=datetime.date(2025, 3, 1),
        company_ids=[company.pk],
        advisor_hours=[(anna.pk, 2)],
    )
    assert "Öppen workshop" in _history_page(client, cecilia, company)


def test_analysts_and_company_users_get_no_restricted_entries(alf, carl, company, private_work_and_referral):
    assert not history_for(alf, company.pk).filter(restricted=True).exists()
    assert not history_for(carl, company.pk).exists()


def test_the_migration_restricts_entries_written_before_entries_named_their_readers(
    anna, cecilia, company, referral
):
    import importlib

    from django.apps import apps

    from spets.core.audit import log_action
    from spets.core.models import AuditEntry

    private = activities.log_activity(
        anna,
        type="advisory_meeting",
        title="Gammal hemlighet",
        date=datetime.date(2024, 3, 1),
        company_ids=[company.pk],
        advisor_hours=[(anna.pk, 1)],
        visibility="organisation",
    )
    log_action(anna, "create", private, company_id=company.pk)
    log_action(anna, "create", referral, company_id=company.pk, changes={"consent_how": "muntligt"})
    old = AuditEntry.objects.filter(
        restricted=False, object_type__in=("companies.Activity", "companies.Referral")
    )
    assert old.count() == 2
    migration = importlib.import_module("spets.companies.migrations.0005_restrict_audit_history")
    with unscoped():  # the real models here; the migration itself gets unscoped historical ones
        migration.restrict(apps, None)
    assert not old.exists()
    assert not history_for(cecilia, company.pk).filter(object_type="companies.Activity").exists()
    # the referral goes from IUC Dalarna to Paper Province: cecilia's organisation is involved
    assert history_for(cecilia, company.pk).filter(object_type="companies.Referral").count() == 1
    assert history_for(anna, company.pk).filter(object_type="companies.Activity").count() == 2
