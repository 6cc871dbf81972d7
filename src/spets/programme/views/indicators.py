"""The companies and activities behind one figure of a report, and the outcomes recorded for a company."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.companies.models import Company, SizeClass
from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view
from spets.geo.models import County
from spets.programme import permissions as perm
from spets.programme.models import OutcomeKind
from spets.programme.presenters import dimension_label, key_label, pick, unit_label
from spets.programme.services import indicators as indicator_services


@page_view
def figure(request, period_id: int, indicator: str):
    dimension = request.GET.get("dimension") or None
    key = request.GET.get("key") if dimension else None
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    try:
        result = indicator_services.drill_down(request.user, period_id, indicator, dimension, key, page)
    except InvalidData as exc:
        raise Company.DoesNotExist(str(exc)) from None  # an unknown indicator or breakdown: 404
    label = key_label(dimension, key or "", result.document) if dimension else ""
    meta = result.indicator
    counties = dict(County.objects.values_list("code", "name"))
    sizes = dict(SizeClass.choices)
    for row in result.rows:
        row["county_name"] = counties.get(row["facts"].get("county", ""), row["facts"].get("county", ""))
        row["size_label"] = sizes.get(row["facts"].get("size", ""), "")
    return render(
        request,
        "programme/figure.html",
        {
            "drill": result,
            "period": result.period,
            "name": pick(meta["name_sv"], meta["name_en"]),
            "unit": unit_label(meta["unit"]),
            "counts": meta["unit"] == "enterprises",
            "dimension_label": dimension_label(dimension) if dimension else "",
            "key_label": label,
        },
    )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=OutcomeKind.choices)
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("What shows the outcome: a product launch, an order, a board decision …"),
    )
    amount_sek = forms.DecimalField(
        label=gettext_lazy("Amount (SEK)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=gettext_lazy("Only for a private investment"),
    )


@page_view
def outcomes(request, company_id: int):
    user = request.user
    records = indicator_services.outcomes_for(user, company_id)
    company = Company.objects.for_user(user).get(pk=company_id)
    can_record = perm.can_record_outcomes(user)
    form = OutcomeForm(request.POST or None) if can_record else None
    if request.method == "POST":
        perm.require(can_record, _("only advisors and programme managers record outcomes"))
        if form.is_valid():
            try:
                indicator_services.record_outcome(user, company_id, **form.cleaned_data)
            except InvalidData as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Outcome recorded."))
                return redirect("programme:outcomes", company_id)
    return render(request, "programme/outcomes.html", {"company": company, "outcomes": records, "form": form})
