"""What the start page shows each role: the advisor's working day and the programme manager's progress.

Which page a user gets is decided by the role policy (`start_page_for`): who may manage the programme sees
its progress, who writes company data (advisors) sees their working day, everyone else (analysts, viewers,
company users) the statistics start page.

The advisor's panels, each a fixed number of scoped queries:
- **my companies**: the companies with an activity the advisor took part in (their hours) or logged,
  latest contact first — the register has no owner field, so "mine" is the work done;
- **follow-ups due**: activities the advisor took part in or logged whose follow-up date is within the
  next `FOLLOW_UP_DAYS` days or past, unless the organisation has logged a later activity with each of its
  companies since (that later contact is the follow-up);
- **incoming referrals**: open referrals (sent or accepted) to the advisor's organisation;
- **assessments waiting**: the organisation's self-assessment links sent and not yet answered (still
  valid), and its planned follow-up assessments (T1/T2) due within `ASSESSMENT_DAYS` days or overdue;
- **events this week**: `spets.events.services.events_this_week`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone

from spets.assessment.models import Assessment, SelfAssessmentLink, Status
from spets.companies.models import Activity, ActivityAdvisor, Company
from spets.companies.search import with_last_contact
from spets.companies.services.referrals import incoming_open_referrals
from spets.core.policy import Can, can
from spets.events.services import events_this_week
from spets.programme.models import Project, ReportingPeriod
from spets.programme.presenters import report_context
from spets.programme.services.report import report
from spets.programme.services.setup import current_project

MY_COMPANIES = 10
SMALL_SET = 2000  # an advisor's companies ranked directly below this many
FOLLOW_UP_DAYS = 7
FOLLOW_UPS_READ = 100  # candidates read before the done ones are dropped
FOLLOW_UPS_SHOWN = 15
REFERRALS_SHOWN = 10
ASSESSMENT_DAYS = 30

ADVISOR, PROGRAMME, STATISTICS = "advisor", "programme", "statistics"


def start_page_for(user) -> str:
    """Which start page the user gets (asked of the role policy only)."""
    if can(user, Can.MANAGE_PROGRAMME):
        return PROGRAMME
    if can(user, Can.WRITE_COMPANY_DATA) and user.organisation_id is not None:
        return ADVISOR
    return STATISTICS


def _worked_on(user):
    """Activities the user took part in (hours) or logged."""
    took_part = ActivityAdvisor.objects.for_user(user).filter(activity=OuterRef("pk"), advisor=user)
    return Activity.objects.for_user(user).filter(Q(created_by=user) | Exists(took_part))


def my_companies(user, limit: int = MY_COMPANIES) -> list[Company]:
    """The companies of the user's own work, latest contact first (with `last_contact` and
    `owner_organisation` as on the search page).

    Two paths, so that an advisor with 50,000 companies gets the page as fast as one with five: a small
    set is ranked directly; for a large one the newest activities the user may see are walked until
    `limit` of them concern the user's companies (the first ones met are the latest contacts)."""
    mine = _worked_on(user).filter(companies=OuterRef("pk"))
    visible = Company.objects.for_user(user).select_related("municipality")
    visible = visible.only("id", "name", "orgnr", "municipality__name")
    links = Activity.companies.through.objects
    few = list(
        links.filter(activity__in=_worked_on(user))
        .values_list("company_id", flat=True)
        .distinct()[:SMALL_SET]
    )
    if len(few) < SMALL_SET:
        ranked = with_last_contact(user, visible.filter(id__in=few))
        return list(ranked.order_by("-last_contact", "name", "id")[:limit])
    newest = (
        links.filter(activity__in=Activity.objects.for_user(user))
        .order_by("-activity__date", "-activity_id")
        .values_list("company_id", flat=True)
    )
    chosen: list[int] = []
    start, batch = 0, 4 * limit
    while len(chosen) < limit:
        ids = list(dict.fromkeys(newest[start : start + batch]))
        if not ids:
            break
        hits = set(visible.filter(id__in=ids).filter(Exists(mine)).values_list("id", flat=True))
        chosen += [i for i in ids if i in hits and i not in chosen]
        start, batch = start + batch, batch * 4
    rows = {c.pk: c for c in with_last_contact(user, visible.filter(id__in=chosen[:limit]))}
    return [rows[i] for i in chosen[:limit] if i in rows]


