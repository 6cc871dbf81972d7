"""Test data builders: companies, contacts, activities, referrals, offers and assessments.

Plain functions with keyword defaults that create rows through the real models (inside `unscoped()`,
since tests build data for several organisations at once) or, for assessments, through the real
services. Every default can be overridden by keyword:

    company = make_company(name="Stålverket AB", employees=250, size_class="large")
    make_contact(company, email="eva@example.invalid")
    make_activity(company, "iuc-dalarna", advisors={anna: 3}, private=True)
    make_assessment(company, MIXED, by=anna, complete=True)

The shared fixtures (tests/conftest.py, tests/companies/conftest.py, tests/assessment/conftest.py) are
built with these; a test that needs one more row calls the function itself.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from spets.companies.models import Activity, ActivityAdvisor, Company, Contact, Offer, Referral
from spets.companies.orgnr import make as make_orgnr
from spets.core.models import FocusArea, Organisation, User
from spets.core.scoping import unscoped

# Strategy 32.5, readiness 51.43, human 62.5, data 25, automation 40, green 50.
from tests.assessment.answer_sets import MIXED

# A more mature answer set (T1 after support): more practices, more technologies in use.
IMPROVED = {
    **MIXED,
    "strategy.preparedness": [
        "needs_known",
        "budget",
        "skills",
        "leadership",
        "staff_open",
        "processes",
        "partners",
        "benefits_tracked",
    ],
    "data.management": ["policy", "integrated", "analysed"],
    "automation.technologies": {"language": 5, "vision": 5, "audio": 2, "robotics": 4, "analytics": 4},
}

# Serial numbers for generated organisationsnummer (55 9xx xxxx: clear of the numbers tests spell out).
_serials = itertools.count(9_000_000)


def org(slug: str | Organisation) -> Organisation:
    """The organisation with this slug (reference data loaded with the test database)."""
    return slug if isinstance(slug, Organisation) else Organisation.objects.get(slug=slug)


def _pk(obj: Any) -> int:
    return obj if isinstance(obj, int) else obj.pk


# --- register -----------------------------------------------------------------------------------------


def make_company(**overrides) -> Company:
    """A small engineering company (SNI 25) in Borlänge with a fresh, valid organisationsnummer."""
    fields: dict[str, Any] = {
        "name": "Testföretaget AB",
        "sni_id": "25",
        "municipality_id": "2081",
        "employees": 12,
        "size_class": "small",
    }
    fields.update(overrides)
    fields.setdefault("orgnr", make_orgnr("55", next(_serials)))
    with unscoped():
        return Company.objects.create(**fields)


def make_contact(company: Company, **overrides) -> Contact:
    """A contact person at `company` (legitimate interest, retention clock starting today)."""
    fields: dict[str, Any] = {"name": "Eva Ek"}
    fields.update(overrides)
    with unscoped():
        return Contact.objects.create(company=company, **fields)


def make_activity(
    companies: Company | Iterable[Company],
    organisation: str | Organisation,
    advisors: User | Iterable[User] | Mapping[User, float] = (),
    *,
    hours: float = 2,
    private: bool = False,
    **overrides,
) -> Activity:
    """An advisory meeting on 2025-02-01 by `organisation` (a slug or an Organisation) with `companies`.

    `advisors` is one user, several (each with `hours`) or a mapping user -> hours. `private=True` keeps
    the activity inside the organisation (visibility "organisation"); the default is programme-wide.
    """
    if isinstance(companies, Company):
        companies = [companies]
    if isinstance(advisors, User):
        advisors = [advisors]
    if not isinstance(advisors, Mapping):
        advisors = dict.fromkeys(advisors, hours)
    fields: dict[str, Any] = {
        "type": "advisory_meeting",
        "title": "Möte",
        "date": datetime.date(2025, 2, 1),
        "visibility": "organisation" if private else "programme",
    }
    fields.update(overrides)
    with unscoped():
        activity = Activity.objects.create(organisation=org(organisation), **fields)
        activity.companies.set(list(companies))
        for advisor, advisor_hours in advisors.items():
            ActivityAdvisor.objects.create(activity=activity, advisor=advisor, hours=advisor_hours)
    return activity


def make_referral(
    company: Company, from_organisation: str | Organisation, to_organisation: str | Organisation, **overrides
) -> Referral:
    """A referral (status "sent", now) with oral consent given on 2025-03-01."""
    fields: dict[str, Any] = {
        "reason": "Bioekonomi",
        "consent_date": datetime.date(2025, 3, 1),
        "consent_how": "muntligt",
        "status_changed_at": timezone.now(),
    }
    fields.update(overrides)
    with unscoped():
        return Referral.objects.create(
            company=company,
            from_organisation=org(from_organisation),
            to_organisation=org(to_organisation),
            **fields,
        )


def catalogue() -> list[Offer]:
    """IUC Gävleborg's offers: two analyses for small and medium companies, one for large ones."""
    area = {a.code: a for a in FocusArea.objects.all()}
    gavleborg = org("iuc-gavleborg")
    with unscoped():
        return [
            Offer.objects.create(
                organisation=gavleborg,
                name="Digital mognadsanalys",
                type="analysis",
                focus_area=area["digitalisation"],
                eligible_sizes="small,medium",
            ),
            Offer.objects.create(
                organisation=gavleborg,
                name="Automationscheck",
                type="analysis",
                focus_area=area["automation"],
            ),
            Offer.objects.create(
                organisation=gavleborg,
                name="Stor-företagsprogram",
                type="analysis",
                focus_area=area["digitalisation"],
                eligible_sizes="large",
            ),
        ]


# --- assessments --------------------------------------------------------------------------------------


def respondent_id(assessment) -> int:
    """The first respondent of an assessment (the one every assessment starts with)."""
    with unscoped():
        return assessment.respondents.order_by("position", "id").first().pk


def make_assessment(
    company: Company | int,
    answers: dict[str, Any] | None = None,
    *,
    by: User,
    framework: str = "dma-sme-v1",
    mode: str = "interview",
    complete: bool = False,
    **options,
):
    """An assessment of `company` started by advisor `by` through the services, as the pages do.

    `answers` are saved for the first respondent; `complete=True` also completes it (scores stored).
    `options` go to `services.create_assessment` (respondent_name, respondent_role).
    """
    from spets.assessment import services
    from spets.assessment.models import Assessment

    assessment = services.create_assessment(by, _pk(company), framework, mode, **options)
    if answers is None and not complete:
        return assessment
    if answers is not None:
        services.save_answers(by, assessment.pk, respondent_id(assessment), answers)
    if complete:
        services.complete(by, assessment.pk)
    with unscoped():
        return Assessment.objects.get(pk=assessment.pk)


def completed(user: User, company_id: int, answers: dict, framework: str = "dma-sme-v1"):
    """A completed interview of the company with these answers."""
    return make_assessment(company_id, answers, by=user, framework=framework, complete=True)


def peer_companies(user: User, n: int, sni: str = "25", municipality: str = "2080") -> list[Company]:
    """`n` small companies (Falun by default) with completed DMA assessments, slightly different each."""
    companies = []
    for i in range(n):
        c = make_company(
            orgnr=f"55600010{i:02d}",
            name=f"Kamrat {i} AB",
            sni_id=sni,
            municipality_id=municipality,
            employees=20,
        )
        answers = dict(MIXED)
        answers["strategy.preparedness"] = MIXED["strategy.preparedness"][: 1 + i % 4]
        completed(user, c.pk, answers)
        companies.append(c)
    return companies
