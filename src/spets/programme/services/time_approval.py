"""Approving an organisation's month, corrections after approval, reopening, naming the project leader,
and the register's check that refuses new activity hours in an approved month (see `services.time`)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies.extensions import PlannedActivity
from spets.core.audit import log_action
from spets.core.errors import Conflict, InvalidData
from spets.core.models import User
from spets.core.policy import Can, can
from spets.programme import permissions as perm
from spets.programme.models import Correction, CorrectionKind, MonthApproval, Participant
from spets.programme.services.time import (
    KINDS,
    MAX_MONTH_HOURS,
    ZERO,
    approved,
    can_approve,
    first_of,
    hours_table,
    month_end,
    month_label,
    month_start,
    parse_hours,
    plain,
    project_days,
    require_participant,
)


def snapshot(participant: Participant, month: datetime.date) -> dict:
    start, end = project_days(participant, month)
    rows = [r for r in hours_table([participant], start, end) if not r.approved]
    return {
        "persons": {
            str(r.person_id): {
                "activity": plain(r.activity),
                **{kind: plain(r.other[kind]) for kind in KINDS},
                "salary": None if r.salary is None else str(r.salary),
            }
            for r in rows
        }
    }


@transaction.atomic
def approve_month(user, organisation_id: int, year: int, month: int) -> MonthApproval:
    first = month_start(year, month)
    perm.require(
        can_approve(user, organisation_id),
        _("the organisation's project leader or a programme manager approves its months"),
    )
    participant = require_participant(organisation_id, first)
    Participant.objects.select_for_update().filter(pk=participant.pk).first()  # one approval at a time
    if month_end(first) >= timezone.localdate():
        raise InvalidData({"month": _("%(month)s has not ended yet") % {"month": month_label(first)}})
    if approved(participant, first) is not None:
        raise Conflict(_("%(month)s is already approved") % {"month": month_label(first)})
    frozen = snapshot(participant, first)
    approval = MonthApproval.objects.create(
        participant=participant, month=first, approved_by=user, approved_at=timezone.now(), snapshot=frozen
    )
    total = sum(
        (Decimal(v["activity"]) + sum(Decimal(v[k]) for k in KINDS) for v in frozen["persons"].values()),
        ZERO,
    )
    log_action(
        user,
        "approve",
        approval,
        object_repr=f"{participant.organisation} {month_label(first)}",
        changes={"month": month_label(first), "persons": len(frozen["persons"]), "hours": plain(total)},
    )
    return approval


@transaction.atomic
def reopen_month(user, organisation_id: int, year: int, month: int, reason: str) -> None:
    perm.require(perm.can_manage_programme(user), _("only programme managers reopen an approved month"))
    first = month_start(year, month)
    if not reason.strip():
        raise InvalidData({"reason": _("say why the month is reopened")})
    participant = require_participant(organisation_id, first)
    approval = approved(participant, first)
    if approval is None:
        raise Conflict(_("%(month)s is not approved") % {"month": month_label(first)})
    log_action(
        user,
        "reopen",
        approval,
        object_repr=f"{participant.organisation} {month_label(first)}",
        changes={
            "month": month_label(first),
            "reason": reason.strip(),
            "approved_by": approval.approved_by.get_username(),
            "approved_at": approval.approved_at.isoformat(),
        },
    )
    approval.delete()


@transaction.atomic
def add_correction(
    user, person_id: int, year: int, month: int, kind: str, hours_delta: Any, reason: str
) -> Correction:
    person = User.objects.get(pk=person_id)
    first = month_start(year, month)
    perm.require(
        can_approve(user, person.organisation_id),
        _("corrections are made by the organisation's project leader or a programme manager"),
    )
    participant = require_participant(person.organisation_id, first)
    if approved(participant, first) is None:
        raise InvalidData(
            {
                "month": _("%(month)s is not approved: change the hours themselves")
                % {"month": month_label(first)}
            }
        )
    errors = {}
    if kind not in CorrectionKind.values:
        errors["kind"] = _("%(kind)r is not a kind of project time") % {"kind": kind}
    try:
        delta = parse_hours(hours_delta, "hours_delta", maximum=MAX_MONTH_HOURS, signed=True)
    except InvalidData as exc:
        errors.update(exc.errors)
    if len(reason.strip()) < 5:
        errors["reason"] = _("say why the approved hours change")
    if errors:
        raise InvalidData(errors)
    start, end = project_days(participant, first)
    current = next((r for r in hours_table([participant], start, end) if r.person_id == person.pk), None)
    before = current.hours_of(kind) if current else ZERO
    if before + delta < 0:
        raise InvalidData(
            {
                "hours_delta": _("%(delta)s would leave %(hours)s hours below zero")
                % {"delta": delta, "hours": before}
            }
        )
    correction = Correction.objects.create(
        participant=participant,
        person=person,
        month=first,
        kind=kind,
        hours_delta=delta,
        reason=reason.strip(),
        created_by=user,
    )
    log_action(
        user,
        "correct",
        correction,
        object_repr=f"{person.get_username()} {month_label(first)}",
        changes={
            "person": person.get_username(),
            "month": month_label(first),
            "kind": kind,
            "hours": [plain(before), plain(before + delta)],
            "reason": reason.strip(),
        },
    )
    return correction


@transaction.atomic
def set_project_leader(user, participant_id: int, person_id: int | None) -> Participant:
    perm.require(perm.can_manage_programme(user), _("programme managers name the project leaders"))
    participant = Participant.objects.select_related("organisation").get(pk=participant_id)
    leader = None
    if person_id:
        leader = User.objects.filter(pk=person_id).first()
        if (
            leader is None
            or leader.organisation_id != participant.organisation_id
            or not can(leader, Can.WRITE_COMPANY_DATA)
        ):
            raise InvalidData(
                {
                    "project_leader": _("the project leader is an advisor of %(org)s")
                    % {"org": participant.organisation}
                }
            )
    before = participant.project_leader.get_username() if participant.project_leader_id else ""
    participant.project_leader = leader
    participant.save(update_fields=["project_leader"])
    log_action(
        user,
        "update",
        participant,
        changes={"project_leader": [before, leader.get_username() if leader else ""]},
    )
    return participant


# --- the register's check ------------------------------------------------------------------------------


def check_approved_month(planned: PlannedActivity) -> None:
    """extensions.activity_checks: no new activity hours in a month the advisor's organisation approved."""
    ids = [advisor_id for advisor_id, _h in planned.advisor_hours]
    month = first_of(planned.date)
    advisors = User.objects.filter(pk__in=ids).select_related("organisation")
    approved = set(
        MonthApproval.objects.filter(
            month=month, participant__organisation_id__in=[a.organisation_id for a in advisors]
        ).values_list("participant__organisation_id", flat=True)
    )
    refused = [a for a in advisors if a.organisation_id in approved]
    if refused:
        names = ", ".join(sorted(a.get_full_name() or a.get_username() for a in refused))
        raise InvalidData(
            {
                "advisor_hours": _(
                    "%(names)s: the time report for %(month)s is approved; hours in an approved month change "
                    "only through a correction by the organisation's project leader"
                )
                % {"names": names, "month": month_label(month)}
            }
        )
