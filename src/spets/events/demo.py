"""Synthetic demo events: a workshop held two days ago with attendance marked (its support is in the
register), a seminar this week, a study visit next week that is full with a waiting list, and — when the
matching demo has made a cohort — a cohort meeting. Participants are demo contacts of companies in all
three counties; everything is invented. Dates follow the day the demo is loaded, so the start page's
"events this week" has something to show; the choice of people follows the seed."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from spets.companies.models import Contact
from spets.core.scoping import unscoped
from spets.events.models import Channel, Event, EventKind, Registration, Status
from spets.events.services import attendance, links, registrations
from spets.events.services import events as event_services

COUNTIES = ("20", "17", "21")  # Dalarna, Värmland, Gävleborg


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _contacts(rng: random.Random, n: int) -> list[Contact]:
    """n contacts of different companies, taken in turn from the three counties (independent companies:
    no group members, whose de minimis headroom the programme demo keeps small on purpose)."""
    pools = []
    for county in COUNTIES:
        pool = list(
            Contact.objects.filter(
                anonymised=False,
                synthetic=True,
                company__municipality__county_id=county,
                company__parent__isnull=True,
                company__subsidiaries__isnull=True,
            )
            .exclude(email="")
            .select_related("company")
            .order_by("company_id", "pk")
        )
        seen, unique = set(), []
        for contact in pool:
            if contact.company_id not in seen:
                seen.add(contact.company_id)
                unique.append(contact)
        rng.shuffle(unique)
        pools.append(unique)
    chosen = []
    while len(chosen) < n and any(pools):
        for pool in pools:
            if pool and len(chosen) < n:
                chosen.append(pool.pop())
    return chosen


def load(seed: int) -> dict:
    rng = random.Random(seed + 70)
    users = get_user_model().objects
    anna, cecilia, manager = (users.get(username=u) for u in ("anna", "cecilia", "programledare"))
    today = timezone.localdate()
    with unscoped():
        people = _contacts(rng, 16)
        if len(people) < 16:
            return {"events": 0, "registrations": 0}
        workshop = event_services.create_event(
            anna,
            kind=EventKind.WORKSHOP,
            title="Automation i små verkstäder",
            description="Halvdagsworkshop om robotceller och automation för verkstäder med 5–50 anställda: "
            "var finns lönsamheten, hur börjar man och vilket stöd finns? (Syntetiskt demoevenemang.)",
            starts_at=_at(today - datetime.timedelta(days=2), 9),
            ends_at=_at(today - datetime.timedelta(days=2), 12),
            place="IUC Dalarna, Borlänge",
            capacity=12,
        )
        # Registered before the event took place (the service only takes registrations for coming events).
        for i, contact in enumerate(people[:5]):
            Registration.objects.create(
                event=workshop,
                company_id=contact.company_id,
                contact=contact,
                status=Status.REGISTERED,
                channel=Channel.ADVISOR if i % 2 else Channel.LINK,
                registered_by=anna if i % 2 else None,
                queued_at=workshop.starts_at - datetime.timedelta(days=14 - i),
            )
        rows = list(Registration.objects.filter(event=workshop).order_by("pk"))
        marks = {r.pk: (None if i == 4 else workshop.hours) for i, r in enumerate(rows)}
        activities = attendance.record_attendance(anna, workshop.pk, marks)

        seminar_day = today + datetime.timedelta(days=2)
        seminar = event_services.create_event(
            cecilia,
            kind=EventKind.SEMINAR,
            title="Energieffektivisering i processindustrin",
            description="Seminarium om energikartläggning, värmeåtervinning och stöd till investeringar. "
            "(Syntetiskt demoevenemang.)",
            starts_at=_at(seminar_day, 13),
            ends_at=_at(seminar_day, 16),
            place="Paper Province, Karlstad",
            capacity=30,
        )
        for i, contact in enumerate(people[5:11]):
            if i % 2:
                registrations.register(cecilia, seminar.pk, contact.pk)
            else:
                registrations.register_by_link(links.make_token(seminar.pk, contact.pk))

        visit_day = today + datetime.timedelta(days=9)
        visit = event_services.create_event(
            manager,
            kind=EventKind.STUDY_VISIT,
            title="Studiebesök: robotcell i praktiken",
            description="Vi besöker en verkstad som automatiserat svetsning och maskinbetjäning. Begränsat "
            "antal platser. (Syntetiskt demoevenemang.)",
            starts_at=_at(visit_day, 10),
            ends_at=_at(visit_day, 15),
            place="Sandviken",
            capacity=4,
        )
        for contact in people[11:16]:
            registrations.register(manager, visit.pk, contact.pk, waiting_list=True)
        cohort_meeting = _cohort_meeting(anna, today)
        made = [e.pk for e in (workshop, seminar, visit, cohort_meeting) if e is not None]
        Event.objects.filter(pk__in=made).update(synthetic=True)
        count = Registration.objects.filter(event_id__in=made).count()
    return {"events": len(made), "registrations": count, "attendance_activities": len(activities)}


def _cohort_meeting(user, today: datetime.date) -> Event | None:
    """A cohort meeting in three weeks for the first demo cohort, its members' contacts registered."""
    from spets.matching.models import Cohort
    from spets.matching.services.cohorts import member_company_ids

    cohort = Cohort.objects.order_by("pk").first()
    if cohort is None:
        return None
    day = today + datetime.timedelta(days=21)
    meeting = event_services.create_event(
        user,
        kind=EventKind.COHORT_MEETING,
        title=f"Kohortträff: {cohort.name}",
        description="Första träffen i kohorten: presentation, gemensamma utmaningar, plan för våren. "
        "(Syntetiskt demoevenemang.)",
        starts_at=_at(day, 13),
        ends_at=_at(day, 16),
        place="Digitalt och på IUC Dalarna, Borlänge",
        capacity=30,
        cohort_id=cohort.pk,
    )
    members = member_company_ids(cohort.pk)[:6]
    for company_id in members:
        contact = (
            Contact.objects.filter(company_id=company_id, anonymised=False)
            .exclude(email="")
            .order_by("pk")
            .first()
        )
        if contact is not None:
            registrations.register(user, meeting.pk, contact.pk)
    return meeting
