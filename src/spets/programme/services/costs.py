"""Outcome against budget per organisation and budget line, in-kind co-financing and the cost entries.

Budget lines and where their outcome comes from:
- staff: the time reports (`services.time.hours_table`): hours × monthly salary × 12 / 1,720;
- indirect: the project's flat rate × the staff costs (`costs.indirect_costs`);
- external, travel: the cost entries recorded here (`Expense`).
Companies' own time (in-kind co-financing) is not a budget line but financing: company hours × the
project's standard rate. Company hours are estimated from the register: each company taking part in an
activity is credited with the activity's length, taken as the largest advisor's hours on it (an advisor's
time with the company). It is an estimate for follow-up, shown as one; a claim to the funder needs the
companies' own signed time reports.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies.models import Activity
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.scoping import unscoped
from spets.programme import costs
from spets.programme import permissions as perm
from spets.programme.models import (
    BudgetLine,
    BudgetLineKind,
    Expense,
    ExpenseKind,
    Participant,
    Project,
    ReportingPeriod,
)
from spets.programme.services import time as time_services

MAX_EXPENSE_SEK = Decimal(10_000_000)  # one cost entry above this is a typing mistake
ZERO = Decimal(0)


def period_dates(project: Project, period_id: int | None) -> tuple[datetime.date, datetime.date]:
    """The period's dates, or the project's from its start to today (or its end)."""
    if period_id is None:
        return project.starts_on, min(project.ends_on, max(project.starts_on, timezone.localdate()))
    period = ReportingPeriod.objects.get(pk=period_id, project=project)
    return period.starts_on, period.ends_on


def _staff_costs(
    participants: list[Participant], start: datetime.date, end: datetime.date
) -> dict[int, dict]:
    out: dict[int, dict] = {
        p.organisation_id: {"hours": ZERO, "cost": ZERO, "missing": 0, "missing_hours": ZERO}
        for p in participants
    }
    if start > end:
        return out
    for row in time_services.hours_table(participants, start, end):
        entry = out[row.organisation_id]
        entry["hours"] += row.total
        if row.total and row.salary is None:
            entry["missing"] += 1
            entry["missing_hours"] += row.total
        else:
            entry["cost"] += row.cost or ZERO
    return out


def _expenses(
    participants: list[Participant], start: datetime.date, end: datetime.date
) -> dict[tuple[int, str], Decimal]:
    rows = (
        Expense.objects.filter(participant__in=participants, date__gte=start, date__lte=end)
        .values("participant__organisation_id", "kind")
        .annotate(total=Sum("amount_sek"))
    )
    return {(r["participant__organisation_id"], r["kind"]): r["total"] for r in rows}


def _outcomes(
    project: Project, participants: list[Participant], start: datetime.date, end: datetime.date
) -> dict:
    staff = _staff_costs(participants, start, end)
    expenses = _expenses(participants, start, end)
    out: dict[tuple[int, str], tuple[Decimal | None, str, bool]] = {}
    for p in participants:
        s = staff[p.organisation_id]
        complete = s["missing"] == 0
        note = _("%(hours)s h × monthly salary × 12 / 1,720") % {"hours": s["hours"]}
        if not complete:
            note += " · " + _("salary missing for %(n)d person-months (%(hours)s h): not costed") % {
                "n": s["missing"],
                "hours": s["missing_hours"],
            }
        out[(p.organisation_id, BudgetLineKind.STAFF)] = (s["cost"], note, complete)
        out[(p.organisation_id, BudgetLineKind.INDIRECT)] = (
            costs.indirect_costs(s["cost"], project.indirect_rate_percent),
            _("%(rate)s %% of staff costs (flat rate)") % {"rate": project.indirect_rate_percent},
            complete,
        )
        for kind in (BudgetLineKind.EXTERNAL, BudgetLineKind.TRAVEL):
            out[(p.organisation_id, kind)] = (
                expenses.get((p.organisation_id, kind), ZERO),
                _("cost entries recorded in Spets"),
                True,
            )
    return out


def outcome_vs_budget(project_id: int, period_id: int | None) -> list[dict]:
    """Rows per organisation and budget line: organisation, organisation_id, kind, kind_label, budget_sek,
    outcome_sek (in the period; the project to date when `period_id` is None), cumulative_sek (from the
    project's start to the period's end), share (cumulative / budget; None without a budget), note (the
    method), complete (False when some hours could not be costed for want of a salary).

    No permission check: the caller (a page, the progress report) decides who sees which rows."""
    project = Project.objects.get(pk=project_id)
    participants = list(
        Participant.objects.filter(project=project)
        .select_related("organisation", "project")
        .order_by("organisation__name")
    )
    start, end = period_dates(project, period_id)
    in_period = _outcomes(project, participants, start, end)
    cumulative = (
        in_period if start <= project.starts_on else _outcomes(project, participants, project.starts_on, end)
    )
    budgets = {
        (b.participant.organisation_id, b.kind): b.amount_sek
        for b in BudgetLine.objects.filter(participant__project=project).select_related("participant")
    }
    rows = []
    for p in participants:
        for kind, label in BudgetLineKind.choices:
            outcome, note, complete = in_period[(p.organisation_id, kind)]
            total = cumulative[(p.organisation_id, kind)][0]
            budget = budgets.get((p.organisation_id, kind))
            rows.append(
                {
                    "organisation": p.organisation.name,
                    "organisation_id": p.organisation_id,
                    "kind": kind,
                    "kind_label": str(label),
                    "budget_sek": budget,
                    "outcome_sek": outcome,
                    "cumulative_sek": total,
                    "share": costs.budget_share(total, budget),
                    "note": note,
                    "complete": complete and cumulative[(p.organisation_id, kind)][2],
                }
            )
    return rows


def inkind(project_id: int, period_id: int | None) -> list[dict]:
    """Companies' own time as in-kind co-financing per organisation (an estimate: see the module
    docstring): company hours, the standard rate, the value."""
    project = Project.objects.get(pk=project_id)
    start, end = period_dates(project, period_id)
    participants = list(Participant.objects.filter(project=project).select_related("organisation"))
    with unscoped():
        activities = (
            Activity.objects.filter(
                organisation_id__in=[p.organisation_id for p in participants], date__gte=start, date__lte=end
            )
            .annotate(length=Max("advisors__hours"), n=Count("companies", distinct=True))
            .values("organisation_id", "length", "n")
        )
        hours: dict[int, Decimal] = defaultdict(lambda: ZERO)
        companies: dict[int, int] = defaultdict(int)
        for a in activities:
            hours[a["organisation_id"]] += (a["length"] or ZERO) * a["n"]
            companies[a["organisation_id"]] += a["n"]
    return [
        {
            "organisation": p.organisation.name,
            "organisation_id": p.organisation_id,
            "company_hours": hours[p.organisation_id],
            "participations": companies[p.organisation_id],
            "rate_sek": project.inkind_rate_sek,
            "value_sek": costs.inkind_value(hours[p.organisation_id], project.inkind_rate_sek),
        }
        for p in sorted(participants, key=lambda p: p.organisation.name)
    ]


def can_see_costs(user) -> bool:
    """The cost page: programme managers (every organisation) and the organisations' own staff who read
    records (their own rows)."""
    return perm.can_manage_programme(user) or (
        perm.can_see_programme(user) and user.organisation_id is not None
    )


def cost_page(user, project_id: int, period_id: int | None) -> dict[str, Any]:
    perm.require(can_see_costs(user), _("costs are shown to programme managers and the organisations' staff"))
    rows = outcome_vs_budget(project_id, period_id)
    kind_rows = inkind(project_id, period_id)
    if not perm.can_manage_programme(user):
        rows = [r for r in rows if r["organisation_id"] == user.organisation_id]
        kind_rows = [r for r in kind_rows if r["organisation_id"] == user.organisation_id]
    totals: dict[str, dict] = {}
    for r in rows:
        t = totals.setdefault(
            r["kind"],
            {"kind_label": r["kind_label"], "budget_sek": ZERO, "outcome_sek": ZERO, "cumulative_sek": ZERO},
        )
        for key in ("budget_sek", "outcome_sek", "cumulative_sek"):
            t[key] = None if t[key] is None or r[key] is None else t[key] + r[key]
    for t in totals.values():
        t["share"] = costs.budget_share(t["cumulative_sek"], t["budget_sek"])
    project = Project.objects.get(pk=project_id)
    expenses = Expense.objects.filter(participant__project=project).select_related(
        "participant__organisation", "created_by"
    )
    if not perm.can_manage_programme(user):
        expenses = expenses.filter(participant__organisation_id=user.organisation_id)
    start, end = period_dates(project, period_id)
    return {
        "project": project,
        "start": start,
        "end": end,
        "rows": rows,
        "totals": list(totals.values()),
        "inkind": kind_rows,
        "expenses": list(expenses.filter(date__gte=start, date__lte=end)),
    }


# --- cost entries --------------------------------------------------------------------------------------


def can_record_expenses(user, organisation_id: int | None) -> bool:
    return time_services.can_approve(user, organisation_id)


@transaction.atomic
def add_expense(
    user, organisation_id: int, date: datetime.date, kind: str, amount_sek: Any, description: str
) -> Expense:
    perm.require(
        can_record_expenses(user, organisation_id),
        _("costs are recorded by the organisation's project leader or a programme manager"),
    )
    errors = {}
    if kind not in ExpenseKind.values:
        errors["kind"] = _("%(kind)r is not a budget line for cost entries") % {"kind": kind}
    text = (
        str(amount_sek if amount_sek is not None else "")
        .replace(" ", "")
        .replace("\u202f", "")
        .replace(",", ".")
    )
    amount = None
    try:
        amount = Decimal(text)
        if not amount.is_finite():
            raise ArithmeticError
    except (ArithmeticError, ValueError):
        errors["amount_sek"] = _("%(value)s is not an amount in SEK") % {"value": amount_sek}
    else:
        if amount <= 0:
            errors["amount_sek"] = _("an amount is positive (%(value)s)") % {"value": amount}
        elif amount > MAX_EXPENSE_SEK:
            errors["amount_sek"] = _("%(value)s SEK is not plausible for one entry (at most %(max)s)") % {
                "value": amount,
                "max": MAX_EXPENSE_SEK,
            }
        elif amount != amount.quantize(costs.ORE):
            errors["amount_sek"] = _("give the amount in SEK with at most two decimals")
    if not description.strip():
        errors["description"] = _("describe the cost (supplier, what, invoice number)")
    if errors:
        raise InvalidData(errors)
    participant = time_services.participant_for(organisation_id, time_services.first_of(date))
    if participant is None or not participant.project.starts_on <= date <= participant.project.ends_on:
        raise InvalidData({"date": _("%(date)s is outside the project period") % {"date": date}})
    time_services.refuse_if_approved(participant, date)
    expense = Expense.objects.create(
        participant=participant,
        date=date,
        kind=kind,
        amount_sek=amount,
        description=description.strip()[:300],
        created_by=user,
    )
    log_action(
        user,
        "create",
        expense,
        object_repr=f"{participant.organisation} {date.isoformat()} {kind}",
        changes={
            "date": date.isoformat(),
            "kind": kind,
            "amount_sek": str(amount),
            "description": expense.description,
        },
    )
    return expense


@transaction.atomic
def delete_expense(user, expense_id: int) -> None:
    expense = Expense.objects.select_related("participant__organisation").get(pk=expense_id)
    perm.require(
        can_record_expenses(user, expense.participant.organisation_id),
        _("costs are recorded by the organisation's project leader or a programme manager"),
    )
    time_services.refuse_if_approved(expense.participant, expense.date)
    log_action(
        user,
        "delete",
        expense,
        object_repr=f"{expense.participant.organisation} {expense.date.isoformat()} {expense.kind}",
        changes={
            "date": expense.date.isoformat(),
            "kind": expense.kind,
            "amount_sek": str(expense.amount_sek),
        },
    )
    expense.delete()
