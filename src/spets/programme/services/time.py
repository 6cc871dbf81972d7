"""Monthly time reports: a person's month is the register's activity hours (read-only here) plus other
project time entered here, costed at monthly salary × 12 / 1,720 (`spets.programme.costs`).

The organisation's project leader (`Participant.project_leader`) or a programme manager approves an
organisation's month: the month's hours and salaries are frozen in the approval's snapshot, the register
refuses new activity hours in it (`check_approved_month`, an `extensions.activity_checks` entry), and its
hours change only through an audited `Correction`. A programme manager may reopen an approved month
(audited).

Who sees what: a time report is read by the person's organisation (programme staff who read records)
and by programme managers; salaries and costs only by the person, the organisation's project leader and
programme managers (a salary is personal data colleagues do not need).
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies.models import Activity, ActivityAdvisor
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.models import User
from spets.core.policy import Can, roles_with
from spets.core.scoping import unscoped
from spets.programme import costs
from spets.programme import permissions as perm
from spets.programme.models import (
    Correction,
    CorrectionKind,
    MonthApproval,
    Participant,
    Salary,
    TimeEntry,
    TimeKind,
)

MAX_ENTRY_HOURS = Decimal(24)  # one entry is one day's time
MAX_MONTH_HOURS = Decimal(744)  # 31 × 24: no correction moves more than a month holds
MAX_MONTHLY_SALARY = Decimal(500_000)  # SEK; above it a salary is a typing mistake
KINDS = [k for k, _label in TimeKind.choices]
ZERO = Decimal(0)


# --- months and participants ---------------------------------------------------------------------------


def month_start(year: int, month: int) -> datetime.date:
    if not 1 <= int(month) <= 12 or not 2000 <= int(year) <= 2100:
        raise InvalidData({"month": _("%(year)s-%(month)s is not a month") % {"year": year, "month": month}})
    return datetime.date(int(year), int(month), 1)


def month_end(first: datetime.date) -> datetime.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def first_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, current = [], first_of(start)
    while current <= end:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def month_label(first: datetime.date) -> str:
    return f"{first.year}-{first.month:02d}"


def participant_for(organisation_id: int | None, month: datetime.date) -> Participant | None:
    """The organisation's participation in the project that runs in this month (the earliest, should two
    overlap)."""
    if organisation_id is None:
        return None
    return (
        Participant.objects.select_related("project", "organisation", "project_leader")
        .filter(
            organisation_id=organisation_id,
            project__starts_on__lte=month_end(month),
            project__ends_on__gte=first_of(month),
        )
        .order_by("project__starts_on")
        .first()
    )


def require_participant(organisation_id: int | None, month: datetime.date) -> Participant:
    participant = participant_for(organisation_id, month)
    if participant is None:
        raise InvalidData(
            {
                "month": _("%(month)s: the organisation takes part in no project running that month")
                % {"month": month_label(month)}
            }
        )
    return participant


def project_days(participant: Participant, month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days of the month inside the project period."""
    project = participant.project
    return max(first_of(month), project.starts_on), min(month_end(month), project.ends_on)


# --- who may do what -----------------------------------------------------------------------------------


def is_project_leader(user, organisation_id: int | None) -> bool:
    return (
        organisation_id is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.organisation_id == organisation_id
        and Participant.objects.filter(organisation_id=organisation_id, project_leader_id=user.pk).exists()
    )


def can_approve(user, organisation_id: int | None) -> bool:
    """Approve (and correct) an organisation's months: its project leader and programme managers."""
    return perm.can_manage_programme(user) or is_project_leader(user, organisation_id)


def can_see_costs_of(user, person: User) -> bool:
    """A person's salary and cost: the person, the organisation's project leader, programme managers."""
    return (
        perm.can_manage_programme(user)
        or (getattr(user, "pk", None) == person.pk and perm.can_report_time(user))
        or is_project_leader(user, person.organisation_id)
    )


def can_enter_time(user, person: User) -> bool:
    """Enter other project time: the person themself, or a programme manager for anyone."""
    return perm.can_manage_programme(user) or (user.pk == person.pk and perm.can_report_time(user))


def can_set_salary(user, person: User) -> bool:
    return perm.can_manage_programme(user) or is_project_leader(user, person.organisation_id)


def staff_of(organisation_id: int) -> list[User]:
    """The organisation's people who report time: active advisors and programme managers."""
    return list(
        User.objects.filter(
            organisation_id=organisation_id, is_active=True, role__in=roles_with(Can.WRITE_COMPANY_DATA)
        ).order_by("first_name", "last_name", "username")
    )


