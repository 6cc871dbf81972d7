"""The participant list of an event as an XLSX file with Swedish headers (the programme's language)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from spets.core.audit import log_action
from spets.core.spreadsheet import inert_formulas
from spets.events import permissions as perm
from spets.events.models import Event, Registration


def participants(user, event_id: int) -> list[Registration]:
    """Everyone who asked for a place (registered, waiting, cancelled), in the order they asked."""
    perm.require(perm.can_see_participants(user), _("the participant list is for staff who see contacts"))
    event = Event.objects.for_user(user).filter(pk=event_id).distinct().get()
    return list(
        Registration.objects.for_user(user)
        .filter(event=event)
        .select_related("company", "contact", "registered_by")
        .order_by("queued_at", "pk")
    )


def participants_xlsx(user, event_id: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    perm.require(
        perm.can_export_participants(user), _("exporting the participant list needs the export right")
    )
    rows = participants(user, event_id)
    event = rows[0].event if rows else Event.objects.for_user(user).filter(pk=event_id).distinct().get()
    book = Workbook()
    sheet = book.active
    with override("sv"):
        sheet.title = pgettext("event", "Participants")
        sheet.append([f"{event.get_kind_display()}: {event.title}"])
        start = timezone.localtime(event.starts_at)
        sheet.append([start.strftime("%Y-%m-%d %H:%M"), event.place, event.organisation.name])
        if event.synthetic:
            sheet.append([_("Synthetic demo data — not real companies or people.")])
        sheet.append([])
        headers = [
            _("Company"),
            _("Organisation number"),
            _("Participant"),
            _("E-mail"),
            _("Phone"),
            _("Status"),
            _("How registered"),
            _("Attended"),
            _("Hours"),
        ]
        sheet.append(headers)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for r in rows:
            attended = {None: "", True: _("Yes"), False: _("No")}[r.attended]
            values = [
                r.company.name,
                r.company.orgnr,
                r.contact.name,
                r.contact.email,
                r.contact.phone,
                r.get_status_display(),
                r.get_channel_display(),
                attended,
            ]
            sheet.append([*values, float(r.hours) if r.hours is not None else None])
            sheet.cell(row=sheet.max_row, column=9).number_format = "0.0"
    log_action(user, "export", event, changes={"rows": len(rows), "format": "xlsx"})
    inert_formulas(book)  # a name like "=HYPERLINK(...)" stays text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
