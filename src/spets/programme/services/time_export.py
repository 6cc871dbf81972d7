"""The time report as a spreadsheet (XLSX, Swedish column names): one row per person and month of an
organisation (or every organisation, for programme managers), with hours by kind, corrections, the salary,
the hourly rate and the staff cost, and whether the month is approved. Returns bytes; the view wraps them."""

from __future__ import annotations

import datetime
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.core.errors import InvalidData
from spets.core.models import User
from spets.core.spreadsheet import xlsx_text_cell
from spets.programme import costs
from spets.programme import permissions as perm
from spets.programme.models import MonthApproval, Participant, TimeKind
from spets.programme.services import time as time_services

# Column headers in the user's language (Swedish: the words of the funder's time report).
COLUMNS = [
    gettext_lazy("Organisation"),
    gettext_lazy("Month"),
    gettext_lazy("Person"),
    gettext_lazy("Username"),
    gettext_lazy("Activity hours (register)"),
    gettext_lazy("Administration"),
    gettext_lazy("Events"),
    gettext_lazy("Travel"),
    gettext_lazy("Other project work"),
    gettext_lazy("Corrections (hours)"),
    gettext_lazy("Total hours"),
    gettext_lazy("Monthly salary (SEK)"),
    gettext_lazy("Hourly rate (SEK)"),
    gettext_lazy("Salary cost (SEK)"),
    gettext_lazy("Approved"),
    gettext_lazy("Approved by"),
]
KIND_ORDER = [TimeKind.ADMINISTRATION, TimeKind.EVENT, TimeKind.TRAVEL, TimeKind.OTHER]


def can_export(user, organisation_id: int | None) -> bool:
    """The time report export holds salaries: project leaders (their organisation), programme managers."""
    if organisation_id is None:
        return perm.can_manage_programme(user)
    return time_services.can_approve(user, organisation_id)


def export_time_report(
    user, project_id: int, organisation_id: int | None, start: datetime.date, end: datetime.date
) -> bytes:
    """XLSX bytes of the time report from `start` to `end` for one organisation (None = all)."""
    from openpyxl import Workbook

    perm.require(
        can_export(user, organisation_id),
        _("the time report export is for the organisation's project leader and programme managers"),
    )
    if end < start:
        raise InvalidData({"end": _("the end is before the start")})
    participants = Participant.objects.filter(project_id=project_id).select_related("organisation", "project")
    if organisation_id is not None:
        participants = participants.filter(organisation_id=organisation_id)
    participants = list(participants)
    rows = time_services.hours_table(participants, start, end)
    people = User.objects.in_bulk({r.person_id for r in rows})
    names = {p.organisation_id: p.organisation.name for p in participants}
    approvals = {
        (a.participant.organisation_id, a.month): a
        for a in MonthApproval.objects.filter(
            participant__in=participants, month__gte=time_services.first_of(start), month__lte=end
        ).select_related("participant", "approved_by")
    }
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Tidrapport")
    sheet.append([str(c) for c in COLUMNS])
    synthetic = any(p.project.synthetic for p in participants)
    for r in rows:
        if not r.total and r.salary is None:
            continue  # nobody's month without hours and salary: an empty line says nothing
        person = people[r.person_id]
        approval = approvals.get((r.organisation_id, r.month))
        sheet.append(
            [
                xlsx_text_cell(sheet, names[r.organisation_id]),
                time_services.month_label(r.month),
                xlsx_text_cell(sheet, person.get_full_name() or person.username),
                xlsx_text_cell(sheet, person.username),
                float(r.activity),
                *[float(r.other[k]) for k in KIND_ORDER],
                float(r.correction_hours),
                float(r.total),
                None if r.salary is None else float(r.salary),
                None if r.rate is None else float(r.rate),
                None if r.cost is None else float(r.cost),
                approval.approved_at.date().isoformat() if approval else None,
                xlsx_text_cell(sheet, approval.approved_by.get_username()) if approval else None,
            ]
        )
    about = workbook.create_sheet("Om underlaget")
    about.append(["Projekt", xlsx_text_cell(about, participants[0].project.name if participants else "")])
    about.append(["Period", f"{start.isoformat()} – {end.isoformat()}"])
    about.append(
        [
            "Timpris",
            "Månadslön × 12 / 1 720 timmar (förordning (EU) 2021/1060 art. 55.2); lönekostnad = timmar × timpris, "
            "avrundad till hela ören",
        ]
    )
    about.append(["Aktivitetstimmar", "Rådgivarnas timmar på registrets aktiviteter daterade i månaden"])
    about.append(
        ["Godkänd månad", "Timmar och lön enligt godkännandet; ändringar därefter som korrigeringar"]
    )
    about.append(["Saknas", "Tom cell = uppgift saknas (t.ex. lön ej registrerad), inte noll"])
    about.append(["Timmar per år", f"Högst {costs.HOURS_PER_YEAR} timmar per person och år får redovisas"])
    if synthetic:
        about.append(["Demodata", "Syntetiska demodata: påhittade personer och timmar"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