def person_of(user, person_id: int) -> User:
    """The person whose time `user` asks about (404 when unknown, 403 when not theirs to see)."""
    person = User.objects.select_related("organisation").get(pk=person_id)
    perm.require(
        perm.can_see_time_of(user, person.organisation_id),
        _("time reports are read by the person's own organisation and programme managers"),
    )
    return person


# --- parsing -------------------------------------------------------------------------------------------


def parse_hours(value: Any, field: str, *, maximum: Decimal, signed: bool = False) -> Decimal:
    text = str(value if value is not None else "").strip().replace(",", ".").replace("\u2212", "-")
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise InvalidData({field: _("%(value)s is not a number of hours") % {"value": value}}) from None
    if not hours.is_finite() or hours != hours.quantize(Decimal("0.01")):
        raise InvalidData({field: _("give hours with at most two decimals (%(value)s)") % {"value": value}})
    if (hours == 0) or (hours < 0 and not signed):
        raise InvalidData({field: _("give a positive number of hours (%(value)s)") % {"value": value}})
    if abs(hours) > maximum:
        raise InvalidData(
            {
                field: _("%(value)s hours is not plausible (at most %(max)s)")
                % {"value": value, "max": maximum}
            }
        )
    return hours


# --- hours per person and month ------------------------------------------------------------------------


@dataclass
class MonthHours:
    """One person's hours in one month: activity hours, other time by kind, corrections, the salary."""

    organisation_id: int
    person_id: int
    month: datetime.date
    activity: Decimal = ZERO
    other: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(KINDS, ZERO))
    corrections: dict[str, Decimal] = field(default_factory=dict)
    salary: Decimal | None = None
    approved: bool = False

    @property
    def correction_hours(self) -> Decimal:
        return sum(self.corrections.values(), ZERO)

    @property
    def other_hours(self) -> Decimal:
        return sum(self.other.values(), ZERO)

    @property
    def total(self) -> Decimal:
        return self.activity + self.other_hours + self.correction_hours

    @property
    def cost(self) -> Decimal | None:
        return costs.staff_cost(self.total, self.salary) if self.total else ZERO

    @property
    def rate(self) -> Decimal | None:
        return None if self.salary is None else costs.hourly_rate(self.salary)

    def hours_of(self, kind: str) -> Decimal:
        """Hours of one kind after corrections ("activity" or a TimeKind)."""
        base = self.activity if kind == CorrectionKind.ACTIVITY else self.other.get(kind, ZERO)
        return base + self.corrections.get(kind, ZERO)


def salary_in_force(salaries: list[Salary], month: datetime.date) -> Decimal | None:
    """The monthly salary valid on the month's first day (salaries sorted newest first)."""
    for salary in salaries:
        if salary.valid_from <= month:
            return salary.monthly_salary_sek
    return None


def _salaries(person_ids) -> dict[int, list[Salary]]:
    out: dict[int, list[Salary]] = defaultdict(list)
    for salary in Salary.objects.filter(person_id__in=person_ids).order_by("person_id", "-valid_from"):
        out[salary.person_id].append(salary)
    return out


