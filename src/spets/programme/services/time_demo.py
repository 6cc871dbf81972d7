"""Demo time and cost data (synthetic, deterministic for a seed): a project leader per participant,
invented salaries, monthly administration and some events and travel, a few cost entries, and the months
before last approved. The activity hours are the register demo's. Called by `spets.programme.demo`."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from spets.programme.models import Expense, MonthApproval, Participant, Project, Salary, TimeEntry
from spets.programme.services import time as time_services
from spets.programme.services import time_approval as approval_services

# Who leads the project work at IUC Dalarna in the demo (the tests' persona bertil is its leader, too).
LEADERS = {"iuc-dalarna": "bertil"}


def load_demo(seed: int, project: Project | None = None) -> dict:
    rng = random.Random(seed + 70)
    project = project or Project.objects.order_by("-starts_on").first()
    if project is None:
        return {"skipped": "no project"}
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    months = time_services.months_between(project.starts_on, min(project.ends_on, today))
    entries, salaries, expenses = [], [], []
    participants = list(Participant.objects.filter(project=project).select_related("organisation"))
    for participant in participants:
        staff = time_services.staff_of(participant.organisation_id)
        if not staff:
            continue
        wanted = LEADERS.get(participant.organisation.slug)
        leader = next((u for u in staff if u.username == wanted), staff[0])
        participant.project_leader = leader
        participant.save(update_fields=["project_leader"])
        for person in staff:
            salaries.append(
                Salary(
                    person=person,
                    monthly_salary_sek=Decimal(rng.randrange(38_000, 56_000, 500)),
                    valid_from=project.starts_on.replace(day=1),
                    set_by=leader,
                )
            )
            for month in months:
                day = month.replace(day=min(28, rng.randint(1, 28)))
                if day > today:
                    continue
                entries.append(
                    TimeEntry(
                        participant=participant,
                        person=person,
                        date=day,
                        kind="administration",
                        hours=Decimal(rng.choice([4, 6, 8])),
                        note="Projektadministration (syntetiskt)",
                        created_by=person,
                    )
                )
                if rng.random() < 0.3:
                    entries.append(
                        TimeEntry(
                            participant=participant,
                            person=person,
                            date=day,
                            kind=rng.choice(["event", "travel"]),
                            hours=Decimal(rng.choice([2, 3, 5])),
                            note="Nätverksträff (syntetiskt)",
                            created_by=person,
                        )
                    )
        for month in months[::3]:
            expenses.append(
                Expense(
                    participant=participant,
                    date=month.replace(day=15),
                    kind=rng.choice(["external", "travel"]),
                    amount_sek=Decimal(rng.randrange(2_000, 60_000, 100)),
                    description="Syntetisk demokostnad",
                    created_by=leader,
                )
            )
    Salary.objects.bulk_create(salaries)
    TimeEntry.objects.bulk_create([e for e in entries if e.date <= today], batch_size=2000)
    Expense.objects.bulk_create([e for e in expenses if e.date <= today])
    approved = 0
    for participant in participants:
        if participant.project_leader_id is None:
            continue
        for month in months:
            if month >= last_month:
                break  # last month stays open: the project leader approves it in the demo
            MonthApproval.objects.create(
                participant=participant,
                month=month,
                approved_by=participant.project_leader,
                approved_at=timezone.now(),
                snapshot=approval_services.snapshot(participant, month),
            )
            approved += 1
    return {
        "salaries": len(salaries),
        "time_entries": len(entries),
        "expenses": len(expenses),
        "approved_months": approved,
    }
