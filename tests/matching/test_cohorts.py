"""Cohorts across county lines: proposals, then name, organisations, move, lock, remove, invite, history."""

from __future__ import annotations

import pytest
from django.core import mail

from spets.companies.models import Contact
from spets.core.errors import Conflict, Forbidden, InvalidData
from spets.core.models import Organisation
from spets.core.scoping import unscoped
from spets.matching.models import Cohort, CohortEntry, CohortInvitation, CohortMember
from spets.matching.services import cohorts as services
from spets.matching.services.gaps import gap_profile
from tests.factories import make_company, make_contact
from tests.matching.setup import cohort_companies


@pytest.fixture
def eight(anna):
    return cohort_companies(anna)


def test_a_proposal_groups_companies_with_the_same_gap_across_two_counties(anna, eight):
    found = services.propose(anna, sni_prefix="25", sizes=("small",), target=8)
    assert len(found.cohorts) == 1
    proposal = found.cohorts[0]
    assert {c.pk for c in proposal.companies} == {c.pk for c in eight}
    assert proposal.counties == ("17", "20")
    gaps = gap_profile(eight[0].pk).dimensions
    largest = max((g.gap, d) for d, g in gaps.items() if d != "overall")
    assert largest[0] > 0 and proposal.challenge == largest[1]
    assert services.propose(anna, sni_prefix="25", sizes=("small",), target=8) == found


def test_too_few_eligible_companies_says_so(anna, eight):
    with pytest.raises(InvalidData) as exc:
        services.propose(anna, sni_prefix="16")
    assert "0" in exc.value.errors["companies"]
    with pytest.raises(InvalidData) as exc:
        services.propose(anna, target=40)
    assert "target" in exc.value.errors


def test_the_proposal_page_says_too_few_in_swedish(client, anna, eight):
    client.force_login(anna)
    page = client.get("/matching/cohorts/propose/", {"sni_prefix": "16"}).content.decode()
    assert "För få" in page


def _cohort(user, companies, name="Automation i små verkstäder"):
    return services.create_cohort(user, name, [c.pk for c in companies], theme="Automation")


def test_advisors_create_name_and_assign_organisations_with_history(anna, eight):
    cohort = _cohort(anna, eight)
    assert services.member_company_ids(cohort.pk) == sorted(c.pk for c in eight)
    varmland = Organisation.objects.get(slug="iuc-varmland")
    dalarna = Organisation.objects.get(slug="iuc-dalarna")
    services.update_cohort(
        anna,
        cohort.pk,
        cohort.version,
        name="Automation i verkstäder",
        theme="Robotar",
        status="active",
        organisation_ids=[varmland.pk, dalarna.pk],
    )
    with unscoped():
        cohort = Cohort.objects.get(pk=cohort.pk)
        actions = list(
            CohortEntry.objects.filter(cohort=cohort).order_by("id").values_list("action", flat=True)
        )
    assert cohort.name == "Automation i verkstäder" and cohort.version == 2
    assert set(cohort.organisations.values_list("slug", flat=True)) == {"iuc-varmland", "iuc-dalarna"}
    assert actions == ["create", "rename", "organisations", "theme"]


def test_a_stale_save_is_refused(anna, bertil, eight):
    cohort = _cohort(anna, eight)
    args = {"theme": "", "status": "active", "organisation_ids": [anna.organisation_id]}
    services.update_cohort(bertil, cohort.pk, 1, name="Bertils namn", **args)
    with pytest.raises(Conflict):
        services.update_cohort(anna, cohort.pk, 1, name="Annas namn", **args)


def test_locked_companies_stay_put_and_leave_later_proposals(anna, eight):
    cohort = _cohort(anna, eight)
    other = services.create_cohort(anna, "Andra", [make_company(name="Extra AB").pk])
    first = eight[0]
    services.set_locked(anna, cohort.pk, first.pk, True)
    with pytest.raises(InvalidData, match="lås|lock"):
        services.remove_company(anna, cohort.pk, first.pk)
    with pytest.raises(InvalidData):
        services.move_company(anna, cohort.pk, first.pk, other.pk)
    with pytest.raises(InvalidData):
        services.add_company(anna, other.pk, first.pk)  # locked in another cohort
    services.move_company(anna, cohort.pk, eight[1].pk, other.pk)
    services.remove_company(anna, cohort.pk, eight[2].pk)
    assert eight[1].pk in services.member_company_ids(other.pk)
    assert set(services.member_company_ids(cohort.pk)) == {c.pk for c in eight} - {eight[1].pk, eight[2].pk}


