"""Forms of the event pages: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from spets.events.models import EventKind


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=300)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, cohorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [("", _("— none —")), *((c.pk, c.name) for c in cohorts)]
        self.fields["cohort"].help_text = _("A cohort meeting can invite every company of its cohort.")


class AttendanceForm(forms.Form):
    """One row per registered participant: came (with hours) or not. Built from the registrations."""

    def __init__(self, *args, registrations=(), default_hours=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for r in registrations:
            came = forms.BooleanField(label=r.contact.name, required=False, initial=bool(r.attended))
            hours = forms.DecimalField(
                label=_("Hours"),
                required=False,
                min_value=0,
                max_digits=5,
                decimal_places=2,
                initial=r.hours if r.hours is not None else default_hours,
                localize=True,
            )
            if r.activity_id:  # already in the register: shown, not changed here
                came.disabled = hours.disabled = True
            self.fields[f"came_{r.pk}"] = came
            self.fields[f"hours_{r.pk}"] = hours
            self.rows.append((r, self[f"came_{r.pk}"], self[f"hours_{r.pk}"]))

    def marks(self) -> dict[int, object]:
        """Registration id → hours attended, or None for absent (rows already in the register left out)."""
        out = {}
        for r, _came, _hours in self.rows:
            if r.activity_id:
                continue
            came = self.cleaned_data[f"came_{r.pk}"]
            hours = self.cleaned_data[f"hours_{r.pk}"]
            out[r.pk] = (hours if hours is not None else 0) if came else None  # 0: "give hours"
        return out
