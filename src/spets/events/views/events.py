"""Event pages: the list, a new event, the event's page, its .ics file, changing it."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies import search as company_search
from spets.companies.models import Contact
from spets.core.errors import Conflict, InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view
from spets.core.policy import Can, can
from spets.events import permissions as perm
from spets.events.forms import EventForm
from spets.events.ics_event import calendar_file, ics_filename
from spets.events.models import Registration, Status
from spets.events.services import events as services

PICK_LIMIT = 10


def _cohorts(user) -> list:
    """The cohorts a user may pick for a cohort meeting (those whose members they may read)."""
    from spets.matching.models import Cohort

    if not can(user, Can.READ_RECORDS):
        return []
    return list(Cohort.objects.for_user(user).order_by("name", "pk"))


@page_view
def event_list(request):
    user = request.user
    perm.require(
        perm.can_see_events(user), _("the events are for programme staff and participating companies")
    )
    now = timezone.now()
    events = services.visible_events(user)
    return render(
        request,
        "events/list.html",
        {
            "upcoming": events.filter(ends_at__gte=now).order_by("starts_at", "pk"),
            "past": events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:50],
            "can_create": perm.can_create_event(user),
        },
    )


def _times(form) -> tuple[datetime.datetime, datetime.datetime]:
    d = form.cleaned_data
    starts = timezone.make_aware(datetime.datetime.combine(d["date"], d["start"]))
    ends = timezone.make_aware(datetime.datetime.combine(d["date"], d["end"]))
    return starts, ends


def _fields(form) -> dict:
    d = form.cleaned_data
    starts, ends = _times(form)
    return {
        "kind": d["kind"],
        "title": d["title"],
        "description": d["description"],
        "starts_at": starts,
        "ends_at": ends,
        "place": d["place"],
        "capacity": d["capacity"],
        "cohort_id": d["cohort"],
    }


_FIELD_NAMES = {"starts_at": "start", "ends_at": "end", "cohort_id": "cohort"}


def _service_errors(form, exc: InvalidData) -> None:
    add_service_errors(form, InvalidData({_FIELD_NAMES.get(k, k): v for k, v in exc.errors.items()}))


@page_view
def event_new(request):
    user = request.user
    perm.require(perm.can_create_event(user), _("only advisors and programme managers organise events"))
    form = EventForm(request.POST or None, cohorts=_cohorts(user))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(user, **_fields(form))
        except InvalidData as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Event created."))
            return redirect("events:detail", event.pk)
    return render(request, "events/form.html", {"form": form})


@page_view
def event_edit(request, event_id: int):
    user = request.user
    event = services.get_event(user, event_id)
    perm.require(perm.can_manage_event(user, event), _("only the organiser changes the event"))
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    initial = {
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "date": start.date(),
        "start": start.time(),
        "end": end.time(),
        "place": event.place,
        "capacity": event.capacity,
        "cohort": event.cohort_id,
        "version": event.version,
    }
    form = EventForm(request.POST or None, initial=initial, cohorts=_cohorts(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                user,
                event.pk,
                form.cleaned_data["version"] or 0,
                base_url=request.build_absolute_uri("/"),
                **_fields(form),
            )
        except InvalidData as exc:
            _service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Event saved."))
            return redirect("events:detail", event.pk)
    return render(request, "events/form.html", {"form": form, "event": event})


@page_view
def event_detail(request, event_id: int):
    user = request.user
    perm.require(
        perm.can_see_events(user), _("the events are for programme staff and participating companies")
    )
    event = services.get_event(user, event_id)
    registrations = (
        Registration.objects.for_user(user)
        .filter(event=event)
        .select_related("company", "contact")
        .order_by("queued_at", "pk")
    )
    rows = {status: [r for r in registrations if r.status == status] for status in Status.values}
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "full": event.taken >= event.capacity,
            "registered": rows[Status.REGISTERED],
            "waiting": rows[Status.WAITING],
            "cancelled": rows[Status.CANCELLED],
            "can_manage": perm.can_manage_event(user, event),
            "can_register": perm.can_register(user) and event.starts_at > timezone.now(),
            "can_cancel": perm.can_register(user),
            "can_export": perm.can_export_participants(user),
            "started": event.starts_at <= timezone.now(),
        },
    )


@page_view
def pick(request, event_id: int):
    """HTMX: companies matching the search, each with its contacts, to register or invite."""
    user = request.user
    perm.require(perm.can_register(user), _("only advisors and programme managers register participants"))
    event = services.get_event(user, event_id)
    q = request.GET.get("q", "").strip()
    companies = []
    if len(q) >= 2:
        contacts = Contact.objects.for_user(user).filter(anonymised=False).order_by("name", "pk")
        companies = list(
            company_search.filtered(user, {"q": q})
            .order_by("name", "pk")
            .prefetch_related(Prefetch("contacts", queryset=contacts, to_attr="people"))[:PICK_LIMIT]
        )
    return render(
        request,
        "events/_pick.html",
        {
            "event": event,
            "q": q,
            "companies": companies,
            "full": event.taken >= event.capacity,
            "can_manage": perm.can_manage_event(user, event),
        },
    )


@page_view
def event_ics(request, event_id: int):
    user = request.user
    perm.require(
        perm.can_see_events(user), _("the events are for programme staff and participating companies")
    )
    event = services.get_event(user, event_id)
    return ics_response(event, request.build_absolute_uri("/"))


def ics_response(event, base_url: str) -> HttpResponse:
    response = HttpResponse(calendar_file(event, base_url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(event)}"'
    return response
