"""Referrals between organisations ("no wrong door"): create, answer, complete, remind.

Status flow: sent → accepted | declined; accepted → completed (with an outcome). Every transition sends
an e-mail through Django's mail (so the configured backend decides how) and writes an audit entry.
`send_reminders` is run by a scheduler (`spets send-reminders`); it is idempotent: a referral gets its
k-th reminder only once k × N days have passed since it was sent without anyone acting.

E-mails link back to Spets with an absolute address built from `base_url` (the site's address: a page passes
its request's, the reminder command the configured SPETS_BASE_URL, which is also the default).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies import permissions as perm
from spets.companies.models import Company, Referral, ReferralStatus
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.models import Organisation, Role, User
from spets.core.scoping import unscoped

REMINDER_DAYS = 7

# action → (allowed from status, new status)
TRANSITIONS = {
    "accept": (ReferralStatus.SENT, ReferralStatus.ACCEPTED),
    "decline": (ReferralStatus.SENT, ReferralStatus.DECLINED),
    "complete": (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED),
}


def _organisation_recipients(organisation_id: int) -> list[str]:
    return list(
        User.objects.filter(organisation_id=organisation_id, is_active=True, role=Role.ADVISOR)
        .exclude(email="")
        .order_by("username")
        .values_list("email", flat=True)
    )


def _involved(referral: Referral) -> list[int]:
    """Who reads a referral's audit entries: the two organisations (and programme managers), like the
    referral itself."""
    return [referral.from_organisation_id, referral.to_organisation_id]


def referrals_link(base_url: str | None = None) -> str:
    """The referral inbox's address for an e-mail: `base_url` (None: settings.BASE_URL) and the page's path;
    without a configured address the path alone."""
    site = settings.BASE_URL if base_url is None else base_url
    return f"{site.rstrip('/')}{reverse('companies:referrals')}"


def _notify(referral: Referral, subject: str, body: str, recipients: list[str], base_url: str | None) -> int:
    if not recipients:
        return 0
    text = (
        f"{body}\n\n{referral.company.name} ({referral.company.orgnr})\n"
        f"{referral.from_organisation} → {referral.to_organisation}\n\n{referral.reason}\n\n"
        f"Spets: {referrals_link(base_url)}\n"
    )
    return send_mail(f"[Spets] {subject}", text, settings.DEFAULT_FROM_EMAIL, recipients)


def create_referral(
    user,
    company_id: int,
    to_organisation_id: int,
    reason: str,
    consent_date: datetime.date | None,
    consent_how: str,
    *,
    base_url: str | None = None,
) -> Referral:
    perm.require(
        perm.can_refer(user), "only advisors and programme managers of an organisation refer companies"
    )
    company = Company.objects.for_user(user).get(pk=company_id)
    errors = {}
    to_org = Organisation.objects.filter(pk=to_organisation_id, in_programme=True).first()
    if to_org is None:
        errors["to_organisation"] = "choose a programme organisation"
    elif to_org.pk == user.organisation_id:
        errors["to_organisation"] = "a referral goes to another organisation"
    if not reason.strip():
        errors["reason"] = "say why the company is referred"
    if consent_date is None:
        errors["consent_date"] = "the company's consent is required: give the date"
    elif consent_date > timezone.localdate():
        errors["consent_date"] = "the consent date is in the future"
    if not consent_how.strip():
        errors["consent_how"] = "the company's consent is required: say how it was given"
    if errors:
        raise InvalidData(errors)
    with transaction.atomic():
        referral = Referral.objects.for_user(user).create(
            company=company,
            from_organisation_id=user.organisation_id,
            to_organisation=to_org,
            reason=reason.strip(),
            consent_date=consent_date,
            consent_how=consent_how.strip(),
            status=ReferralStatus.SENT,
            status_changed_at=timezone.now(),
            created_by=user,
        )
        log_action(
            user,
            "create",
            referral,
            company_id=company.pk,
            visible_to=_involved(referral),
            changes={
                "to_organisation": to_org.name,
                "consent_date": consent_date.isoformat(),
                "consent_how": consent_how,
            },
        )
        transaction.on_commit(
            lambda: _notify(
                referral,
                _("Referral from %(org)s") % {"org": referral.from_organisation},
                _("%(sender)s has referred a company to %(receiver)s.")
                % {"sender": referral.from_organisation, "receiver": referral.to_organisation},
                _organisation_recipients(to_org.pk),
                base_url,
            )
        )
    return referral


def transition(
    user, referral_id: int, action: str, note: str = "", *, base_url: str | None = None
) -> Referral:
    if action not in TRANSITIONS:
        raise InvalidData({"action": f"{action!r}: choose {', '.join(TRANSITIONS)}"})
    with transaction.atomic():
        referral = (
            Referral.objects.for_user(user)
            .select_for_update(of=("self",))
            .select_related("company", "from_organisation", "to_organisation", "created_by")
            .get(pk=referral_id)
        )
        perm.require(
            perm.can_answer_referral(user, referral), f"only {referral.to_organisation} answers this referral"
        )
        allowed_from, new_status = TRANSITIONS[action]
        if referral.status != allowed_from:
            raise InvalidData(
                {
                    "action": f"a {referral.get_status_display().lower()} referral cannot be "
                    f"{new_status.label.lower()}"
                }
            )
        if action == "complete" and not note.strip():
            raise InvalidData({"outcome": "describe the outcome when completing a referral"})
        old = referral.status
        referral.status = new_status
        referral.status_changed_at = timezone.now()
        referral.handled_by = user
        if action == "complete":
            referral.outcome = note.strip()
        else:
            referral.response_note = note.strip()
        referral.save()
        log_action(
            user,
            action,
            referral,
            company_id=referral.company_id,
            visible_to=_involved(referral),
            changes={"status": [old, new_status.value], "note": note.strip()},
        )
        creator = [referral.created_by.email] if referral.created_by and referral.created_by.email else []
        recipients = creator or _organisation_recipients(referral.from_organisation_id)
        transaction.on_commit(
            lambda: _notify(
                referral,
                _("Referral %(status)s by %(org)s")
                % {"status": new_status.label.lower(), "org": referral.to_organisation},
                _("%(org)s has %(status)s the referral.")
                % {"org": referral.to_organisation, "status": new_status.label.lower()}
                + (f" {note.strip()}" if note.strip() else ""),
                recipients,
                base_url,
            )
        )
    return referral


def open_referrals_query(user):
    """Referrals still in progress (sent or accepted) that the user may see."""
    return Referral.objects.for_user(user).filter(status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED))


def incoming_open_referrals(user):
    """Open referrals (sent or accepted) to the user's own organisation: what it has to answer or finish."""
    if not perm.can_see_referrals(user) or user.organisation_id is None:
        return Referral.objects.none()
    return open_referrals_query(user).filter(to_organisation_id=user.organisation_id)