@dataclass
class FollowUp:
    activity: Activity
    companies: list[Company]
    overdue: bool


def follow_ups_due(user, today: datetime.date) -> list[FollowUp]:
    """The user's follow-ups due by `today + FOLLOW_UP_DAYS` that no later activity has answered, earliest
    first (three queries: activities, their companies, the organisation's latest contact per company)."""
    candidates = list(
        _worked_on(user)
        .filter(follow_up_date__isnull=False, follow_up_date__lte=today + datetime.timedelta(FOLLOW_UP_DAYS))
        .only("id", "title", "type", "date", "follow_up_date", "organisation_id")
        .prefetch_related(Prefetch("companies", queryset=Company.objects.for_user(user).only("id", "name")))
        .order_by("follow_up_date", "id")[:FOLLOW_UPS_READ]
    )
    company_ids = {c.pk for a in candidates for c in a.companies.all()}
    latest = dict(
        Activity.objects.for_user(user)
        .filter(organisation_id=user.organisation_id, companies__in=company_ids)
        .values("companies")
        .annotate(last=Max("date"))
        .values_list("companies", "last")
    )
    due = []
    for a in candidates:
        companies = [c for c in a.companies.all() if latest.get(c.pk, a.date) <= a.date]
        if companies:
            due.append(FollowUp(a, companies, overdue=a.follow_up_date < today))
    return due[:FOLLOW_UPS_SHOWN]


def incoming_referrals(user, limit: int = REFERRALS_SHOWN) -> list:
    return list(
        incoming_open_referrals(user)
        .select_related("company", "from_organisation")
        .order_by("status_changed_at", "id")[:limit]
    )


def links_waiting(user) -> list[SelfAssessmentLink]:
    """Self-assessment links of the organisation's assessments sent but not answered, still valid."""
    return list(
        SelfAssessmentLink.objects.for_user(user)
        .filter(
            assessment__organisation_id=user.organisation_id,
            submitted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .exclude(assessment__status=Status.COMPLETED)
        .select_related("assessment__company")
        .order_by("created_at", "id")
    )


def follow_up_assessments(user, today: datetime.date) -> list[Assessment]:
    """The organisation's planned follow-up assessments due within ASSESSMENT_DAYS days or overdue."""
    return list(
        Assessment.objects.for_user(user)
        .filter(
            organisation_id=user.organisation_id,
            status=Status.PLANNED,
            scheduled_for__lte=today + datetime.timedelta(ASSESSMENT_DAYS),
        )
        .select_related("company")
        .order_by("scheduled_for", "id")
    )


def advisor_day(user, today: datetime.date) -> dict:
    return {
        "my_companies": my_companies(user),
        "follow_ups": follow_ups_due(user, today),
        "referrals": incoming_referrals(user),
        "links_waiting": links_waiting(user),
        "assessments_due": follow_up_assessments(user, today),
        "events": events_this_week(user, today),
    }


def programme_day(user, today: datetime.date) -> dict:
    return {"progress": programme_progress(user, today), "events": events_this_week(user, today)}


def current_period(project: Project, today: datetime.date) -> ReportingPeriod | None:
    """The period containing today, else the latest started one (None before the first)."""
    periods = ReportingPeriod.objects.filter(project=project, starts_on__lte=today).order_by("-starts_on")
    return periods.filter(ends_on__gte=today).first() or periods.first()


def programme_progress(user, today: datetime.date) -> dict | None:
    """The current period's headline indicators against their targets (the progress report's figures),
    or None while no project or period is set up."""
    try:
        project = current_project()
    except Project.DoesNotExist:
        return None
    period = current_period(project, today)
    if period is None:
        return {"project": project, "period": None, "headline": []}
    context = report_context(report(user, period.pk))
    return {
        "project": project,
        "period": period,
        "headline": context["headline"],
        "computed_at": context["computed_at"],
        "closed": context["closed"],
        "synthetic": context["synthetic"],
    }
