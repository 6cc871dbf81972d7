"""Synthetic assessments for the demo: T0 for a few hundred demo companies, T1 for some. NOT real data.

Answers follow a latent maturity per company (larger companies and process industries somewhat more
mature, plus noise); about one answer in twelve is skipped, so partial dimensions occur as in real
use. A T1 six months or more later shows the change after support. Some companies have priorities and
action-plan items, and one has an open self-assessment link (its token is not kept: create a fresh
link from the assessment page). Deterministic for a seed; runs inside unscoped() and a transaction.
"""

from __future__ import annotations

import datetime
import random
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from spets.assessment.frameworks import (
    DMA_FRAMEWORK_ID,
    FRAMEWORKS,
    Framework,
    Question,
    framework_file,
    load_framework,
)
from spets.assessment.models import (
    ActionPlanItem,
    Answer,
    Assessment,
    CompanyPriority,
    Mode,
    PlanStatus,
    Respondent,
    Round,
    SelfAssessmentLink,
    Status,
)
from spets.assessment.scoring import score
from spets.companies.models import Company, Offer
from spets.core.models import FocusArea, Role

T0_COMPANIES = 320
T1_SHARE = 0.3
SIZE_BASE = {"micro": 0.28, "small": 0.4, "medium": 0.55, "large": 0.68, "": 0.35}
DIVISION_SHIFT = {
    "17": 0.1,
    "24": 0.08,
    "27": 0.08,
    "29": 0.06,
    "16": -0.04,
    "10": -0.04,
    "31": -0.06,
    "18": -0.05,
}
# The frameworks' mix: 55 % DMA only, 30 % the transformation profile only, 15 % both.
DMA = framework_file(DMA_FRAMEWORK_ID)
PROFILE = framework_file("spets-profile")
HOME_ORGS = {"17": "iuc-varmland", "20": "iuc-dalarna", "21": "iuc-gavleborg"}
ROLES = ["VD", "Produktionschef", "Ekonomichef", "Hållbarhetsansvarig", "IT-ansvarig"]


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


def _answer(q: Question, m: float, rng: random.Random, employees: int) -> Any:
    """A plausible answer for maturity m (0..1)."""
    if q.type == "checkbox":
        chosen = [
            o.id
            for k, o in enumerate(q.options)
            if not o.negative and rng.random() < _clamp(m * 1.3 - 0.08 * (k % 4))
        ]
        chosen += [o.id for o in q.options if o.negative and rng.random() < 0.35 * (1 - m) ** 2]
        return chosen
    if q.type == "checkbox_matrix":
        cols = [c.id for c in q.columns]
        return {
            cols[0]: [o.id for o in q.options if rng.random() < m * 0.8],
            **{c: [o.id for o in q.options if rng.random() < 0.35 * (1 - m) + 0.05] for c in cols[1:]},
        }
    if q.type in ("scale", "scale_items"):
        assert q.scale is not None
        levels = [lv.id for lv in q.scale.levels]

        def level():
            return levels[int(_clamp(m * (len(levels) - 1) + rng.gauss(0, 0.9), 0, len(levels) - 1) + 0.5)]

        if q.type == "scale":
            return level()
        return {i.id: level() for i in q.items if rng.random() > 0.04}
    if q.type == "single_choice":
        scored = [o for o in q.options if o.points is not None]
        if len(scored) < len(q.options) and rng.random() < 0.05:
            return next(o.id for o in q.options if o.points is None)
        target = _clamp(m + rng.gauss(0, 0.2))
        return min(scored, key=lambda o: abs(float(o.points) - target)).id
    if q.type == "percentage":
        return round(_clamp(m * 0.7 + rng.gauss(0, 0.12)) * 100)
    # energy quantities (not scored): in proportion to the headcount, some lines left out
    if rng.random() < 0.5:
        return None
    hi = float(q.maximum) if q.maximum is not None else 1e6
    return min(hi, round(max(1, employees) * rng.uniform(2, 25)))


