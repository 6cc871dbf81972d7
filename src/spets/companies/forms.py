"""Forms of the register pages. They validate shape; the services validate meaning and permissions."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spets.companies import orgnr as orgnr_rules
from spets.companies.models import (
    ActivityType,
    Company,
    CompanyStatus,
    Contact,
    LawfulBasis,
    Offer,
    Visibility,
)
from spets.companies.texts import orgnr_message
from spets.core.models import FocusArea, Organisation, User
from spets.core.policy import Can, roles_with
from spets.core.scoping import unscoped
from spets.geo.models import Municipality, SniCode

DATE = forms.DateInput(attrs={"type": "date"})


class OrgnrField(forms.CharField):
    """An organisationsnummer; the error names the digit rule it breaks."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return orgnr_rules.parse(value)
        except orgnr_rules.OrgnrError as exc:
            raise forms.ValidationError(orgnr_message(exc)) from None


class CompanyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    legal_form = forms.CharField(label=_("Legal form"), max_length=60, required=False)
    municipality = forms.ModelChoiceField(label=_("Municipality (seat)"), queryset=Municipality.objects.all())
    sni = forms.ModelChoiceField(
        label=_("Primary SNI 2007 code"), required=False, queryset=SniCode.objects.filter(level="division")
    )
    sni_codes = forms.CharField(label=_("All SNI codes"), max_length=200, required=False)
    employees = forms.IntegerField(label=_("Staff headcount"), min_value=0, required=False)
    turnover_sek = forms.IntegerField(label=_("Net turnover (SEK)"), min_value=0, required=False)
    balance_sheet_sek = forms.IntegerField(label=_("Balance sheet total (SEK)"), min_value=0, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    parent_orgnr = OrgnrField(
        label=_("Parent company (org nr)"),
        required=False,
        help_text=_("The group the company belongs to (single undertaking)"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CompanyStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_parent_orgnr(self):
        number = self.cleaned_data.get("parent_orgnr")
        if number is None:
            return None
        with unscoped():
            parent = Company.objects.filter(orgnr=number.number).only("pk").first()
        if parent is None:
            raise forms.ValidationError(_("%(nr)s is not in the register") % {"nr": number.formatted})
        return parent.pk

    @classmethod
    def initial_for(cls, company: Company) -> dict:
        return {
            "name": company.name,
            "legal_form": company.legal_form,
            "municipality": company.municipality_id,
            "sni": company.sni_id,
            "sni_codes": company.sni_codes,
            "employees": company.employees,
            "turnover_sek": company.turnover_sek,
            "balance_sheet_sek": company.balance_sheet_sek,
            "website": company.website,
            "status": company.status,
            "version": company.version,
            "parent_orgnr": company.parent.orgnr if company.parent_id else "",
        }

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "legal_form": d["legal_form"],
            "municipality_id": d["municipality"].pk,
            "sni_id": d["sni"].pk if d["sni"] else None,
            "sni_codes": d["sni_codes"],
            "employees": d["employees"],
            "turnover_sek": d["turnover_sek"],
            "balance_sheet_sek": d["balance_sheet_sek"],
            "website": d["website"],
            "parent_id": d["parent_orgnr"],
            "status": d["status"],
        }


class NewCompanyForm(CompanyForm):
    orgnr = OrgnrField(label=_("Organisation number"), max_length=13)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = ["orgnr"]


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "name",
            "title",
            "email",
            "phone",
            "lawful_basis",
            "interest_assessment",
            "consent_date",
            "consent_source",
            "consent_scope",
            "retention_start",
            "retention_months",
            "legal_hold_until",
            "legal_hold_reason",
        ]
        widgets = {
            "consent_date": DATE,
            "retention_start": DATE,
            "legal_hold_until": DATE,
            "interest_assessment": forms.Textarea(attrs={"rows": 3}),
            "lawful_basis": forms.RadioSelect,
        }

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawful_basis"].choices = LawfulBasis.choices


ADVISOR_ROWS = 6  # advisor rows on the activity form; a workshop rarely has more advisors than this


class ActivityForm(forms.Form):
    """One activity: the company whose page it was opened from, optionally more companies by org nr (a
    workshop), and up to ADVISOR_ROWS advisors of the user's organisation, each with their own hours."""

    type = forms.ChoiceField(label=_("Type"), choices=ActivityType.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    other_companies = forms.CharField(
        label=_("Also with these companies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "556000-0019\n556000-0027"}),
        help_text=_(
            "Organisation numbers, one per line or separated by commas (e.g. the participants of a "
            "workshop). Find numbers with the register search."
        ),
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offer = forms.ModelChoiceField(
        label=_("Offer used"), queryset=Offer.objects.for_user(None), required=False
    )
    outcome = forms.CharField(
        label=_("Outcome / note"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    follow_up_date = forms.DateField(label=_("Follow-up date"), widget=DATE, required=False)
    visibility = forms.ChoiceField(
        label=_("Who may read this note"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PROGRAMME,
    )

    def __init__(self, *args, user=None, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.company = user, company
        advisors = User.objects.none()
        if user is not None:
            self.fields["offer"].queryset = Offer.objects.for_user(user).filter(
                organisation_id=user.organisation_id, active=True
            )
            advisors = User.objects.filter(
                organisation_id=user.organisation_id,
                is_active=True,
                role__in=roles_with(Can.WRITE_COMPANY_DATA),
            ).order_by("first_name", "last_name", "username")
        for i in range(ADVISOR_ROWS):
            self.fields[f"advisor_{i}"] = AdvisorChoiceField(
                label=_("Advisor"),
                queryset=advisors,
                required=False,
                initial=user.pk if i == 0 and user is not None else None,
            )
            self.fields[f"hours_{i}"] = forms.DecimalField(
                label=_("Hours"), required=False, min_value=Decimal("0.01"), max_value=1000, decimal_places=2
            )

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith(("advisor_", "hours_"))]

    def advisor_rows(self):
        return [(self[f"advisor_{i}"], self[f"hours_{i}"]) for i in range(ADVISOR_ROWS)]

    def clean_other_companies(self):
        text = self.cleaned_data.get("other_companies") or ""
        tokens = [t for t in re.split(r"[\s,;]+", text) if t]
        numbers, errors = [], []
        for token in tokens:
            try:
                numbers.append(orgnr_rules.parse(token))
            except orgnr_rules.OrgnrError as exc:
                errors.append(orgnr_message(exc))
        wanted = {n.number: n for n in numbers}
        found = dict(Company.objects.for_user(self.user).filter(orgnr__in=wanted).values_list("orgnr", "pk"))
        missing = [n.formatted for number, n in wanted.items() if number not in found]
        if missing:
            errors.append(_("Not in the register: %(numbers)s") % {"numbers": ", ".join(missing)})
        if errors:  # every bad number at once, so the list is fixed in one go
            raise forms.ValidationError(errors)
        return [found[number] for number in wanted]

    def clean(self):
        cleaned = super().clean()
        rows, seen = [], set()
        for i in range(ADVISOR_ROWS):
            advisor, hours = cleaned.get(f"advisor_{i}"), cleaned.get(f"hours_{i}")
            if f"hours_{i}" in self.errors or f"advisor_{i}" in self.errors:
                continue
            if advisor is None and hours is None:
                continue
            if advisor is None:
                self.add_error(f"advisor_{i}", _("Choose the advisor these hours are for."))
            elif hours is None:
                self.add_error(f"hours_{i}", _("Give %(name)s's hours.") % {"name": advisor_name(advisor)})
            elif advisor.pk in seen:
                self.add_error(
                    f"advisor_{i}",
                    _("%(name)s is already listed: give one row per advisor.")
                    % {"name": advisor_name(advisor)},
                )
            else:
                seen.add(advisor.pk)
                rows.append((advisor.pk, hours))
        if not rows and not any(name.startswith(("advisor_", "hours_")) for name in self.errors):
            raise forms.ValidationError(_("Record at least one advisor with hours."))
        cleaned["advisor_hours"] = rows
        return cleaned

    def company_ids(self) -> list[int]:
        ids = [self.company.pk] if self.company is not None else []
        return ids + [pk for pk in self.cleaned_data.get("other_companies", []) if pk not in ids]


def advisor_name(user) -> str:
    return user.get_full_name() or user.get_username()


class AdvisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return advisor_name(obj)


class ReferralForm(forms.Form):
    to_organisation = forms.ModelChoiceField(label=_("Refer to"), queryset=Organisation.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    consent_date = forms.DateField(label=_("The company consented on"), widget=DATE)
    consent_how = forms.CharField(
        label=_("How the company consented"),
        max_length=200,
        help_text=_("e.g. verbally at the meeting, by e-mail"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(in_programme=True)
        if user is not None and user.organisation_id:
            orgs = orgs.exclude(pk=user.organisation_id)
        self.fields["to_organisation"].queryset = orgs


class ReferralAnswerForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = [
            "name",
            "description",
            "type",
            "focus_area",
            "eligible_sizes",
            "eligible_sni",
            "eligible_counties",
            "typical_hours",
            "value_sek",
            "capacity",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