def live_hours(
    participants: list[Participant], start: datetime.date, end: datetime.date
) -> dict[tuple[int, int, datetime.date], MonthHours]:
    """Unfrozen hours of the participants' people from `start` to `end` (clipped to each project), per
    (organisation, person, month). Activity hours are the register's (private activities count: hours
    only, as the register's own hours summary)."""
    rows: dict[tuple[int, int, datetime.date], MonthHours] = {}
    staff: dict[int, set[int]] = {}
    for participant in participants:
        org = participant.organisation_id
        first = max(start, participant.project.starts_on)
        last = min(end, participant.project.ends_on)
        if first > last:
            continue
        people = {u.pk for u in staff_of(org)}
        with unscoped():
            activity = (
                ActivityAdvisor.objects.filter(
                    advisor__organisation_id=org, activity__date__gte=first, activity__date__lte=last
                )
                .annotate(m=TruncMonth("activity__date"))
                .values("advisor_id", "m")
                .annotate(h=Sum("hours"))
            )
            for r in activity:
                key = (org, r["advisor_id"], _as_date(r["m"]))
                rows.setdefault(key, MonthHours(org, r["advisor_id"], key[2])).activity += r["h"]
                people.add(r["advisor_id"])
        other = (
            TimeEntry.objects.filter(participant=participant, date__gte=first, date__lte=last)
            .annotate(m=TruncMonth("date"))
            .values("person_id", "m", "kind")
            .annotate(h=Sum("hours"))
        )
        for r in other:
            key = (org, r["person_id"], _as_date(r["m"]))
            rows.setdefault(key, MonthHours(org, r["person_id"], key[2])).other[r["kind"]] += r["h"]
            people.add(r["person_id"])
        staff[org] = people
        for month in months_between(first, last):
            for person_id in people:
                rows.setdefault((org, person_id, month), MonthHours(org, person_id, month))
    return rows


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def hours_table(
    participants: list[Participant], start: datetime.date, end: datetime.date
) -> list[MonthHours]:
    """Every participant person's month from `start` to `end`: approved months from their snapshot,
    others live; corrections added; salaries (snapshot or in force) attached. Sorted by organisation,
    month, person."""
    rows = live_hours(participants, start, end)
    by_participant = {p.pk: p for p in participants}
    approvals = MonthApproval.objects.filter(
        participant_id__in=by_participant, month__gte=first_of(start), month__lte=end
    )
    frozen: set[tuple[int, datetime.date]] = set()
    for approval in approvals:
        org = by_participant[approval.participant_id].organisation_id
        frozen.add((org, approval.month))
        for key in [k for k in rows if k[0] == org and k[2] == approval.month]:
            del rows[key]
        for person_id, snap in approval.snapshot.get("persons", {}).items():
            row = MonthHours(org, int(person_id), approval.month, approved=True)
            row.activity = Decimal(snap.get("activity", "0"))
            for kind in KINDS:
                row.other[kind] = Decimal(snap.get(kind, "0"))
            row.salary = None if snap.get("salary") is None else Decimal(snap["salary"])
            rows[(org, row.person_id, row.month)] = row
    corrections = Correction.objects.filter(
        participant_id__in=by_participant, month__gte=first_of(start), month__lte=end
    )
    for c in corrections:
        org = by_participant[c.participant_id].organisation_id
        row = rows.setdefault((org, c.person_id, c.month), MonthHours(org, c.person_id, c.month))
        row.corrections[c.kind] = row.corrections.get(c.kind, ZERO) + c.hours_delta
    salaries = _salaries({k[1] for k in rows})
    for (org, person_id, month), row in rows.items():
        if (org, month) not in frozen:
            row.salary = salary_in_force(salaries.get(person_id, []), month)
    return sorted(rows.values(), key=lambda r: (r.organisation_id, r.month, r.person_id))


# --- one person's month --------------------------------------------------------------------------------


@dataclass
class PersonMonth:
    person: User
    month: datetime.date
    participant: Participant | None
    hours: MonthHours | None
    approval: MonthApproval | None
    activities: list[dict]  # date, title, type, hours, visible
    entries: list[TimeEntry]
    corrections: list[Correction]
    show_costs: bool
    may_enter: bool
    may_approve: bool
    year_hours: Decimal | None  # declared hours in the calendar year up to this month
    live_differs: bool = False  # the register's hours changed after approval

    @property
    def over_annual_hours(self) -> bool:
        return self.year_hours is not None and costs.over_annual_hours(self.year_hours)


def person_month(user, person_id: int, year: int, month: int) -> PersonMonth:
    person = person_of(user, person_id)
    first = month_start(year, month)
    participant = participant_for(person.organisation_id, first)
    show_costs = can_see_costs_of(user, person)
    if participant is None:
        return PersonMonth(person, first, None, None, None, [], [], [], show_costs, False, False, None)
    start, end = project_days(participant, first)
    approval = MonthApproval.objects.filter(participant=participant, month=first).first()
    with unscoped():
        advisor_rows = list(
            ActivityAdvisor.objects.filter(
                advisor_id=person.pk, activity__date__gte=start, activity__date__lte=end
            )
            .select_related("activity")
            .order_by("activity__date", "activity_id")
        )
    visible = set(
        Activity.objects.for_user(user)
        .filter(pk__in=[r.activity_id for r in advisor_rows])
        .values_list("pk", flat=True)
    )
    activities = [
        {
            "date": r.activity.date,
            "title": r.activity.title if r.activity_id in visible else "",
            "type": r.activity.get_type_display(),
            "hours": r.hours,
            "visible": r.activity_id in visible,
            "activity_id": r.activity_id,
        }
        for r in advisor_rows
    ]
    table = hours_table([participant], start, end)
    hours = next((r for r in table if r.person_id == person.pk), None) or MonthHours(
        participant.organisation_id, person.pk, first
    )
    live_differs = approval is not None and sum((a["hours"] for a in activities), ZERO) != hours.activity
    year_rows = hours_table(
        [participant], max(datetime.date(first.year, 1, 1), participant.project.starts_on), end
    )
    year_hours = sum((r.total for r in year_rows if r.person_id == person.pk), ZERO)
    if not show_costs:
        hours.salary = None
    return PersonMonth(
        person=person,
        month=first,
        participant=participant,
        hours=hours,
        approval=approval,
        activities=activities,
        entries=list(
            TimeEntry.objects.filter(participant=participant, person=person, date__gte=start, date__lte=end)
        ),
        corrections=list(
            Correction.objects.filter(participant=participant, person=person, month=first).select_related(
                "created_by"
            )
        ),
        show_costs=show_costs,
        may_enter=approval is None and can_enter_time(user, person),
        may_approve=can_approve(user, person.organisation_id),
        year_hours=year_hours,
        live_differs=live_differs,
    )


