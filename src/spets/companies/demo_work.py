"""Synthetic support work for the demo: offers, contacts, activities and referrals. NOT real data.

The story: the eight organisations each keep a small catalogue; over 2024–2025 they met a few hundred
companies, some of them several times by different organisations (the reason for a shared register).
Some notes are private to the organisation that wrote them. Referrals flow between organisations: a
few wait for an answer (one long enough to trigger a reminder), others were accepted and completed.
Runs inside `unscoped()` and one transaction (see spets.core.demo); deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from spets.companies.models import (
    Activity,
    ActivityAdvisor,
    ActivityType,
    Company,
    Contact,
    LawfulBasis,
    Offer,
    Referral,
    ReferralStatus,
    Visibility,
)
from spets.core.models import FocusArea, Organisation, Role

# (organisation slug, offer name, type, focus area, sizes, SNI, typical hours, value SEK, capacity)
OFFERS = [
    ("iuc-dalarna", "Produktionslyftet light", "analysis", "automation", "small,medium", "C", 40, 60000, 20),
    (
        "iuc-dalarna",
        "Rådgivningsmöte om omställning",
        "advisory_meeting",
        "green-transition",
        "",
        "",
        4,
        5000,
        200,
    ),
    ("iuc-varmland", "Automationscheck", "analysis", "automation", "micro,small,medium", "C", 24, 36000, 30),
    ("iuc-varmland", "Kompetensväxling", "training", "competence", "", "", 16, 20000, 40),
    (
        "iuc-gavleborg",
        "Digital mognadsanalys",
        "analysis",
        "digitalisation",
        "small,medium",
        "",
        20,
        30000,
        30,
    ),
    ("iuc-gavleborg", "Exportfrukost", "event", "globalisation", "", "", 3, 2000, 80),
    (
        "paper-province",
        "Bioekonomiskt affärsutvecklingsprogram",
        "workshop",
        "forest-bioeconomy",
        "",
        "16,17",
        30,
        45000,
        15,
    ),
    ("paper-province", "Klusterträff skogsindustri", "event", "forest-bioeconomy", "", "", 3, 1500, 120),
    (
        "dalarna-science-park",
        "Innovationscoachning",
        "advisory_meeting",
        "innovation",
        "micro,small",
        "",
        12,
        18000,
        25,
    ),
    (
        "sustainable-steel-region",
        "Fossilfri stålvärdekedja – workshop",
        "workshop",
        "green-transition",
        "",
        "24,25",
        8,
        12000,
        40,
    ),
    ("rise-propell", "Propell teknikanalys", "analysis", "innovation", "small,medium", "C", 60, 90000, 12),
    (
        "sandbacka-science-park",
        "Testbädd för automation",
        "company_visit",
        "automation",
        "",
        "",
        10,
        25000,
        20,
    ),
]

TITLES = {
    "advisory_meeting": ["Inledande möte", "Uppföljningsmöte", "Möte om finansiering"],
    "company_visit": ["Företagsbesök i produktionen", "Besök med rundvandring"],
    "workshop": ["Workshop om energieffektivisering", "Workshop om affärsmodeller"],
    "training": ["Utbildning i lean", "Utbildning i digital tvilling"],
    "event": ["Nätverksträff", "Branschfrukost"],
    "analysis": ["Nulägesanalys", "Energikartläggning", "Digital mognadsanalys"],
}
OUTCOMES = [
    "Företaget vill gå vidare med en förstudie.",
    "Behov av kompetensutveckling identifierat.",
    "Investeringsplan för automation diskuteras.",
    "Intresse för exportsatsning.",
    "Energibesparing på cirka 10 % bedöms möjlig.",
]
PRIVATE_OUTCOMES = [
    "Internt: ägarskifte på gång, hantera varsamt.",
    "Internt: likviditetsproblem enligt VD.",
    "Internt: konflikt med leverantör, vänta med erbjudande.",
]
FIRST = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Per", "Sara", "Olof", "Lena", "Nils"]
LAST = ["Andersson", "Berg", "Dahl", "Ek", "Forsberg", "Holm", "Lind", "Nyström", "Sjöberg", "Wallin"]
TITLES_PERSON = ["VD", "Produktionschef", "Ekonomichef", "Hållbarhetsansvarig", "Inköpschef", "Teknisk chef"]

EU_PROJECT_HOLD = datetime.date(2035, 12, 31)
EU_PROJECT_REASON = "ERUF-projektets handlingar ska sparas till 2035-12-31 (arkivkrav)"


def _advisors(rng: random.Random) -> dict[int, list]:
    """The demo advisors per organisation; organisations without a demo login get one (no password)."""
    User = get_user_model()
    by_org: dict[int, list] = {}
    for org in Organisation.objects.filter(in_programme=True):
        people = list(
            User.objects.filter(organisation=org, role__in=[Role.ADVISOR, Role.PROGRAMME_MANAGER]).order_by(
                "username"
            )
        )
        if not people:
            user = User(
                username=f"radgivare-{org.slug}",
                role=Role.ADVISOR,
                organisation=org,
                first_name="Rådgivare",
                last_name=org.name,
                email=f"radgivare-{org.slug}@demo.spets.invalid",
            )
            user.set_unusable_password()
            user.save()
            people = [user]
        by_org[org.pk] = people
    return by_org


def load_support_work(seed: int) -> dict:
    rng = random.Random(seed + 20)
    orgs = {o.slug: o for o in Organisation.objects.filter(in_programme=True)}
    areas = {a.code: a for a in FocusArea.objects.all()}
    advisors = _advisors(rng)
    today = timezone.localdate()

    offers = Offer.objects.bulk_create(
        [
            Offer(
                organisation=orgs[slug],
                name=name,
                type=kind,
                focus_area=areas.get(area),
                eligible_sizes=sizes,
                eligible_sni=sni,
                typical_hours=Decimal(hours),
                value_sek=value,
                capacity=capacity,
                synthetic=True,
                description="Syntetiskt demoerbjudande.",
            )
            for slug, name, kind, area, sizes, sni, hours, value, capacity in OFFERS
        ]
    )
    offers_by_org: dict[int, list[Offer]] = {}
    for offer in offers:
        offers_by_org.setdefault(offer.organisation_id, []).append(offer)

    # The companies the programme works with: the anchors plus a sample, all legal entities.
    pool = list(
        Company.objects.filter(synthetic=True, personal_data=False)
        .order_by("id")
        .only("id", "municipality_id", "name")
    )
    served = pool[:18] + rng.sample(pool[18:], 282)
    county_of = dict(
        Company.objects.filter(pk__in=[c.pk for c in served]).values_list("pk", "municipality__county_id")
    )
    home_orgs = {
        "17": ["iuc-varmland", "paper-province"],
        "20": ["iuc-dalarna", "dalarna-science-park", "rise-propell"],
        "21": ["iuc-gavleborg", "sustainable-steel-region", "sandbacka-science-park"],
    }

    contacts = []
    for company in served:
        for _ in range(rng.choice([1, 1, 2, 3])):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            consent = rng.random() < 0.3
            held = rng.random() < 0.25
            contacts.append(
                Contact(
                    company=company,
                    name=name,
                    title=rng.choice(TITLES_PERSON),
                    email=f"{name.split()[0].lower()}.{company.pk}@example.invalid",
                    phone=f"070-{rng.randint(1000000, 9999999)}",
                    lawful_basis=LawfulBasis.CONSENT if consent else LawfulBasis.LEGITIMATE_INTEREST,
                    interest_assessment=""
                    if consent
                    else "Kontaktperson för programmets stöd till företaget; "
                    "berättigat intresse bedömt 2024.",
                    consent_date=today - datetime.timedelta(days=rng.randint(30, 600)) if consent else None,
                    consent_source="Anmälningsformulär vid workshop" if consent else "",
                    consent_scope="Kontakt om programmets erbjudanden" if consent else "",
                    retention_start=today - datetime.timedelta(days=rng.randint(0, 700)),
                    legal_hold_until=EU_PROJECT_HOLD if held else None,
                    legal_hold_reason=EU_PROJECT_REASON if held else "",
                    organisation=orgs[rng.choice(home_orgs[county_of[company.pk]])],
                    synthetic=True,
                )
            )
    Contact.objects.bulk_create(contacts, batch_size=1000)

    activities, links, hours, area_links = [], [], [], []
    Through = Activity.companies.through
    AreaThrough = Activity.focus_areas.through
    plan = []
    for company in served:
        county = county_of[company.pk]
        visits = rng.choice([1, 1, 2, 2, 3, 4])
        for _ in range(visits):
            # Mostly the home county's organisations; sometimes a cross-county cluster or RISE.
            slug = rng.choice(home_orgs[county]) if rng.random() < 0.8 else rng.choice(list(orgs))
            plan.append((company, orgs[slug]))
    for _company, org in plan:
        kind = rng.choice(ActivityType.values)
        private = rng.random() < 0.2
        offer = rng.choice(offers_by_org.get(org.pk, [None]))
        date = today - datetime.timedelta(days=rng.randint(1, 540))
        activities.append(
            Activity(
                type=kind,
                title=rng.choice(TITLES[kind]),
                date=date,
                organisation=org,
                offer=offer,
                outcome=rng.choice(PRIVATE_OUTCOMES if private else OUTCOMES),
                follow_up_date=date + datetime.timedelta(days=60) if rng.random() < 0.3 else None,
                visibility=Visibility.ORGANISATION if private else Visibility.PROGRAMME,
                created_by=advisors[org.pk][0],
                synthetic=True,
            )
        )
    Activity.objects.bulk_create(activities, batch_size=1000)
    for activity, (company, org) in zip(activities, plan, strict=True):
        links.append(Through(activity_id=activity.pk, company_id=company.pk))
        for advisor in rng.sample(advisors[org.pk], k=min(len(advisors[org.pk]), rng.choice([1, 1, 2]))):
            hours.append(
                ActivityAdvisor(
                    activity=activity, advisor=advisor, hours=Decimal(rng.choice([1, 1.5, 2, 3, 4, 6, 8, 16]))
                )
            )
        if activity.offer and activity.offer.focus_area_id:
            area_links.append(AreaThrough(activity_id=activity.pk, focusarea_id=activity.offer.focus_area_id))
    Through.objects.bulk_create(links, batch_size=2000)
    ActivityAdvisor.objects.bulk_create(hours, batch_size=2000)
    AreaThrough.objects.bulk_create(area_links, batch_size=2000)

    now = timezone.now()
    referrals = []
    states = (
        [ReferralStatus.SENT] * 4
        + [ReferralStatus.ACCEPTED] * 4
        + [ReferralStatus.COMPLETED] * 5
        + [ReferralStatus.DECLINED] * 2
    )
    for i, status in enumerate(states):
        company = served[i * 7 % len(served)]
        from_slug = home_orgs[county_of[company.pk]][0]
        to_slug = rng.choice([s for s in orgs if s != from_slug])
        # The first open referral has waited ten days: `spets send-reminders` reminds the receiver.
        age = 10 if i == 0 else rng.randint(1, 5) if status == ReferralStatus.SENT else rng.randint(20, 300)
        referrals.append(
            Referral(
                company=company,
                from_organisation=orgs[from_slug],
                to_organisation=orgs[to_slug],
                reason=f"Behov inom {orgs[to_slug].name}s område; företaget vill ha kontakt.",
                consent_date=today - datetime.timedelta(days=age),
                consent_how="Muntligt vid rådgivningsmöte",
                status=status,
                status_changed_at=now - datetime.timedelta(days=age if status == "sent" else age // 2),
                response_note="Tar gärna emot."
                if status in ("accepted", "completed")
                else ("Utanför vårt uppdrag." if status == "declined" else ""),
                outcome="Genomförd analys, rapport överlämnad." if status == "completed" else "",
                created_by=advisors[orgs[from_slug].pk][0],
                handled_by=advisors[orgs[to_slug].pk][0] if status != "sent" else None,
                synthetic=True,
            )
        )
    Referral.objects.bulk_create(referrals)
    return {
        "offers": len(offers),
        "contacts": len(contacts),
        "activities": len(activities),
        "advisor_hours": len(hours),
        "referrals": len(referrals),
    }
