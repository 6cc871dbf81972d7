"""Time report pages: a person's month (activity hours, other project time, corrections, cost), the
organisation's month for its project leader (approve), the programme's month for programme managers,
and the XLSX export."""

from __future__ import annotations

import datetime
import functools
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from spets.core.errors import Conflict, InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view
from spets.programme import costs
from spets.programme import permissions as perm
from spets.programme.models import CorrectionKind, Project, ReportingPeriod, TimeEntry, TimeKind
from spets.programme.services import setup as setup_services
from spets.programme.services import time as time_services
from spets.programme.services import time_approval as approval_services
from spets.programme.services import time_export

DATE = forms.DateInput(attrs={"type": "date"})
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class TimeEntryForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=TimeKind.choices)
    hours = forms.DecimalField(
        label=gettext_lazy("Hours"), min_value=0.01, max_value=24, decimal_places=2, max_digits=5
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CorrectionKind.choices)
    hours_delta = forms.DecimalField(
        label=gettext_lazy("Hours (+/−)"), min_value=-744, max_value=744, decimal_places=2, max_digits=6
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SalaryForm(forms.Form):
    monthly_salary_sek = forms.DecimalField(
        label=gettext_lazy("Monthly salary (SEK)"),
        min_value=1,
        max_value=500_000,
        decimal_places=2,
        max_digits=10,
    )
    valid_from = forms.DateField(label=gettext_lazy("Valid from (first day of a month)"), widget=DATE)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=1000)


