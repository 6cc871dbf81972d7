"""The e-mails to participants: an invitation, a place from the waiting list, a reminder. In Swedish
(the programme's language), each with the participant's own link and, for reminders, the .ics file."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from spets.events.ics_event import calendar_file, ics_filename
from spets.events.services.links import make_token, registration_url


def _when(event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    return (
        f"{formats.date_format(start, 'l j F Y')}, "
        f"{formats.time_format(start, 'H:i')}–{formats.time_format(end, 'H:i')}"
    )


def _send(event, contact, subject: str, lead: str, base_url: str | None, attach_ics: bool = False) -> int:
    if not contact.email:
        return 0
    link = registration_url(make_token(event.pk, contact.pk), base_url)
    body = "\n".join(
        [
            _("Hello %(name)s,") % {"name": contact.name},
            "",
            lead,
            "",
            f"{event.get_kind_display()}: {event.title}",
            _("When: %(when)s") % {"when": _when(event)},
            _("Where: %(place)s") % {"place": event.place},
            _("Organiser: %(organiser)s") % {"organiser": event.organisation.name},
            "",
            event.description,
            "",
            _("Register, cancel or add the event to your calendar: %(link)s") % {"link": link},
        ]
    )
    message = EmailMessage(f"[Spets] {subject}", body, settings.DEFAULT_FROM_EMAIL, [contact.email])
    if attach_ics:
        message.attach(ics_filename(event), calendar_file(event, base_url), "text/calendar")
    return message.send()


def send_invitation(event, contact, base_url: str | None = None) -> int:
    with override("sv"):
        return _send(
            event,
            contact,
            _("Invitation: %(title)s") % {"title": event.title},
            _("%(organiser)s invites %(company)s to the event below.")
            % {"organiser": event.organisation.name, "company": contact.company.name},
            base_url,
        )


def send_place_offered(event, contact, base_url: str | None = None) -> int:
    with override("sv"):
        return _send(
            event,
            contact,
            _("You have a place: %(title)s") % {"title": event.title},
            _("A place became free and you were first on the waiting list: you are now registered."),
            base_url,
            attach_ics=True,
        )


def send_reminder(event, contact, base_url: str | None = None) -> int:
    with override("sv"):
        return _send(
            event,
            contact,
            _("Reminder: %(title)s") % {"title": event.title},
            _(
                "A reminder that you are registered for the event below. Cannot come? Cancel through the link, "
                "so that someone on the waiting list gets your place."
            ),
            base_url,
            attach_ics=True,
        )
