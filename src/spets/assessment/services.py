"""Assessment services: create, answer, score, links, follow-ups, priorities and the action plan.

Functions take ids and the acting user, check permissions, change data in one transaction and write
an audit entry. Views and the API only translate their errors: Forbidden → 403, InvalidData and the
pure core's AnswerError → 422 naming the field or question, ObjectDoesNotExist → 404.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.assessment.errors import AnswerError
from spets.assessment.frameworks import Framework, load_framework
from spets.assessment.models import (
    FRAMEWORKS,
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
from spets.assessment.permissions import is_writer, require
from spets.assessment.respondents import combine, plain
from spets.assessment.scoring import Result, compare, score, validate_answers
from spets.companies.models import Company, Offer
from spets.core.audit import log_action
from spets.core.dates import add_months
from spets.core.errors import Forbidden, InvalidData  # noqa: F401  (raised here; callers catch them)
from spets.core.models import FocusArea, Organisation, Role
from spets.core.scoping import unscoped

LINK_DAYS = 30
FOLLOW_UP_MONTHS = 6
REMINDER_LEAD_DAYS = 14


# --- frameworks and answers ----------------------------------------------------------------------


def framework_for(assessment: Assessment) -> Framework:
    return load_framework(assessment.framework, method=assessment.method_version)


def answers_by_respondent(assessment: Assessment) -> dict[str, dict[str, Any]]:
    """{respondent id (str): {question id: answer}}, lead respondent first."""
    with unscoped():
        respondents = list(Respondent.objects.filter(assessment=assessment).order_by("position", "id"))
        rows = Answer.objects.filter(assessment=assessment).values_list(
            "respondent_id", "question_id", "value"
        )
        by: dict[str, dict[str, Any]] = {str(r.pk): {} for r in respondents}
        for respondent_id, qid, value in rows:
            by.setdefault(str(respondent_id), {})[qid] = value
    return by


def combined_answers(assessment: Assessment) -> dict[str, Any]:
    by = answers_by_respondent(assessment)
    return combine(framework_for(assessment), by, order=list(by)) if by else {}


def current_result(assessment: Assessment) -> Result:
    """The stored result of a completed assessment; a live score of the answers so far otherwise."""
    if assessment.result:
        return Result.from_dict(assessment.result)
    return score(framework_for(assessment), combined_answers(assessment))


# --- create ----------------------------------------------------------------------------------------


def create_assessment(
    user,
    company_id: int,
    framework: str,
    mode: str = Mode.INTERVIEW,
    *,
    respondent_name: str = "",
    respondent_role: str = "",
) -> Assessment:
    require(
        is_writer(user) and user.organisation_id is not None,
        "only advisors and programme managers of an organisation start assessments",
    )
    errors = {}
    if framework not in FRAMEWORKS:
        errors["framework"] = f"unknown framework {framework!r} (known: {', '.join(FRAMEWORKS)})"
    if mode not in Mode.values:
        errors["mode"] = f"unknown mode {mode!r}"
    if errors:
        raise InvalidData(errors)
    company = Company.objects.for_user(user).get(pk=company_id)
    fw = load_framework(framework)
    with transaction.atomic():
        assessment = Assessment(
            company=company,
            framework=framework,
            framework_id=fw.id,
            framework_version=fw.version,
            method_version=fw.method_version,
            round=Round.T0,
            mode=mode,
            status=Status.IN_PROGRESS,
            organisation_id=user.organisation_id,
            created_by=user,
        )
        assessment.save()
        default = "Självskattning" if mode == Mode.SELF else "Respondent 1"
        Respondent(
            assessment=assessment, name=respondent_name.strip() or default, role=respondent_role.strip()
        ).save()
        log_action(
            user,
            "create",
            assessment,
            company_id=company.pk,
            changes={"framework": framework, "mode": mode, "round": Round.T0},
        )
    return assessment


def _assessment_for_writer(user, assessment_id: int) -> Assessment:
    require(is_writer(user), "only advisors and programme managers change assessments")
    return Assessment.objects.for_user(user).select_related("company").get(pk=assessment_id)


def add_respondent(user, assessment_id: int, name: str, role: str = "") -> Respondent:
    assessment = _assessment_for_writer(user, assessment_id)
    if not name.strip():
        raise InvalidData({"name": "a respondent needs a name"})
    with transaction.atomic(), unscoped():
        position = Respondent.objects.filter(assessment=assessment).count()
        respondent = Respondent(
            assessment=assessment, name=name.strip(), role=role.strip(), position=position
        )
        respondent.save()
        log_action(
            user,
            "create",
            respondent,
            company_id=assessment.company_id,
            changes={"name": respondent.name, "role": respondent.role},
        )
    return respondent


# --- answers -----------------------------------------------------------------------------------------


def _store(assessment: Assessment, respondent_id: int, answers: dict[str, Any], user=None) -> dict[str, Any]:
    """Validate with the pure core (AnswerError names every bad question), then upsert each row.

    Each answer is its own row keyed by (respondent, question): concurrent saves by two respondents
    touch different rows and both survive. None removes the row (unanswered is not zero)."""
    if assessment.completed:
        raise InvalidData({"assessment": "the assessment is completed; start a follow-up to answer again"})
    clean = validate_answers(framework_for(assessment), answers)
    stored = {}
    with transaction.atomic(), unscoped():
        if not Respondent.objects.filter(pk=respondent_id, assessment=assessment).exists():
            raise InvalidData(
                {"respondent": f"respondent {respondent_id} does not belong to this assessment"}
            )
        for qid, value in clean.items():
            if value is None:
                Answer.objects.filter(respondent_id=respondent_id, question_id=qid).delete()
                stored[qid] = None
                continue
            stored[qid] = plain(value)
            _upsert(assessment.pk, respondent_id, qid, stored[qid], user)
        Assessment.objects.filter(pk=assessment.pk, status=Status.PLANNED).update(status=Status.IN_PROGRESS)
        log_action(
            user,
            "update",
            assessment,
            company_id=assessment.company_id,
            changes={f"answer {respondent_id}/{qid}": v for qid, v in stored.items()},
        )
    return stored


def _upsert(assessment_id: int, respondent_id: int, qid: str, value: Any, user) -> None:
    by = user if user is not None and getattr(user, "is_authenticated", False) else None
    updated = Answer.objects.filter(respondent_id=respondent_id, question_id=qid).update(
        value=value, updated_by=by, updated_at=timezone.now()
    )
    if updated:
        return
    try:
        with transaction.atomic():  # savepoint: a parallel insert of the same row is retried as update
            Answer(
                assessment_id=assessment_id,
                respondent_id=respondent_id,
                question_id=qid,
                value=value,
                updated_by=by,
            ).save()
    except IntegrityError:
        Answer.objects.filter(respondent_id=respondent_id, question_id=qid).update(
            value=value, updated_by=by, updated_at=timezone.now()
        )


def save_answers(user, assessment_id: int, respondent_id: int, answers: dict[str, Any]) -> dict[str, Any]:
    assessment = _assessment_for_writer(user, assessment_id)
    return _store(assessment, respondent_id, answers, user)


def complete(user, assessment_id: int) -> Result:
    assessment = _assessment_for_writer(user, assessment_id)
    return _complete(assessment, user)


def _complete(assessment: Assessment, user=None) -> Result:
    with transaction.atomic(), unscoped():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.completed:
            return Result.from_dict(locked.result)
        result = score(framework_for(locked), combined_answers(locked))
        locked.result = result.to_dict()
        locked.status = Status.COMPLETED
        locked.completed_at = timezone.now()
        locked.save(update_fields=["result", "status", "completed_at"])
        log_action(
            user,
            "update",
            locked,
            company_id=locked.company_id,
            changes={
                "status": Status.COMPLETED,
                "overall": result.overall.score,
                "method_version": result.method_version,
            },
        )
    assessment.refresh_from_db()
    return result


# --- self-assessment links ---------------------------------------------------------------------------


class LinkNotFound(LookupError):
    """Expired, revoked, unknown or malformed token: answered with a plain 404."""


def create_link(
    user, assessment_id: int, days: int = LINK_DAYS, respondent_name: str = ""
) -> tuple[SelfAssessmentLink, str]:
    assessment = _assessment_for_writer(user, assessment_id)
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
                assessment=assessment, name=respondent_name.strip() or "Självskattning", position=position
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
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from spets.companies.models import Contact

    assessment = _assessment_for_writer(user, assessment_id)
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


def send_link(user, link_id: int, url: str, address: str, contact=None) -> None:
    """E-mail a new self-assessment link (the absolute `url` holds the token, which only exists at
    creation) in Swedish, the company's language; audited without the address itself (personal data):
    the contact's id, or the domain of a typed address."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.utils import translation

    from spets.assessment.forms import tr

    require(is_writer(user), "only advisors and programme managers send links")
    link = SelfAssessmentLink.objects.for_user(user).select_related("assessment__company").get(pk=link_id)
    if not link.active or link.submitted_at:
        raise InvalidData({"link": "the link is expired, revoked or already used"})
    assessment = link.assessment
    with translation.override("sv"):
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
                    "Open the link below to answer the questions. No account is needed, and the answers are saved "
                    "as you go. Several colleagues may answer together on the same link."
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
    return _store(link.assessment, link.respondent_id, answers)