# --- an organisation's month and the programme's month --------------------------------------------------


@dataclass
class OrganisationMonth:
    participant: Participant
    month: datetime.date
    rows: list[tuple[User, MonthHours]]
    approval: MonthApproval | None
    show_costs: bool
    may_approve: bool
    month_over: bool

    @property
    def total_hours(self) -> Decimal:
        return sum((h.total for _p, h in self.rows), ZERO)

    @property
    def total_cost(self) -> Decimal | None:
        values = [h.cost for _p, h in self.rows]
        return None if any(v is None for v in values) else sum(values, ZERO)  # type: ignore[arg-type]


def organisation_month(user, organisation_id: int, year: int, month: int) -> OrganisationMonth:
    perm.require(
        perm.can_see_time_of(user, organisation_id),
        _("time reports are read by the organisation's own staff and programme managers"),
    )
    first = month_start(year, month)
    participant = require_participant(organisation_id, first)
    start, end = project_days(participant, first)
    table = hours_table([participant], start, end)
    people = User.objects.in_bulk([h.person_id for h in table])
    show_costs = can_approve(user, organisation_id)
    rows = []
    for h in table:
        if not show_costs:
            h.salary = None
        rows.append((people[h.person_id], h))
    rows.sort(key=lambda r: (r[0].get_full_name() or r[0].username).casefold())
    return OrganisationMonth(
        participant=participant,
        month=first,
        rows=rows,
        approval=MonthApproval.objects.filter(participant=participant, month=first)
        .select_related("approved_by")
        .first(),
        show_costs=show_costs,
        may_approve=can_approve(user, organisation_id),
        month_over=month_end(first) < timezone.localdate(),
    )


def programme_month(user, project_id: int, year: int, month: int) -> list[dict]:
    """Every participant's month: hours, cost, approval (programme managers)."""
    perm.require(
        perm.can_manage_programme(user), _("the programme's time overview is for programme managers")
    )
    first = month_start(year, month)
    participants = list(
        Participant.objects.filter(project_id=project_id).select_related(
            "organisation", "project", "project_leader"
        )
    )
    approvals = {
        a.participant_id: a
        for a in MonthApproval.objects.filter(participant__in=participants, month=first).select_related(
            "approved_by"
        )
    }
    out = []
    for participant in participants:
        start, end = project_days(participant, first)
        table = hours_table([participant], start, end) if start <= end else []
        values = [h.cost for h in table]
        out.append(
            {
                "participant": participant,
                "hours": sum((h.total for h in table), ZERO),
                "cost": None if any(v is None for v in values) else sum(values, ZERO),  # type: ignore[arg-type]
                "missing_salaries": sum(1 for h in table if h.total and h.salary is None),
                "approval": approvals.get(participant.pk),
                "in_project": start <= end,
            }
        )
    return out


# --- changes -------------------------------------------------------------------------------------------


def approved(participant: Participant, month: datetime.date) -> MonthApproval | None:
    return MonthApproval.objects.filter(participant=participant, month=first_of(month)).first()


def refuse_if_approved(participant: Participant, month: datetime.date, field: str = "date") -> None:
    if approved(participant, month) is not None:
        raise InvalidData(
            {
                field: _(
                    "%(month)s is approved for %(organisation)s: hours change only through a correction "
                    "by the project leader"
                )
                % {"month": month_label(first_of(month)), "organisation": participant.organisation}
            }
        )


