"""Registering, cancelling, inviting, attendance and the participant list (staff pages)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spets.companies.models import Contact
from spets.core.errors import Conflict, InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view
from spets.events import permissions as perm
from spets.events.forms import AttendanceForm
from spets.events.models import Registration, Status
from spets.events.services import attendance, exports, invitations, registrations
from spets.events.services import events as event_services


def _error_text(exc: InvalidData) -> str:
    return " ".join(exc.errors.values())


def _id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@page_view
@require_POST
def register(request, event_id: int):
    user = request.user
    contact_id = _id(request.POST.get("contact"))
    waiting_list = request.POST.get("waiting_list") == "1"
    try:
        registration = registrations.register(user, event_id, contact_id or 0, waiting_list=waiting_list)
    except registrations.EventFull as exc:
        contact = Contact.objects.for_user(user).select_related("company").get(pk=contact_id)
        event = event_services.get_event(user, event_id)
        return render(request, "events/full.html", {"event": event, "contact": contact, "message": str(exc)})
    except Conflict as exc:
        messages.error(request, str(exc))
    except InvalidData as exc:
        messages.error(request, _error_text(exc))
    else:
        if registration.status == Status.WAITING:
            messages.success(
                request, _("%(name)s is on the waiting list.") % {"name": registration.contact.name}
            )
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": registration.contact.name})
    return redirect("events:detail", event_id)


@page_view
@require_POST
def cancel(request, event_id: int, registration_id: int):
    user = request.user
    Registration.objects.for_user(user).get(pk=registration_id, event_id=event_id)
    try:
        promoted = registrations.cancel(user, registration_id, base_url=request.build_absolute_uri("/"))
    except Conflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The registration is cancelled."))
        if promoted:
            messages.info(
                request,
                ngettext(
                    "%(count)s person moved up from the waiting list and was told by e-mail.",
                    "%(count)s people moved up from the waiting list and were told by e-mail.",
                    len(promoted),
                )
                % {"count": len(promoted)},
            )
    return redirect("events:detail", event_id)


def _sent_message(request, sent: int) -> None:
    messages.success(
        request,
        ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", sent) % {"count": sent},
    )


@page_view
@require_POST
def invite(request, event_id: int):
    contact_id = _id(request.POST.get("contact"))
    try:
        sent = invitations.invite(
            request.user,
            event_id,
            [contact_id] if contact_id else [],
            base_url=request.build_absolute_uri("/"),
        )
    except InvalidData as exc:
        messages.error(request, _error_text(exc))
    else:
        _sent_message(request, sent)
    return redirect("events:detail", event_id)


@page_view
@require_POST
def invite_cohort(request, event_id: int):
    try:
        sent = invitations.invite_cohort(request.user, event_id, base_url=request.build_absolute_uri("/"))
    except InvalidData as exc:
        messages.error(request, _error_text(exc))
    else:
        _sent_message(request, sent)
    return redirect("events:detail", event_id)


@page_view
def attendance_page(request, event_id: int):
    user = request.user
    event = event_services.get_event(user, event_id)
    perm.require(perm.can_manage_event(user, event), _("only the organiser marks attendance"))
    rows = list(
        Registration.objects.for_user(user)
        .filter(event=event, status=Status.REGISTERED)
        .select_related("company", "contact")
        .order_by("company__name", "contact__name", "pk")
    )
    form = AttendanceForm(request.POST or None, registrations=rows, default_hours=event.hours)
    if request.method == "POST" and form.is_valid():
        try:
            written = attendance.record_attendance(user, event.pk, form.marks())
        except InvalidData as exc:
            add_service_errors(form, InvalidData({"__all__": _error_text(exc)}))
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance saved; support recorded in the register for %(count)s company.",
                    "Attendance saved; support recorded in the register for %(count)s companies.",
                    len(written),
                )
                % {"count": len(written)},
            )
            return redirect("events:detail", event.pk)
    return render(request, "events/attendance.html", {"event": event, "form": form})


@page_view
def participants_xlsx(request, event_id: int):
    content = exports.participants_xlsx(request.user, event_id)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="deltagare-{event_id}.xlsx"'
    return response