def submit_link(token: str) -> Result:
    link = resolve_link(token)
    with transaction.atomic(), unscoped():
        updated = SelfAssessmentLink.objects.filter(pk=link.pk, submitted_at__isnull=True).update(
            submitted_at=timezone.now()
        )
        if not updated:
            raise InvalidData({"link": "the answers have already been submitted"})
        return _complete(link.assessment)


def revoke_link(user, link_id: int) -> SelfAssessmentLink:
    require(is_writer(user), "only advisors and programme managers revoke links")
    link = SelfAssessmentLink.objects.for_user(user).select_related("assessment").get(pk=link_id)
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


# --- follow-ups and reminders ------------------------------------------------------------------------


def schedule_follow_up(
    user, assessment_id: int, months: int = FOLLOW_UP_MONTHS, mode: str | None = None
) -> Assessment:
    """Plan the next round (T1 after T0, T2 after T1) `months` after the baseline was completed."""
    base = _assessment_for_writer(user, assessment_id)
    if not base.completed:
        raise InvalidData({"assessment": "complete the assessment before planning a follow-up"})
    if not 1 <= months <= 36:
        raise InvalidData({"months": f"a follow-up is 1–36 months later, not {months}"})
    t0 = base.follows if base.follows_id else base
    taken = set(Assessment.objects.for_user(user).filter(follows=t0).values_list("round", flat=True))
    next_round = next((r for r in (Round.T1, Round.T2) if r not in taken), None)
    if next_round is None:
        raise InvalidData({"round": "T1 and T2 are already planned for this baseline"})
    fw = load_framework(base.framework)
    day = add_months(timezone.localtime(base.completed_at).date(), months)
    with transaction.atomic():
        follow = Assessment(
            company_id=base.company_id,
            framework=base.framework,
            framework_id=fw.id,
            framework_version=fw.version,
            method_version=fw.method_version,
            round=next_round,
            mode=mode or base.mode,
            status=Status.PLANNED,
            follows=t0,
            scheduled_for=day,
            organisation_id=user.organisation_id or base.organisation_id,
            created_by=user,
        )
        follow.save()
        with unscoped():
            for r in Respondent.objects.filter(assessment=t0):
                Respondent(assessment=follow, name=r.name, role=r.role, position=r.position).save()
        log_action(
            user,
            "create",
            follow,
            company_id=base.company_id,
            changes={"round": next_round, "scheduled_for": day.isoformat(), "follows": t0.pk},
        )
    return follow