def answers_for(fw: Framework, m: float, rng: random.Random, employees: int, division: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for d in fw.dimensions:
        if d.id == "forest_bioeconomy" and division not in ("16", "17"):
            continue
        if d.id == "steel_metal" and division not in ("24", "25"):
            continue
        for q in d.questions:
            if rng.random() < 0.08:
                continue  # skipped: unanswered is not zero
            value = _answer(q, m, rng, employees)
            if value not in (None, {}):
                out[q.id] = value
    return out


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def load(seed: int) -> dict:
    rng = random.Random(seed + 40)
    frameworks = {name: load_framework(name) for name in FRAMEWORKS}
    User = get_user_model()
    advisors = {}
    for county, slug in HOME_ORGS.items():
        advisors[county] = (
            User.objects.filter(organisation__slug=slug, role__in=[Role.ADVISOR, Role.PROGRAMME_MANAGER])
            .order_by("role", "username")
            .first()
        )
    pool = list(
        Company.objects.filter(synthetic=True, personal_data=False, employees__gte=2)
        .select_related("municipality")
        .order_by("id")
    )
    chosen = sorted(rng.sample(pool, min(T0_COMPANIES, len(pool))), key=lambda c: c.pk)

    plans: list[tuple[Assessment, Company, str, dict, float, bool]] = []
    for company in chosen:
        county = company.municipality.county_id
        division = company.sni_id or ""
        m = _clamp(
            SIZE_BASE.get(company.size_class, 0.35) + DIVISION_SHIFT.get(division, 0) + rng.gauss(0, 0.15),
            0.03,
            0.95,
        )
        r = rng.random()
        names = [DMA] if r < 0.55 else ([PROFILE] if r < 0.85 else [DMA, PROFILE])
        follow = rng.random() < T1_SHARE
        for name in names:
            fw = frameworks[name]
            day = datetime.date(2024, 2, 1) + datetime.timedelta(days=rng.randint(0, 240))
            answers = answers_for(fw, m, rng, company.employees or 1, division)
            a = Assessment(
                company=company,
                framework=name,
                framework_id=fw.id,
                framework_version=fw.version,
                method_version=fw.method_version,
                round=Round.T0,
                mode=Mode.INTERVIEW if rng.random() < 0.7 else Mode.SELF,
                status=Status.COMPLETED,
                completed_at=_at(day),
                organisation=advisors[county].organisation,
                created_by=advisors[county],
                result=score(fw, answers).to_dict(),
                synthetic=True,
            )
            plans.append((a, company, name, answers, m, follow))
    Assessment.objects.bulk_create([p[0] for p in plans])

    follow_ups: list[tuple[Assessment, dict]] = []
    planned = 0
    today = timezone.localdate()
    for t0, company, name, _answers, m, follow in plans:
        fw = frameworks[name]
        if follow:
            later = t0.completed_at.date() + datetime.timedelta(days=rng.randint(180, 300))
            answers = answers_for(
                fw, _clamp(m + rng.uniform(0.05, 0.22)), rng, company.employees or 1, company.sni_id or ""
            )
            t1 = Assessment(
                company=company,
                framework=name,
                framework_id=fw.id,
                framework_version=fw.version,
                method_version=fw.method_version,
                round=Round.T1,
                mode=t0.mode,
                status=Status.COMPLETED,
                follows=t0,
                scheduled_for=later,
                completed_at=_at(later),
                organisation=t0.organisation,
                created_by=t0.created_by,
                result=score(fw, answers).to_dict(),
                synthetic=True,
            )
            follow_ups.append((t1, answers))
        elif planned < 12:
            planned += 1  # a few T1 still to come: they show in the reminders
            t1 = Assessment(
                company=company,
                framework=name,
                framework_id=fw.id,
                framework_version=fw.version,
                method_version=fw.method_version,
                round=Round.T1,
                mode=t0.mode,
                status=Status.PLANNED,
                follows=t0,
                scheduled_for=today + datetime.timedelta(days=7 * planned),
                organisation=t0.organisation,
                created_by=t0.created_by,
                synthetic=True,
            )
            follow_ups.append((t1, {}))
    Assessment.objects.bulk_create([f[0] for f in follow_ups])

    everything = [(p[0], p[3]) for p in plans] + follow_ups
    respondents = [
        Respondent(assessment=a, name=f"{rng.choice(ROLES)} (demo)", role=rng.choice(ROLES))
        for a, _ in everything
    ]
    Respondent.objects.bulk_create(respondents)
    rows = [
        Answer(assessment=a, respondent=r, question_id=qid, value=value)
        for (a, answers), r in zip(everything, respondents, strict=True)
        for qid, value in answers.items()
    ]
    Answer.objects.bulk_create(rows, batch_size=2000)

    # Priorities and action plans for some of the companies.
    areas = list(FocusArea.objects.all())
    offers = list(
        Offer.objects.filter(active=True, synthetic=True).select_related("organisation").order_by("id")
    )
    priorities, items = [], []
    for a, company, *_rest in plans[::5]:
        for area in rng.sample(areas, 3):
            priorities.append(CompanyPriority(company=company, focus_area=area, rating=rng.randint(1, 5)))
        for offer in rng.sample(offers, min(2, len(offers))) if offers else []:
            if not offer.eligible(company):
                continue
            items.append(
                ActionPlanItem(
                    company=company,
                    assessment=a,
                    measure=offer.name,
                    responsible=offer.organisation,
                    offer=offer,
                    status=rng.choice(PlanStatus.values[:3]),
                    synthetic=True,
                    due_date=a.completed_at.date() + datetime.timedelta(days=rng.randint(60, 300)),
                    updated_by=a.created_by,
                )
            )
    CompanyPriority.objects.bulk_create(priorities, ignore_conflicts=True)
    ActionPlanItem.objects.bulk_create(items)

    # One company waits for its self-assessment: an open link (the token is not kept anywhere).
    assessed = {p[1].pk for p in plans}
    waiting = next(c for c in pool if c.pk not in assessed and c.size_class == "small")
    county = waiting.municipality.county_id
    fw = frameworks[DMA]
    open_a = Assessment.objects.create(
        company=waiting,
        framework=DMA,
        framework_id=fw.id,
        framework_version=fw.version,
        method_version=fw.method_version,
        round=Round.T0,
        mode=Mode.SELF,
        status=Status.IN_PROGRESS,
        organisation=advisors[county].organisation,
        created_by=advisors[county],
        synthetic=True,
    )
    respondent = Respondent.objects.create(assessment=open_a, name="Självskattning")
    token = secrets.token_urlsafe(32)
    SelfAssessmentLink.objects.create(
        assessment=open_a,
        respondent=respondent,
        token_hash=SelfAssessmentLink.hash(token),
        prefix=token[:8],
        expires_at=timezone.now() + datetime.timedelta(days=30),
        created_by=advisors[county],
    )
    return {
        "t0": len(plans),
        "t1_completed": sum(1 for f, _ in follow_ups if f.status == Status.COMPLETED),
        "t1_planned": planned,
        "answers": len(rows),
        "action_plan_items": len(items),
        "priorities": len(priorities),
        "open_links": 1,
    }
