"""An advisor sends a self-assessment link by e-mail: to a contact of the company from the register or
to a typed address; the e-mail is Swedish, holds the absolute link and its expiry date, and is audited."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from spets.assessment import services
from spets.assessment.models import SelfAssessmentLink
from spets.companies.models import Company, Contact
from spets.core.models import AuditEntry
from spets.core.scoping import unscoped


@pytest.fixture
def self_assessment(anna, company):
    return services.create_assessment(anna, company.pk, "dma-sme-v1", "self")


@pytest.fixture
def vera(company, anna):
    with unscoped():
        return Contact.objects.create(
            company=company,
            name="Vera Vd",
            title="VD",
            email="vera@testbolaget.se",
            organisation_id=anna.organisation_id,
        )


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _links(a) -> int:
    with unscoped():
        return SelfAssessmentLink.objects.filter(assessment=a).count()


def test_link_sent_to_a_contact_in_swedish(anna, self_assessment, vera):
    a = self_assessment
    page = _client(anna).get(f"/assessment/{a.pk}/").content.decode()
    form = page.split('data-testid="send-link"')[1].split("</form>")[0]
    assert f'<option value="{vera.pk}">Vera Vd (VD) &lt;vera@testbolaget.se&gt;</option>' in form
    page = (
        _client(anna)
        .post(f"/assessment/{a.pk}/links/", {"days": "14", "contact": str(vera.pk)}, follow=True)
        .content.decode()
    )
    assert "Länken skickades med e-post till vera@testbolaget.se" in page
    (message,) = mail.outbox
    assert message.to == ["vera@testbolaget.se"]
    assert message.subject == "Självskattning för Testbolaget Mekaniska AB"
    assert message.body.startswith("Hej Vera Vd,")
    assert "IUC Dalarna bjuder in Testbolaget Mekaniska AB till en självskattning" in message.body
    expires = (timezone.localtime() + datetime.timedelta(days=14)).date().isoformat()
    assert f"Länken gäller till {expires}." in message.body
    url = re.search(r"http://testserver/assessment/s/[\w-]+/", message.body).group(0)
    assert Client().get(url).status_code == 200  # the absolute link opens the self-assessment
    with unscoped():
        entry = AuditEntry.objects.get(action="send", object_type="assessment.SelfAssessmentLink")
    assert entry.company_id == a.company_id and entry.user_id == anna.pk
    assert entry.changes == {"contact": vera.pk}  # no address (personal data) in the audit trail


def test_link_sent_to_a_typed_address(anna, self_assessment):
    c = _client(anna)
    c.post(f"/assessment/{self_assessment.pk}/links/", {"days": "30", "email": " ekonomi@testbolaget.se "})
    (message,) = mail.outbox
    assert message.to == ["ekonomi@testbolaget.se"] and message.body.startswith("Hej,")
    with unscoped():
        assert AuditEntry.objects.get(action="send").changes == {"to_domain": "testbolaget.se"}


def test_bad_recipients_send_nothing_and_create_no_link(anna, self_assessment, vera):
    a = self_assessment
    c = _client(anna)
    bad = c.post(f"/assessment/{a.pk}/links/", {"email": "not-an-address"}, follow=True).content.decode()
    assert "”not-an-address” är inte en e-postadress" in bad  # Swedish UI
    with unscoped():
        other = Company.objects.create(
            orgnr="5560002022", name="Annat AB", sni_id="25", municipality_id="2081"
        )
        stranger = Contact.objects.create(company=other, name="Sten Annan", email="sten@annat.se")
    c.post(f"/assessment/{a.pk}/links/", {"contact": str(stranger.pk)})  # another company's contact
    c.post(f"/assessment/{a.pk}/links/", {"contact": str(vera.pk), "email": "x@y.se"})  # both
    assert mail.outbox == [] and _links(a) == 0
    with unscoped():
        assert not AuditEntry.objects.filter(action="send").exists()


@pytest.mark.parametrize("who", ["lisa", "carl"])
def test_viewers_and_company_users_cannot_send(request, who, self_assessment, vera):
    r = _client(request.getfixturevalue(who)).post(
        f"/assessment/{self_assessment.pk}/links/", {"contact": str(vera.pk)}
    )
    assert r.status_code == 403 and mail.outbox == [] and _links(self_assessment) == 0