def test_a_locked_company_is_left_out_of_proposals(anna, eight):
    cohort = _cohort(anna, eight[:1])
    services.set_locked(anna, cohort.pk, eight[0].pk, True)
    found = services.propose(anna, target=6)
    proposed = {c.pk for p in found.cohorts for c in p.companies}
    assert eight[0].pk not in proposed and proposed  # the other seven are still proposed


def test_invitations_go_to_the_members_contacts_by_e_mail(anna, eight, django_capture_on_commit_callbacks):
    cohort = _cohort(anna, eight)
    make_contact(eight[0], name="Eva Ek", email="eva@example.invalid")
    make_contact(eight[1], name="Utan Adress")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invite(anna, cohort.pk, "Välkommen till kohorten!")
    assert sent == 1
    assert [m.to for m in mail.outbox] == [["eva@example.invalid"]]
    assert "Välkommen till kohorten!" in mail.outbox[0].body
    with unscoped():
        assert CohortInvitation.objects.filter(cohort=cohort).count() == 1


def test_an_invitation_without_text_or_recipients_writes_nothing(anna, eight):
    cohort = _cohort(anna, eight)
    with pytest.raises(InvalidData):
        services.invite(anna, cohort.pk, "  ")
    with pytest.raises(InvalidData):
        services.invite(anna, cohort.pk, "Hej")  # no contact has an address
    with unscoped():
        assert not CohortInvitation.objects.exists() and not Contact.objects.exists()
    assert mail.outbox == []


def test_creating_a_cohort_with_an_unknown_company_writes_nothing(anna, eight):
    with pytest.raises(InvalidData):
        services.create_cohort(anna, "X", [eight[0].pk, 999_999])
    with pytest.raises(InvalidData) as exc:
        services.create_cohort(anna, " ", [eight[0].pk])
    assert "name" in exc.value.errors
    with unscoped():
        assert not Cohort.objects.exists() and not CohortMember.objects.exists()


def test_viewers_read_cohorts_but_change_nothing(lisa, anna, eight):
    cohort = _cohort(anna, eight)
    with pytest.raises(Forbidden):
        services.remove_company(lisa, cohort.pk, eight[0].pk)
    with pytest.raises(Forbidden):
        services.create_cohort(lisa, "X", [eight[0].pk])


def test_the_cohort_page_shows_members_and_history_in_words(client, anna, eight):
    cohort = _cohort(anna, eight)
    services.set_locked(anna, cohort.pk, eight[0].pk, True)
    client.force_login(anna)
    page = client.get(f"/matching/cohorts/{cohort.pk}/").content.decode()
    assert eight[0].name in page and 'data-testid="locked"' in page
    assert "låste" in page or "locked" in page
    assert "Karlstad" in page and "Borlänge" in page


def test_the_page_flow_creates_moves_and_removes(client, anna, eight):
    client.force_login(anna)
    ids = ",".join(str(c.pk) for c in eight)
    response = client.post("/matching/cohorts/new/", {"name": "Kohort A", "theme": "", "companies": ids})
    with unscoped():
        cohort = Cohort.objects.get(name="Kohort A")
    assert response.url == f"/matching/cohorts/{cohort.pk}/"
    client.post(f"/matching/cohorts/{cohort.pk}/members/{eight[0].pk}/remove/")
    assert eight[0].pk not in services.member_company_ids(cohort.pk)
    bad = client.post("/matching/cohorts/new/", {"name": "Trasig", "companies": "1,x"}, follow=True)
    assert "skadad" in bad.content.decode() or "damaged" in bad.content.decode()
    client.post(f"/matching/cohorts/{cohort.pk}/add/", {"orgnr": eight[0].orgnr})
    assert eight[0].pk in services.member_company_ids(cohort.pk)
