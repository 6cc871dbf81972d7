"""The demo's events: a workshop with attendance in the register, a seminar this week, a full study visit
with a waiting list; synthetic and the same for the same seed."""

from __future__ import annotations

from django.utils import timezone

from spets.core.models import User
from spets.core.scoping import unscoped
from spets.events.models import Event, Registration, Status
from spets.events.services import events_this_week


def test_the_demo_has_events_with_registrations_attendance_and_a_waiting_list(demo_data):
    summary = demo_data["demo:events"]
    assert summary["events"] >= 3 and summary["attendance_activities"] == 4
    with unscoped():
        events = {e.kind: e for e in Event.objects.all()}
        assert all(e.synthetic for e in events.values())
        workshop, visit = events["workshop"], events["study_visit"]
        marked = Registration.objects.filter(event=workshop).exclude(attended=None)
        assert marked.filter(attended=True, activity__isnull=False).count() == 4
        assert marked.filter(attended=False).count() == 1
        visit_rows = list(Registration.objects.filter(event=visit).values_list("status", flat=True))
    assert visit_rows.count(Status.REGISTERED) == visit.capacity == 4
    assert visit_rows.count(Status.WAITING) == 1
    anna = User.objects.get(username="anna")  # the demo's advisor
    assert events["seminar"] in events_this_week(anna, timezone.localdate())


def test_every_demo_event_page_opens_for_the_organiser_and_a_viewer(demo_data, client):
    from django.urls import reverse

    with unscoped():
        events = list(Event.objects.order_by("pk"))
    for username in ("anna", "lasare"):
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("events:list")).status_code == 200
        for event in events:
            for name in ("detail", "ics", "participants_xlsx"):
                assert client.get(reverse(f"events:{name}", args=[event.pk])).status_code == 200, (
                    username,
                    name,
                )
    client.force_login(User.objects.get(username="anna"))
    workshop = next(e for e in events if e.kind == "workshop")
    page = client.get(reverse("events:attendance", args=[workshop.pk]))
    assert page.status_code == 200 and page.text.count('data-testid="in-register"') == 4
