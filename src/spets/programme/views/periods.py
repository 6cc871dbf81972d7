"""Closing and reopening a period (programme managers; a confirmation page, then a POST), and writing the
report's free-text sections (optimistic locking: a stale save shows who changed the text meanwhile)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from spets.core.errors import Conflict, InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view
from spets.programme import permissions as perm
from spets.programme.models import ReportingPeriod, SectionKey
from spets.programme.services import periods as period_services
from spets.programme.services.periods import MAX_SECTION_CHARS


def _managed_period(user, period_id: int) -> ReportingPeriod:
    perm.require(perm.can_manage_programme(user), _("only programme managers close and reopen periods"))
    return ReportingPeriod.objects.select_related("project", "closed_by").defer("snapshot").get(pk=period_id)


@page_view
def close_confirm(request, period_id: int):
    period = _managed_period(request.user, period_id)
    return render(request, "programme/close_confirm.html", {"period": period})


@page_view
@require_POST
def close_period(request, period_id: int):
    period = _managed_period(request.user, period_id)
    try:
        period_services.close_period(request.user, period_id)
    except (InvalidData, Conflict) as exc:
        message = "; ".join(exc.errors.values()) if isinstance(exc, InvalidData) else str(exc)
        messages.error(request, message)
        return render(
            request, "programme/close_confirm.html", {"period": period, "error": message}, status=409
        )
    messages.success(
        request, _("%(period)s is closed: its figures are frozen as reported.") % {"period": period.code}
    )
    return redirect("programme:report", period_id)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the period reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


@page_view
def reopen_period(request, period_id: int):
    period = _managed_period(request.user, period_id)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period_services.reopen_period(request.user, period_id, form.cleaned_data["reason"])
        except InvalidData as exc:
            add_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(period)s is open again.") % {"period": period.code})
            return redirect("programme:report", period_id)
    return render(request, "programme/reopen.html", {"period": period, "form": form})


class SectionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=MAX_SECTION_CHARS,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


@page_view
def section(request, period_id: int, key: str):
    user = request.user
    perm.require(perm.can_manage_programme(user), _("only programme managers write the progress report"))
    period = ReportingPeriod.objects.select_related("project").defer("snapshot").get(pk=period_id)
    labels = dict(SectionKey.choices)
    if key not in labels:
        raise ReportingPeriod.DoesNotExist
    current = next(s for s in period_services.sections(period) if s["key"] == key)
    form = SectionForm(request.POST or None, initial={"text": current["text"], "version": current["version"]})
    theirs = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            period_services.save_section(user, period_id, key, d["text"], d["version"])
        except Conflict as exc:
            # Keep the user's text; show the other person's and take their version, so a second save merges.
            form.add_error(None, str(exc))
            fresh = next(s for s in period_services.sections(period) if s["key"] == key)
            theirs = fresh["text"]
            form.data = form.data.copy()
            form.data["version"] = fresh["version"]
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("programme:report", period_id)
    return render(
        request,
        "programme/section.html",
        {"period": period, "label": labels[key], "form": form, "theirs": theirs, "closed": period.is_closed},
    )
