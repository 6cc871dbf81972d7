"""Self-assessment links: a company answers without an account through an unguessable link.

Only a hash of the token is stored; the token exists when the link is created and is shown or e-mailed
then. E-mailed links are absolute with the `base_url` the caller passes (a page its own address; None:
settings.BASE_URL), never built from a request.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.assessment.models import Mode, Respondent, SelfAssessmentLink
from spets.assessment.permissions import can_revoke_link, is_writer, require
from spets.assessment.scoring import Result
from spets.assessment.services.answers import store_answers
from spets.assessment.services.assessments import (
    DEFAULT_RESPONDENT,
    framework_for,
    store_result,
    writable_assessment,
)
from spets.assessment.texts import tr
from spets.companies.models import Contact
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.i18n import language_override
from spets.core.scoping import unscoped

LINK_DAYS = 30


class LinkNotFound(LookupError):
    """Expired, revoked, unknown or malformed token: answered with a plain 404."""


def self_assessment_url(token: str, base_url: str | None = None) -> str:
    """The link's address: `base_url` (the site's address; None: settings.BASE_URL) and the page's path;
    without a configured address the path alone."""
    site = settings.BASE_URL if base_url is None else base_url
    return f"{site.rstrip('/')}{reverse('assessment:self', args=[token])}"


def create_link(
    user, assessment_id: int, days: int = LINK_DAYS, respondent_name: str = ""
) -> tuple[SelfAssessmentLink, str]:
    """A new link and its token (returned once: only a hash is stored)."""
    assessment = writable_assessment(user, assessment_id)
    if assessment.completed:
        raise InvalidData({"assessment": "the assessment is completed"})
    if not 1 <= days <= 180:
        raise InvalidData({"days": _("a link is valid 1–180 days, not %(days)s") % {"days": days}})
    token = secrets.token_urlsafe(32)
    with transaction.atomic(), unscoped():
        respondent = Respondent.objects.filter(assessment=assessment).order_by("position", "id").first()
        if respondent_name.strip() or respondent is None:
            position = Respondent.objects.filter(assessment=assessment).count()
            respondent = Respondent(
                assessment=assessment,
                name=respondent_name.strip() or DEFAULT_RESPONDENT[Mode.SELF],
                position=position,
            )
            respondent.save()
        link = SelfAssessmentLink(
            assessment=assessment,
            respondent=respondent,
            token_hash=SelfAssessmentLink.hash(token),
            prefix=token[:8],
            expires_at=timezone.now() + datetime.timedelta(days=days),
            created_by=user,
        )
        link.save()
        log_action(
            user,
            "create",
            link,
            company_id=assessment.company_id,
            object_repr=f"link {link.prefix}…",
            changes={"expires_at": link.expires_at.isoformat()},
        )
    return link, token


def link_recipient(
    user, assessment_id: int, contact_id: int | None = None, email: str = ""
) -> tuple[str, Any]:
    """The address to send a link to: a contact of the assessed company (registered, not anonymised,
    with an e-mail address) or an address typed by the advisor. Returns (address, contact or None)."""
    assessment = writable_assessment(user, assessment_id)
    email = (email or "").strip()
    if contact_id and email:
        raise InvalidData({"recipient": _("choose a contact or type an address, not both")})
    if contact_id:
        contact = (
            Contact.objects.for_user(user)
            .filter(pk=contact_id, company_id=assessment.company_id, anonymised=False)
            .exclude(email="")
            .first()
        )
        if contact is None:
            raise InvalidData(
                {
                    "contact": _("no contact %(id)s with an e-mail address at this company")
                    % {"id": contact_id}
                }
            )
        return contact.email, contact
    if not email:
        raise InvalidData({"email": _("choose a contact or type an e-mail address")})
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidData({"email": _("“%(email)s” is not an e-mail address") % {"email": email}}) from None
    return email, None


def send_link(
    user, link_id: int, token: str, address: str, contact=None, *, base_url: str | None = None
) -> None:
    """E-mail a new self-assessment link (its `token` only exists at creation; `base_url` makes the link
    absolute) in Swedish, the company's language; audited without the address itself (personal data):
    the contact's id, or the domain of a typed address."""
    require(is_writer(user), "only advisors and programme managers send links")
    link = SelfAssessmentLink.objects.for_user(user).select_related("assessment__company").get(pk=link_id)
    if not link.active or link.submitted_at:
        raise InvalidData({"link": "the link is expired, revoked or already used"})
    assessment = link.assessment
    url = self_assessment_url(token, base_url)
    with language_override("sv"):
        fw = framework_for(assessment)
        names = {
            "company": assessment.company.name,
            "framework": tr(fw.title),
            "organisation": user.organisation.name if user.organisation_id else "",
            "advisor": user.get_full_name() or user.get_username(),
            "url": url,
            "expires": timezone.localtime(link.expires_at).date().isoformat(),
        }
        greeting = (_("Hello %(name)s,") % {"name": contact.name}) if contact else _("Hello,")
        subject = _("Self-assessment for %(company)s") % names
        body = "\n\n".join(
            [
                greeting,
                _("%(organisation)s invites %(company)s to a self-assessment: %(framework)s.") % names,
                _(
                    "Open the link below to answer the questions. No account is needed, and the answers "
                    "are saved as you go. Several colleagues may answer together on the same link."
                ),
                url,
                _("The link is valid until %(expires)s.") % names,
                _("Regards,\n%(advisor)s, %(organisation)s") % names,
            ]
        )
    with transaction.atomic():  # no audit entry for a mail that could not be handed over
        log_action(
            user,
            "send",
            link,
            company_id=assessment.company_id,
            object_repr=f"link {link.prefix}…",
            changes={"contact": contact.pk} if contact else {"to_domain": address.rsplit("@", 1)[-1]},
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def resolve_link(token: str) -> SelfAssessmentLink:
    if not token or len(token) > 100:
        raise LinkNotFound
    with unscoped():
        link = (
            SelfAssessmentLink.objects.select_related("assessment__company", "respondent")
            .filter(token_hash=SelfAssessmentLink.hash(token))
            .first()
        )
    if link is None or not link.active:
        raise LinkNotFound
    return link


def save_link_answers(token: str, answers: dict[str, Any]) -> dict[str, Any]:
    link = resolve_link(token)
    if link.submitted_at:
        raise InvalidData({"link": "the answers have already been submitted"})
    return store_answers(link.assessment, link.respondent_id, answers)


def submit_link(token: str) -> Result:
    link = resolve_link(token)
    with transaction.atomic(), unscoped():
        updated = SelfAssessmentLink.objects.filter(pk=link.pk, submitted_at__isnull=True).update(
            submitted_at=timezone.now()
        )
        if not updated:
            raise InvalidData({"link": "the answers have already been submitted"})
        return store_result(link.assessment)


def revoke_link(user, link_id: int) -> SelfAssessmentLink:
    require(is_writer(user), "only advisors and programme managers revoke links")
    link = (
        SelfAssessmentLink.objects.for_user(user).select_related("assessment", "created_by").get(pk=link_id)
    )
    require(
        can_revoke_link(user, link),
        "only the organisation that sent the link, or a programme manager, revokes it",
    )
    with transaction.atomic():
        SelfAssessmentLink.objects.for_user(user).filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        log_action(
            user,
            "update",
            link,
            company_id=link.assessment.company_id,
            object_repr=f"link {link.prefix}…",
            changes={"revoked": True},
        )
    return link