def due_for_reminder(today: datetime.date, lead_days: int = REMINDER_LEAD_DAYS):
    return Assessment.objects.filter(
        status=Status.PLANNED,
        reminder_sent_at__isnull=True,
        scheduled_for__isnull=False,
        scheduled_for__lte=today + datetime.timedelta(days=lead_days),
    ).select_related("company", "created_by", "organisation")


def send_reminders(lead_days: int = REMINDER_LEAD_DAYS) -> list[int]:
    """E-mail the advisor who planned each follow-up due within `lead_days`. Idempotent: a reminder is
    claimed with a conditional update before it is sent, so reruns and parallel runs send it once."""
    from django.conf import settings
    from django.core.mail import send_mail

    from spets.core.models import User

    today = timezone.localdate()
    sent = []
    with unscoped():
        for a in list(due_for_reminder(today, lead_days)):
            recipients = (
                [a.created_by.email]
                if a.created_by and a.created_by.email
                else list(
                    User.objects.filter(organisation_id=a.organisation_id, role=Role.ADVISOR, is_active=True)
                    .exclude(email="")
                    .values_list("email", flat=True)
                )
            )
            if not recipients:
                continue
            with transaction.atomic():
                claimed = Assessment.objects.filter(pk=a.pk, reminder_sent_at__isnull=True).update(
                    reminder_sent_at=timezone.now()
                )
                if not claimed:
                    continue
                send_mail(
                    f"[Spets] {a.round}: {a.company.name} {a.scheduled_for:%Y-%m-%d}",
                    f"Uppföljande bedömning {a.round} av {a.company.name} ({a.framework_id}) är planerad "
                    f"till {a.scheduled_for:%Y-%m-%d}.\n\nFollow-up assessment {a.round} of "
                    f"{a.company.name} is due on {a.scheduled_for:%Y-%m-%d}.\n\n/assessment/{a.pk}/",
                    settings.DEFAULT_FROM_EMAIL,
                    recipients,
                )
                log_action(None, "remind", a, company_id=a.company_id, changes={"to": recipients})
            sent.append(a.pk)
    return sent


