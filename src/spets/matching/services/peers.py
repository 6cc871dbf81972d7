"""Peer learning (opt-in): consent records and pairs of consenting companies (matching.pairing)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.assessment.frameworks import DMA_FRAMEWORK_ID
from spets.companies.models import Company
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.matching import pairing
from spets.matching import permissions as perm
from spets.matching.models import PeerConsent
from spets.matching.services.gaps import OVERALL, gap_profiles


@dataclass(frozen=True)
class SuggestedPair:
    a: Company
    b: Company
    pair: pairing.Pair


def consent_of(user, company_id: int) -> PeerConsent | None:
    return PeerConsent.objects.for_user(user).filter(company_id=company_id).first()


def record_consent(
    user, company_id: int, consent_date: datetime.date | None, consent_how: str
) -> PeerConsent:
    perm.require(perm.can_record_consent(user), _("Only advisors and programme managers record consent."))
    company = Company.objects.for_user(user).get(pk=company_id)
    errors = {}
    if consent_date is None:
        errors["consent_date"] = _("Give the date the company agreed to be matched.")
    elif consent_date > timezone.localdate():
        errors["consent_date"] = _("The consent date is in the future.")
    if not consent_how.strip():
        errors["consent_how"] = _("Say how the company agreed (e.g. by e-mail, at a meeting).")
    if errors:
        raise InvalidData(errors)
    with transaction.atomic():
        consent, _created = PeerConsent.objects.for_user(user).update_or_create(
            company=company,
            defaults={"consent_date": consent_date, "consent_how": consent_how.strip(), "recorded_by": user},
        )
        log_action(
            user,
            "peer_consent",
            consent,
            company_id=company.pk,
            changes={"consent_date": consent_date, "consent_how": consent_how.strip()},
        )
    return consent


def withdraw_consent(user, company_id: int) -> None:
    perm.require(perm.can_record_consent(user), _("Only advisors and programme managers record consent."))
    company = Company.objects.for_user(user).get(pk=company_id)
    with transaction.atomic():
        deleted, _rows = PeerConsent.objects.for_user(user).filter(company=company).delete()
        if deleted:
            log_action(user, "peer_consent_withdrawn", company, company_id=company.pk)


def _consenting_scores(
    user, framework_id: str
) -> tuple[dict[int, dict[str, float | None]], dict[int, Company]]:
    consenting = set(PeerConsent.objects.for_user(user).values_list("company_id", flat=True))
    profiles = gap_profiles(framework_id, consenting)
    scores = {
        cid: {d: g.score for d, g in p.dimensions.items() if d != OVERALL} for cid, p in profiles.items()
    }
    return scores, {cid: p.company for cid, p in profiles.items()}


def suggested_pairs(user, framework_id: str = DMA_FRAMEWORK_ID) -> list[SuggestedPair]:
    """Pairs among the consenting companies the user may see, strong where the other is weak."""
    perm.require(perm.can_see_cohorts(user), _("Only programme staff who read records see peer pairs."))
    scores, companies = _consenting_scores(user, framework_id)
    return [SuggestedPair(companies[p.a], companies[p.b], p) for p in pairing.suggest(scores)]


def partners(user, company_id: int, framework_id: str = DMA_FRAMEWORK_ID) -> list[SuggestedPair]:
    """Consenting companies that would learn with this one (which must have consented too)."""
    perm.require(perm.can_see_cohorts(user), _("Only programme staff who read records see peer pairs."))
    Company.objects.for_user(user).get(pk=company_id)
    scores, companies = _consenting_scores(user, framework_id)
    if company_id not in scores:
        return []
    return [
        SuggestedPair(companies[p.a], companies[p.b], p) for p in pairing.partners_for(company_id, scores)
    ]