def month_page(view):
    """A page about one month: a month that does not exist, or an organisation in no project that month,
    is a page that does not exist (404 with the reason)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except InvalidData as exc:
            raise Http404("; ".join(exc.errors.values())) from None

    return wrapper


def _project() -> Project:
    return setup_services.current_project()


def _nav(first: datetime.date) -> dict:
    before = (first - datetime.timedelta(days=1)).replace(day=1)
    after = (first + datetime.timedelta(days=32)).replace(day=1)
    return {"previous": before, "next": after, "label": time_services.month_label(first)}


@page_view
def time_home(request):
    """The logged-in person's current month (viewers: their organisation's month)."""
    user = request.user
    today = timezone.localdate()
    if perm.can_report_time(user):
        return redirect("programme:time_person", user.pk, today.year, today.month)
    if perm.can_manage_programme(user):
        return redirect("programme:time_programme", today.year, today.month)
    perm.require(
        perm.can_see_time_of(user, user.organisation_id),
        _("time reports are for the programme organisations' staff"),
    )
    return redirect("programme:time_organisation", user.organisation_id, today.year, today.month)


def _person_context(request, person_id: int, year: int, month: int, **forms_) -> dict:
    report = time_services.person_month(request.user, person_id, year, month)
    salaries = (
        time_services.salaries_of(request.user, person_id)
        if report.show_costs and time_services.can_set_salary(request.user, report.person)
        else []
    )
    other = report.hours.other if report.hours else {}
    return {
        "report": report,
        "other_rows": [(label, other.get(kind)) for kind, label in TimeKind.choices],
        "nav": _nav(report.month),
        "entry_form": forms_.get("entry_form")
        or TimeEntryForm(initial={"date": min(timezone.localdate(), time_services.month_end(report.month))}),
        "correction_form": forms_.get("correction_form") or CorrectionForm(),
        "salary_form": forms_.get("salary_form") or SalaryForm(initial={"valid_from": report.month}),
        "salaries": [(s, costs.hourly_rate(s.monthly_salary_sek)) for s in salaries],
        "may_set_salary": time_services.can_set_salary(request.user, report.person),
        "may_export": time_export.can_export(request.user, report.person.organisation_id),
    }


@page_view
@month_page
def time_person(request, person_id: int, year: int, month: int):
    return render(request, "programme/time_person.html", _person_context(request, person_id, year, month))


@page_view
@require_POST
@month_page
def time_entry_add(request, person_id: int, year: int, month: int):
    form = TimeEntryForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            time_services.add_time_entry(request.user, person_id, d["date"], d["kind"], d["hours"], d["note"])
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Project time added."))
            return redirect("programme:time_person", person_id, d["date"].year, d["date"].month)
    context = _person_context(request, person_id, year, month, entry_form=form)
    return render(request, "programme/time_person.html", context, status=422)


@page_view
@require_POST
def time_entry_delete(request, entry_id: int):
    entry = TimeEntry.objects.get(pk=entry_id)
    person_id, day = entry.person_id, entry.date
    try:
        time_services.delete_time_entry(request.user, entry_id)
    except InvalidData as exc:
        messages.error(request, "; ".join(exc.errors.values()))
    else:
        messages.success(request, _("Project time removed."))
    return redirect("programme:time_person", person_id, day.year, day.month)


@page_view
@require_POST
@month_page
def time_correction(request, person_id: int, year: int, month: int):
    form = CorrectionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            approval_services.add_correction(
                request.user, person_id, year, month, d["kind"], d["hours_delta"], d["reason"]
            )
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Correction recorded."))
            return redirect("programme:time_person", person_id, year, month)
    context = _person_context(request, person_id, year, month, correction_form=form)
    return render(request, "programme/time_person.html", context, status=422)


@page_view
@require_POST
@month_page
def time_salary(request, person_id: int, year: int, month: int):
    form = SalaryForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            time_services.set_salary(request.user, person_id, d["monthly_salary_sek"], d["valid_from"])
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Salary saved."))
            return redirect("programme:time_person", person_id, year, month)
    context = _person_context(request, person_id, year, month, salary_form=form)
    return render(request, "programme/time_person.html", context, status=422)


@page_view
@month_page
def time_organisation(request, organisation_id: int, year: int, month: int):
    report = time_services.organisation_month(request.user, organisation_id, year, month)
    return render(
        request,
        "programme/time_organisation.html",
        {
            "report": report,
            "nav": _nav(report.month),
            "reopen_form": ReopenForm(),
            "may_reopen": perm.can_manage_programme(request.user),
            "may_export": time_export.can_export(request.user, organisation_id),
        },
    )


@page_view
@require_POST
def time_approve(request, organisation_id: int, year: int, month: int):
    try:
        approval_services.approve_month(request.user, organisation_id, year, month)
    except (InvalidData, Conflict) as exc:
        messages.error(request, "; ".join(exc.errors.values()) if isinstance(exc, InvalidData) else str(exc))
    else:
        messages.success(request, _("%(month)d-%(m)02d approved.") % {"month": year, "m": month})
    return redirect("programme:time_organisation", organisation_id, year, month)


@page_view
@require_POST
def time_reopen(request, organisation_id: int, year: int, month: int):
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        approval_services.reopen_month(request.user, organisation_id, year, month, reason)
    except (InvalidData, Conflict) as exc:
        messages.error(request, "; ".join(exc.errors.values()) if isinstance(exc, InvalidData) else str(exc))
    else:
        messages.success(request, _("The month is open again."))
    return redirect("programme:time_organisation", organisation_id, year, month)


@page_view
@month_page
def time_programme(request, year: int, month: int):
    user = request.user
    perm.require(
        perm.can_manage_programme(user), _("the programme's time overview is for programme managers")
    )
    project = _project()
    first = time_services.month_start(year, month)
    rows = time_services.programme_month(user, project.pk, year, month)
    for row in rows:
        row["staff"] = time_services.staff_of(row["participant"].organisation_id)
    return render(
        request,
        "programme/time_programme.html",
        {
            "project": project,
            "rows": rows,
            "nav": _nav(first),
            "month": first,
            "periods": ReportingPeriod.objects.filter(project=project).defer("snapshot"),
        },
    )


@page_view
@require_POST
def time_leader(request, participant_id: int):
    value = request.POST.get("project_leader") or ""
    try:
        participant = approval_services.set_project_leader(
            request.user, participant_id, int(value) if value.isdigit() else None
        )
    except InvalidData as exc:
        messages.error(request, "; ".join(exc.errors.values()))
    else:
        messages.success(request, _("Project leader of %(org)s saved.") % {"org": participant.organisation})
    today = timezone.localdate()
    back = request.POST.get("back") or ""
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("programme:time_programme", today.year, today.month)


def _month_param(text: str, field: str) -> datetime.date:
    match = _MONTH.match(text or "")
    if not match:
        raise InvalidData({field: _("give a month as YYYY-MM (%(value)s)") % {"value": text}})
    return time_services.month_start(int(match[1]), int(match[2]))


@page_view
def time_export_view(request):
    """XLSX of the time report: ?organisation=<id> (empty = all, programme managers) and either
    ?period=<id> or ?from=YYYY-MM&to=YYYY-MM."""
    user = request.user
    project = _project()
    org_text = request.GET.get("organisation", "")
    organisation_id = int(org_text) if org_text.isdigit() else None
    perm.require(
        time_export.can_export(user, organisation_id),
        _("the time report export is for the organisation's project leader and programme managers"),
    )
    try:
        if request.GET.get("period"):
            period = ReportingPeriod.objects.get(pk=int(request.GET["period"]), project=project)
            start, end, label = period.starts_on, period.ends_on, period.code
        else:
            start = _month_param(request.GET.get("from", ""), "from")
            end = time_services.month_end(
                _month_param(request.GET.get("to", request.GET.get("from", "")), "to")
            )
            label = f"{time_services.month_label(start)}_{time_services.month_label(end)}"
        data = time_export.export_time_report(user, project.pk, organisation_id, start, end)
    except (InvalidData, ValueError, ObjectDoesNotExist) as exc:
        message = "; ".join(exc.errors.values()) if isinstance(exc, InvalidData) else _("no such period")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="tidrapport_{label}.xlsx"'
    return response
