"""Merging two company records keeps every related row, asks about conflicts and is audited."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spets.companies.models import Activity, Company, Contact, Referral, Workplace
from spets.companies.permissions import Forbidden
from spets.companies.services import merge
from spets.companies.services.companies import StaleVersion
from spets.core.models import AuditEntry, Organisation, User
from spets.core.scoping import unscoped


@pytest.fixture
def twin(db):
    """The same company registered a second time by another organisation, with a different spelling."""
    with unscoped():
        return Company.objects.create(
            orgnr="5560000019",
            name="Testbolaget Mekaniska",
            sni_id="28",
            municipality_id="2081",
            employees=14,
            website="https://test.example",
        )


def activity(org_slug, *companies, private=False):
    with unscoped():
        act = Activity.objects.create(
            type="advisory_meeting",
            title="Möte",
            date=datetime.date(2025, 3, 1),
            organisation=Organisation.objects.get(slug=org_slug),
            visibility="organisation" if private else "programme",
        )
        act.companies.set(companies)
    return act


def test_merge_keeps_every_related_row_and_records_the_choices(anna, company, twin, carl):
    shared = activity("iuc-dalarna", company, twin)
    private = activity("paper-province", twin, private=True)
    own = activity("iuc-dalarna", company)
    with unscoped():
        Contact.objects.create(company=twin, name="Eva Ek")
        Workplace.objects.create(company=twin, municipality_id="2081", sni_id="28")
        child = Company.objects.create(
            orgnr="5560000027", name="Dotterbolaget AB", municipality_id="2081", parent=twin
        )
        Referral.objects.create(
            company=twin,
            from_organisation=Organisation.objects.get(slug="iuc-dalarna"),
            to_organisation=Organisation.objects.get(slug="paper-province"),
            reason="r",
            consent_date=datetime.date(2025, 3, 1),
            consent_how="muntligt",
            status_changed_at=timezone.now(),
        )
    carl.company_id_scope = twin.pk
    carl.save()
    found = {c.field for c in merge.conflicts(company, twin)}
    assert found == {"orgnr", "name", "sni_id", "employees"}  # website is empty on one side: no conflict

    survivor = merge.merge(
        anna,
        company.pk,
        twin.pk,
        {"orgnr": "survivor", "name": "survivor", "sni_id": "other", "employees": "other"},
        survivor_version=1,
        other_version=1,
    )

    with unscoped():
        assert not Company.objects.filter(pk=twin.pk).exists()
        assert set(survivor.activities.values_list("pk", flat=True)) == {shared.pk, private.pk, own.pk}
        assert list(shared.companies.values_list("pk", flat=True)) == [company.pk]  # link not doubled
        assert Contact.objects.get(name="Eva Ek").company_id == company.pk
        assert Workplace.objects.filter(company=company).count() == 1
        assert Referral.objects.get().company_id == company.pk
        assert Company.objects.get(pk=child.pk).parent_id == company.pk
        survivor = Company.objects.get(pk=company.pk)
    assert (
        survivor.orgnr,
        survivor.name,
        survivor.sni_id,
        survivor.employees,
        survivor.website,
        survivor.version,
    ) == ("5560000001", "Testbolaget Mekaniska AB", "28", 14, "https://test.example", 2)
    assert User.objects.get(pk=carl.pk).company_id_scope == company.pk
    entry = AuditEntry.objects.get(action="merge", company_id=company.pk)
    assert (entry.changes["merged_id"], entry.changes["merged_orgnr"], entry.changes["merged_name"]) == (
        twin.pk,
        "5560000019",
        "Testbolaget Mekaniska",
    )
    assert entry.changes["choice:employees"] == [12, 14, "other"]
    assert entry.changes["choice:orgnr"] == ["5560000001", "5560000019", "survivor"]
    assert (
        entry.changes["moved:companies.Activity"] == 1
    )  # the shared link was dropped, the private one moved
    assert AuditEntry.objects.filter(action="merge", company_id=twin.pk).exists()


def test_survivor_can_take_the_other_org_nr(anna, company, twin):
    choices = {"orgnr": "other", "name": "survivor", "sni_id": "survivor", "employees": "survivor"}
    merge.merge(anna, company.pk, twin.pk, choices, 1, 1)
    with unscoped():
        assert Company.objects.get(pk=company.pk).orgnr == "5560000019"


def test_a_conflict_without_a_choice_is_refused_and_nothing_changes(anna, company, twin):
    activity("iuc-dalarna", twin)
    with pytest.raises(merge.MergeError, match="Välj vilket värde|Choose which value"):
        merge.merge(anna, company.pk, twin.pk, {"orgnr": "survivor"}, 1, 1)
    with unscoped():
        assert Company.objects.filter(pk=twin.pk).exists()
        assert twin.activities.count() == 1


def test_a_record_changed_meanwhile_is_not_merged(anna, company, twin):
    with unscoped():
        Company.objects.filter(pk=twin.pk).update(version=2)
    with pytest.raises(StaleVersion):
        merge.merge(anna, company.pk, twin.pk, {}, 1, 1)
    with unscoped():
        assert Company.objects.filter(pk=twin.pk).exists()


def test_only_advisors_and_programme_managers_merge(lisa, alf, company, twin):
    for user in (lisa, alf):
        with pytest.raises(Forbidden):
            merge.merge(user, company.pk, twin.pk, {}, 1, 1)


def test_merging_a_company_with_itself_is_refused(petra, company):
    with pytest.raises(merge.MergeError):
        merge.merge(petra, company.pk, company.pk, {}, 1, 1)
