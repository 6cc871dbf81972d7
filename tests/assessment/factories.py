"""Builders for the Django-layer tests: answer sets, peer companies with results, an offer catalogue."""

from __future__ import annotations

from spets.assessment import services
from spets.assessment.models import Assessment
from spets.companies.models import Company, Offer
from spets.core.models import FocusArea, Organisation
from spets.core.scoping import unscoped

# Strategy 32.5, readiness 51.43, human 62.5, data 25, automation 40, green 50.
from tests.assessment.answer_sets import MIXED  # noqa: E402

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


def respondent_id(assessment: Assessment) -> int:
    with unscoped():
        return assessment.respondents.order_by("position", "id").first().pk


def completed(user, company_id: int, answers: dict, framework: str = "dma-sme-v1") -> Assessment:
    a = services.create_assessment(user, company_id, framework, "interview")
    services.save_answers(user, a.pk, respondent_id(a), answers)
    services.complete(user, a.pk)
    with unscoped():
        return Assessment.objects.get(pk=a.pk)


def peer_companies(user, n: int, sni: str = "25", municipality: str = "2080") -> list[Company]:
    companies = []
    for i in range(n):
        with unscoped():
            c = Company.objects.create(
                orgnr=f"55600010{i:02d}",
                name=f"Kamrat {i} AB",
                sni_id=sni,
                municipality_id=municipality,
                employees=20,
                size_class="small",
            )
        answers = dict(MIXED)
        answers["strategy.preparedness"] = MIXED["strategy.preparedness"][: 1 + i % 4]
        completed(user, c.pk, answers)
        companies.append(c)
    return companies


def catalogue() -> list[Offer]:
    area = {a.code: a for a in FocusArea.objects.all()}
    org = Organisation.objects.get(slug="iuc-gavleborg")
    with unscoped():
        return [
            Offer.objects.create(
                organisation=org,
                name="Digital mognadsanalys",
                type="analysis",
                focus_area=area["digitalisation"],
                eligible_sizes="small,medium",
            ),
            Offer.objects.create(
                organisation=org, name="Automationscheck", type="analysis", focus_area=area["automation"]
            ),
            Offer.objects.create(
                organisation=org,
                name="Stor-företagsprogram",
                type="analysis",
                focus_area=area["digitalisation"],
                eligible_sizes="large",
            ),
        ]