def comparison(assessment: Assessment):
    """T0 → this follow-up, or None when either side has no stored result."""
    if not assessment.follows_id or not assessment.result:
        return None
    with unscoped():
        base = Assessment.objects.get(pk=assessment.follows_id)
    if not base.result:
        return None
    return base, compare(Result.from_dict(base.result), Result.from_dict(assessment.result))


# --- priorities and action plan ----------------------------------------------------------------------


def priorities(company_id: int) -> dict[str, int]:
    with unscoped():
        return dict(
            CompanyPriority.objects.filter(company_id=company_id).values_list("focus_area__code", "rating")
        )


def set_priorities(user, company_id: int, ratings: dict[str, int | None]) -> dict[str, int]:
    require(is_writer(user), "only advisors and programme managers record priorities")
    Company.objects.for_user(user).get(pk=company_id)
    areas = {a.code: a for a in FocusArea.objects.all()}
    errors = {code: "unknown focus area" for code in ratings if code not in areas}
    for code, rating in ratings.items():
        if rating is not None and (
            isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5
        ):
            errors[code] = f"priority must be 1–5, not {rating!r}"
    if errors:
        raise InvalidData(errors)
    before = priorities(company_id)
    with transaction.atomic(), unscoped():
        for code, rating in ratings.items():
            if rating is None:
                CompanyPriority.objects.filter(company_id=company_id, focus_area=areas[code]).delete()
            else:
                CompanyPriority.objects.update_or_create(
                    company_id=company_id,
                    focus_area=areas[code],
                    defaults={"rating": rating, "updated_by": user},
                )
        after = priorities(company_id)
        log_action(
            user,
            "update",
            None,
            object_type="assessment.CompanyPriority",
            object_id=company_id,
            company_id=company_id,
            changes={k: [before.get(k), after.get(k)] for k in ratings},
        )
    return after


PLAN_FIELDS = ("measure", "responsible_id", "due_date", "status", "offer_id")


def _clean_plan(data: dict[str, Any], partial: bool) -> dict[str, Any]:
    errors, clean = {}, {}
    if "measure" in data or not partial:
        measure = (data.get("measure") or "").strip()
        if not measure:
            errors["measure"] = "describe the measure"
        clean["measure"] = measure[:300]
    if "responsible_id" in data or not partial:
        if not Organisation.objects.filter(pk=data.get("responsible_id") or 0).exists():
            errors["responsible_id"] = "choose the responsible organisation"
        clean["responsible_id"] = data.get("responsible_id")
    if "status" in data:
        if data["status"] not in PlanStatus.values:
            errors["status"] = f"unknown status {data['status']!r} (known: {', '.join(PlanStatus.values)})"
        clean["status"] = data["status"]
    if "due_date" in data:
        if data["due_date"] is not None and not isinstance(data["due_date"], datetime.date):
            errors["due_date"] = "expected a date YYYY-MM-DD"
        clean["due_date"] = data["due_date"]
    if data.get("offer_id") is not None:
        with unscoped():
            if not Offer.objects.filter(pk=data["offer_id"]).exists():
                errors["offer_id"] = f"no offer {data['offer_id']}"
        clean["offer_id"] = data["offer_id"]
    if errors:
        raise InvalidData(errors)
    return clean


def add_plan_item(
    user, company_id: int, data: dict[str, Any], assessment_id: int | None = None, rules: str = ""
) -> ActionPlanItem:
    require(is_writer(user), "only advisors and programme managers keep action plans")
    Company.objects.for_user(user).get(pk=company_id)
    clean = _clean_plan(data, partial=False)
    with transaction.atomic():
        item = ActionPlanItem(
            company_id=company_id, assessment_id=assessment_id, rules=rules[:200], updated_by=user, **clean
        )
        item.save()
        log_action(
            user,
            "create",
            item,
            company_id=company_id,
            changes={k: v for k, v in clean.items() if v is not None},
        )
    return item


def update_plan_item(user, item_id: int, data: dict[str, Any]) -> ActionPlanItem:
    require(is_writer(user), "only advisors and programme managers keep action plans")
    item = ActionPlanItem.objects.for_user(user).get(pk=item_id)
    clean = _clean_plan(data, partial=True)
    before = {k: getattr(item, k) for k in clean}
    with transaction.atomic():
        for key, value in clean.items():
            setattr(item, key, value)
        item.updated_by = user
        item.save()
        log_action(
            user,
            "update",
            item,
            company_id=item.company_id,
            changes={k: [before[k], clean[k]] for k in clean if before[k] != clean[k]},
        )
    return item


__all__ = ["AnswerError", "Forbidden", "InvalidData", "LinkNotFound"]
