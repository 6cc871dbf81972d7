"""The matching pages' forms: parse input; the services validate what depends on the data."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from spets.companies.models import SizeClass
from spets.core.models import FocusArea, Organisation
from spets.matching import cohorting
from spets.matching.models import CohortStatus

DATE = forms.DateInput(attrs={"type": "date"})


class MatchReferralForm(forms.Form):
    """A match becomes a referral: the company's consent is required, as for every referral."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    consent_date = forms.DateField(label=_("The company consented on"), widget=DATE)
    consent_how = forms.CharField(
        label=_("How the company consented"),
        max_length=200,
        help_text=_("e.g. verbally at the meeting, by e-mail"),
    )


class ConsentForm(forms.Form):
    consent_date = forms.DateField(label=_("The company agreed on"), widget=DATE)
    consent_how = forms.CharField(label=_("How the company agreed"), max_length=200)


class ProposalForm(forms.Form):
    focus_area = forms.ChoiceField(label=_("Shared challenge (focus area)"), required=False)
    sni_prefix = forms.RegexField(
        label=_("SNI code begins with"),
        regex=r"^[0-9]{0,5}$",
        required=False,
        max_length=5,
        error_messages={"invalid": _("Give the start of an SNI code in digits, e.g. 25.")},
    )
    sizes = forms.MultipleChoiceField(
        label=_("Size classes"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target = forms.IntegerField(
        label=_("Companies per cohort"),
        min_value=cohorting.MIN_SIZE,
        max_value=cohorting.MAX_SIZE,
        initial=cohorting.DEFAULT_TARGET,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [("", _("Any (the largest gap)"))] + [
            (a.code, str(a)) for a in FocusArea.objects.order_by("position", "code")
        ]


class CreateCohortForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    theme = forms.CharField(label=_("Shared challenge"), max_length=300, required=False)
    companies = forms.CharField(widget=forms.HiddenInput)

    def clean_companies(self) -> list[int]:
        raw = self.cleaned_data["companies"]
        try:
            return [int(x) for x in raw.split(",") if x.strip()]
        except ValueError:
            raise forms.ValidationError(
                _("The list of companies is damaged: make the proposal again.")
            ) from None


class CohortForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200)
    theme = forms.CharField(label=_("Shared challenge"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=CohortStatus.choices)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Responsible organisations"),
        queryset=Organisation.objects.filter(in_programme=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )


class AddCompanyForm(forms.Form):
    orgnr = forms.CharField(label=_("Organisation number"), max_length=13)


class MoveForm(forms.Form):
    to_cohort = forms.IntegerField(label=_("Move to"))


class InviteForm(forms.Form):
    message = forms.CharField(label=_("Invitation"), widget=forms.Textarea(attrs={"rows": 4}))
