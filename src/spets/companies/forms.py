"""Forms of the register pages. They validate shape; the services validate meaning and permissions."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
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
from spets.companies.services.contacts import CONTACT_FIELDS
from spets.companies.services.import_columns import TARGET_KEYS
from spets.companies.texts import orgnr_message
from spets.core.models import FocusArea, Organisation, User
from spets.core.policy import Can, roles_with
from spets.core.scoping import unscoped
from spets.core.validation import BIGINT_MAX, INT32_MAX
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
    municipality = forms.ModelChoiceField(
        label=_("Municipality (seat)"),
        queryset=Municipality.objects.all(),
        empty_label=_("Choose a municipality"),
    )
    sni = forms.ModelChoiceField(
        label=_("Primary SNI 2007 code"),
        required=False,
        queryset=SniCode.objects.filter(level="division"),
        empty_label=_("No SNI code"),
    )
    sni_codes = forms.CharField(label=_("All SNI codes"), max_length=200, required=False)
    # The database columns' ranges: a larger number is a form error, not a database error.
    employees = forms.IntegerField(
        label=_("Staff headcount"), min_value=0, max_value=INT32_MAX, required=False
    )
    turnover_sek = forms.IntegerField(
        label=_("Net turnover (SEK)"), min_value=0, max_value=BIGINT_MAX, required=False
    )
    balance_sheet_sek = forms.IntegerField(
        label=_("Balance sheet total (SEK)"), min_value=0, max_value=BIGINT_MAX, required=False
    )
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
        fields = list(CONTACT_FIELDS)
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
        label=_("Offer used"),
        queryset=Offer.objects.for_user(None),
        required=False,
        empty_label=_("No offer"),
    )
    outcome = forms.CharField(
        label=_("Outcome / note"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    follow_up_date = forms.DateField(label=_("Follow-up date"), widget=DATE, required=False)
    visibility = forms.ChoiceField(
        label=_("Who may read this note"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Private: only your own organisation reads the title, notes and outcome. Everyone else, programme"
            " managers included, sees only that the activity exists, its date, organisation and hours."
        ),
        # Private by default: sharing a note with every organisation is the advisor's explicit choice.
        initial=Visibility.ORGANISATION,
    )
    override_reason = forms.CharField(
        label=_("Decision to go ahead despite a check (programme managers)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when a check refuses the activity (say, the de minimis ceiling): the reason."),
    )

    def __init__(self, *args, user=None, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.company = user, company
        if user is None or not user.is_programme_manager:
            del self.fields["override_reason"]
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
                empty_label=_("No advisor"),
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
    to_organisation = forms.ModelChoiceField(
        label=_("Refer to"), queryset=Organisation.objects.none(), empty_label=_("Choose an organisation")
    )
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

    # Ticked size classes in words (the model keeps the codes comma separated; none ticked = all).
    eligible_sizes = forms.MultipleChoiceField(
        label=_("Eligible size classes"),
        choices=list(Offer.SIZE_WORDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: all size classes"),
    )

    def __init__(self, *args, **kwargs):
        initial = kwargs.get("initial") or {}
        if isinstance(initial.get("eligible_sizes"), str):
            kwargs["initial"] = initial | {
                "eligible_sizes": [c.strip() for c in initial["eligible_sizes"].split(",") if c.strip()]
            }
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Choose a type")), *ActivityType.choices]
        self.fields["focus_area"].empty_label = _("No focus area")
        # The columns' ranges on every database (SQLite has no 32-bit limit of its own to check).
        for name in ("value_sek", "capacity"):
            self.fields[name].validators.append(MaxValueValidator(INT32_MAX))
            self.fields[name].widget.attrs["max"] = INT32_MAX
        self.fields["typical_hours"].validators.append(MinValueValidator(0))
        self.fields["typical_hours"].widget.attrs["min"] = 0

    def clean_eligible_sizes(self) -> str:
        return ",".join(self.cleaned_data["eligible_sizes"])


class TimelineForm(forms.Form):
    """How much of the company page's timeline to show: `timeline` rows (without JavaScript "show more"
    reloads the page with a longer list) or the page starting at `offset` (HTMX). A bad number is ignored."""

    timeline = forms.IntegerField(required=False)
    offset = forms.IntegerField(required=False)

    def count(self, name: str, default: int) -> int:
        self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value is None else min(max(value, 0), 10_000)


# --- import, merge ------------------------------------------------------------------------------------------


class ImportUploadForm(forms.Form):
    file = forms.FileField(allow_empty_file=True, error_messages={"required": _("Choose a file")})

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(_("The file is larger than 100 MB; split it into parts"))
        return upload


class ImportMappingForm(forms.Form):
    """What each column of the file means (`col0`, `col1`, … hold target keys; anything else is ignored) and
    the lawful basis given to the contacts the file creates. `cleaned_data["mapping"]`: target → column."""

    basis = forms.CharField(required=False)
    basis_note = forms.CharField(required=False, strip=False)

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        for index in range(len(headers)):
            self.fields[f"col{index}"] = forms.CharField(required=False)

    def clean_basis(self) -> str:
        if "basis" not in self.data:
            return LawfulBasis.LEGITIMATE_INTEREST
        value = self.cleaned_data["basis"]
        return value if value in LawfulBasis.values else ""

    def clean_basis_note(self) -> str:
        return self.cleaned_data["basis_note"][:1000]

    def clean(self):
        cleaned = super().clean()
        mapping: dict[str, int] = {}
        error = ""
        for index in range(len(self.headers)):
            key = cleaned.get(f"col{index}", "")
            if key in TARGET_KEYS:
                if key in mapping:
                    error = _("'%(target)s' is chosen for two columns") % {"target": TARGET_KEYS[key].label}
                mapping[key] = index
        if not error and "orgnr" not in mapping:
            error = _("Choose the column that holds the organisation number")
        cleaned["mapping"] = mapping
        if error:
            raise forms.ValidationError(error)
        return cleaned


class ImportConfirmForm(forms.Form):
    mode = forms.CharField(required=False)  # "valid": import the valid rows, skipping rejected ones

    def valid_rows_only(self) -> bool:
        return self.is_valid() and self.cleaned_data["mode"] == "valid"


class MergeStartForm(forms.Form):
    """The two records to compare, each by org nr (with or without dash, 10 or 12 digits) or id."""

    a = forms.CharField(required=False)
    b = forms.CharField(required=False)


class MergeForm(forms.Form):
    """Which value to keep for each conflicting field (`choice_<field>`: "survivor" or "other"; the service
    checks them) and the versions of both records as the page showed them."""

    survivor_version = forms.IntegerField(required=False)
    other_version = forms.IntegerField(required=False)

    def __init__(self, *args, fields: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.choice_fields = fields
        for name in fields:
            self.fields[f"choice_{name}"] = forms.CharField(required=False)

    def choices(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"choice_{name}", "") for name in self.choice_fields}

    def version(self, name: str) -> int:
        return self.cleaned_data.get(name) or 0
