"""Synthetic demo data for matching: a few cross-county cohorts (from the real proposal method on the demo
assessments) and peer-learning consents. NOT real data. Deterministic for a seed; runs inside unscoped()
and a transaction (spets.core.demo)."""

from __future__ import annotations

import datetime
import random

from spets.assessment.frameworks import DMA_FRAMEWORK_ID, framework_file, load_framework
from spets.core.models import Organisation
from spets.matching.models import Cohort, CohortEntry, CohortMember, CohortStatus, PeerConsent
from spets.matching.services.cohorts import build_proposals
from spets.matching.services.gaps import gap_profiles

COHORTS = 3
CONSENT_SHARE = 0.3
HOME_ORGS = {"17": "iuc-varmland", "20": "iuc-dalarna", "21": "iuc-gavleborg"}
CONSENT_HOW = ("via e-post", "vid rådgivningsmötet", "per telefon")  # demo data are in Swedish


def load(seed: int) -> dict:
    rng = random.Random(seed + 60)
    profiles = gap_profiles(DMA_FRAMEWORK_ID)
    fw = load_framework(framework_file(DMA_FRAMEWORK_ID))
    titles = {d.id: (d.title or {}).get("sv", d.id) for d in fw.dimensions}
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=HOME_ORGS.values())}
    _found, proposals = build_proposals(DMA_FRAMEWORK_ID, profiles)
    # the largest proposals first, then their order: a stable choice for the demo
    chosen = sorted(proposals.cohorts, key=lambda p: -len(p.companies))[:COHORTS]
    cohorts = 0
    for i, proposal in enumerate(chosen, start=1):
        cohort = Cohort.objects.create(
            name=f"Demokohort {i}: {titles.get(proposal.challenge, proposal.challenge)} (SNI {proposal.industry})",
            theme=f"Gemensamt gap: {titles.get(proposal.challenge, proposal.challenge)}",
            status=CohortStatus.ACTIVE if i < COHORTS else CohortStatus.PROPOSED,
            synthetic=True,
        )
        cohort.organisations.set([orgs[HOME_ORGS[c]] for c in proposal.counties if HOME_ORGS.get(c) in orgs])
        for j, company in enumerate(proposal.companies):
            CohortMember.objects.create(cohort=cohort, company=company, locked=i == 1 and j < 2)
        CohortEntry.objects.create(
            cohort=cohort, action="create", detail=", ".join(c.name for c in proposal.companies)[:300]
        )
        cohorts += 1
    consents = 0
    for cid in sorted(profiles):
        if rng.random() >= CONSENT_SHARE:
            continue
        PeerConsent.objects.create(
            company_id=cid,
            consent_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(300)),
            consent_how=rng.choice(CONSENT_HOW),
            synthetic=True,
        )
        consents += 1
    return {"cohorts": cohorts, "peer_consents": consents}