def incoming_count(user) -> int:
    """The navigation's badge on "Referrals": the open incoming referrals (one COUNT query)."""
    if not perm.can_see_referrals(user) or user.organisation_id is None:
        return 0
    return incoming_open_referrals(user).count()


def open_referrals(user, company_id: int) -> list[Referral]:
    return list(
        open_referrals_query(user)
        .filter(company_id=company_id)
        .select_related("from_organisation", "to_organisation")
    )


def due_for_reminder(referral: Referral, now: datetime.datetime, days: int) -> bool:
    due = referral.status_changed_at + datetime.timedelta(days=days * (referral.reminders_sent + 1))
    return referral.status == ReferralStatus.SENT and now >= due


def send_reminders(
    now: datetime.datetime | None = None, days: int = REMINDER_DAYS, *, base_url: str | None = None
) -> list[int]:
    """Remind the receiving organisation of referrals nobody has answered. Safe to run any number of times."""
    now = now or timezone.now()
    reminded = []
    with unscoped():
        candidates = Referral.objects.filter(
            status=ReferralStatus.SENT, status_changed_at__lte=now - datetime.timedelta(days=days)
        ).select_related("company", "from_organisation", "to_organisation")
        for referral in candidates:
            if not due_for_reminder(referral, now, days):
                continue
            with transaction.atomic():
                # Claim the reminder first (conditional update), so two overlapping runs cannot both send.
                claimed = Referral.objects.filter(
                    pk=referral.pk, reminders_sent=referral.reminders_sent
                ).update(reminders_sent=referral.reminders_sent + 1, last_reminder_at=now)
                if not claimed:
                    continue
                waited = (now - referral.status_changed_at).days
                _notify(
                    referral,
                    f"Reminder: referral from {referral.from_organisation} waiting {waited} days",
                    f"Nobody at {referral.to_organisation} has accepted or declined this referral yet.",
                    _organisation_recipients(referral.to_organisation_id),
                    base_url,
                )
                log_action(
                    None,
                    "remind",
                    referral,
                    company_id=referral.company_id,
                    visible_to=_involved(referral),
                    changes={"reminder": referral.reminders_sent + 1, "waited_days": waited},
                )
            reminded.append(referral.pk)
    return reminded