@transaction.atomic
def add_time_entry(
    user, person_id: int, date: datetime.date, kind: str, hours: Any, note: str = ""
) -> TimeEntry:
    person = User.objects.select_for_update().get(pk=person_id)
    perm.require(can_enter_time(user, person), _("people enter their own project time"))
    errors = {}
    if kind not in KINDS:
        errors["kind"] = _("%(kind)r is not a kind of project time") % {"kind": kind}
    try:
        amount = parse_hours(hours, "hours", maximum=MAX_ENTRY_HOURS)
    except InvalidData as exc:
        errors.update(exc.errors)
    if len(note) > 300:
        errors["note"] = _("at most 300 characters")
    if errors:
        raise InvalidData(errors)
    participant = participant_for(person.organisation_id, first_of(date))
    if participant is None or not participant.project.starts_on <= date <= participant.project.ends_on:
        raise InvalidData(
            {
                "date": _("%(date)s is outside the project period of the person's organisation")
                % {"date": date}
            }
        )
    refuse_if_approved(participant, date)
    entry = TimeEntry.objects.create(
        participant=participant,
        person=person,
        date=date,
        kind=kind,
        hours=amount,
        note=note.strip(),
        created_by=user,
    )
    log_action(
        user,
        "create",
        entry,
        object_repr=f"{person.get_username()} {date.isoformat()} {kind}",
        changes={
            "person": person.get_username(),
            "date": date.isoformat(),
            "kind": kind,
            "hours": plain(amount),
        },
    )
    return entry


@transaction.atomic
def delete_time_entry(user, entry_id: int) -> None:
    entry = TimeEntry.objects.select_related("person", "participant__organisation").get(pk=entry_id)
    perm.require(can_enter_time(user, entry.person), _("people change their own project time"))
    refuse_if_approved(entry.participant, entry.date)
    log_action(
        user,
        "delete",
        entry,
        object_repr=f"{entry.person.get_username()} {entry.date.isoformat()} {entry.kind}",
        changes={"date": entry.date.isoformat(), "kind": entry.kind, "hours": plain(entry.hours)},
    )
    entry.delete()


@transaction.atomic
def set_salary(user, person_id: int, monthly_salary_sek: Any, valid_from: datetime.date) -> Salary:
    person = User.objects.get(pk=person_id)
    perm.require(
        can_set_salary(user, person),
        _("salaries are set by the organisation's project leader or a programme manager"),
    )
    errors = {}
    text = (
        str(monthly_salary_sek if monthly_salary_sek is not None else "").replace(" ", "").replace(",", ".")
    )
    try:
        amount = Decimal(text)
        if not amount.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors["monthly_salary_sek"] = _("%(value)s is not an amount in SEK") % {"value": monthly_salary_sek}
    else:
        if amount <= 0:
            errors["monthly_salary_sek"] = _("a monthly salary is a positive amount (%(value)s)") % {
                "value": amount
            }
        elif amount > MAX_MONTHLY_SALARY:
            errors["monthly_salary_sek"] = _("%(value)s SEK a month is not plausible (at most %(max)s)") % {
                "value": amount,
                "max": MAX_MONTHLY_SALARY,
            }
    if valid_from.day != 1:
        errors["valid_from"] = _("a salary applies from the first day of a month")
    if errors:
        raise InvalidData(errors)
    participant = participant_for(person.organisation_id, valid_from)
    if participant is not None:
        refuse_if_approved(participant, valid_from, "valid_from")
    salary, created = Salary.objects.update_or_create(
        person=person, valid_from=valid_from, defaults={"monthly_salary_sek": amount, "set_by": user}
    )
    log_action(
        user,
        "create" if created else "update",
        salary,
        object_repr=f"{person.get_username()} {valid_from.isoformat()}",
        # The amount is personal data: the audit log names that it changed, not what it is.
        changes={
            "person": person.get_username(),
            "valid_from": valid_from.isoformat(),
            "monthly_salary_sek": "set",
        },
        visible_to=[person.organisation_id],
    )
    return salary


def salaries_of(user, person_id: int) -> list[Salary]:
    person = User.objects.get(pk=person_id)
    perm.require(
        can_see_costs_of(user, person),
        _("salaries are shown to the person, the project leader and programme managers"),
    )
    return list(Salary.objects.filter(person=person).order_by("-valid_from"))


def plain(hours: Decimal) -> str:
    """Hours as the snapshot and the audit log keep them: two decimals ("5.50")."""
    return str(Decimal(hours).quantize(Decimal("0.01")))
