"""The participant's own page through the signed link: no account. A bad or expired link is the plain 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from spets.core.errors import Conflict, InvalidData
from spets.events.services import links, registrations
from spets.events.views.events import ics_response


def _resolve(token: str):
    try:
        return links.resolve(token)
    except links.LinkNotFound:
        raise Http404 from None


def link_page(request, token: str):
    event, contact = _resolve(token)
    notice = error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        base_url = request.build_absolute_uri("/")
        try:
            if action in ("register", "waiting_list"):
                registration = registrations.register_by_link(token, waiting_list=action == "waiting_list")
                notice = (
                    _("You are on the waiting list. You get an e-mail if a place becomes free.")
                    if registration.status == "waiting"
                    else _("You are registered. Welcome!")
                )
            elif action == "cancel":
                registrations.cancel_by_link(token, base_url=base_url)
                notice = _("Your registration is cancelled.")
            else:
                error = _("Choose register or cancel.")
        except links.LinkNotFound:
            raise Http404 from None
        except Conflict as exc:
            error = str(exc)
        except InvalidData as exc:
            error = " ".join(exc.errors.values())
    current = registrations.registration_for_link(token)
    event.taken, event.waiting = registrations.counts(event)
    return render(
        request,
        "events/link.html",
        {
            "event": event,
            "contact": contact,
            "token": token,
            "registration": current,
            "full": event.taken >= event.capacity,
            "notice": notice,
            "error": error,
        },
        status=409 if error else 200,
    )


def link_ics(request, token: str):
    event, _contact = _resolve(token)
    return ics_response(event, request.build_absolute_uri("/"))
