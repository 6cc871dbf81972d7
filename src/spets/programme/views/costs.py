"""The cost page: outcome against budget per organisation and budget line, in-kind co-financing, and the
cost entries (external services, travel) with a form for the project leader."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.models import Organisation
from spets.core.permissions import page_view
from spets.programme import permissions as perm
from spets.programme.models import Expense, ExpenseKind, Participant, ReportingPeriod
from spets.programme.services import costs as cost_services
from spets.programme.services import setup as setup_services


class ExpenseForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("Choose an organisation"),
    )
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=gettext_lazy("Budget line"), choices=ExpenseKind.choices)
    amount_sek = forms.DecimalField(
        label=gettext_lazy("Amount (SEK)"),
        min_value=0.01,
        max_value=10_000_000,
        decimal_places=2,
        max_digits=12,
    )
    description = forms.CharField(label=gettext_lazy("Description"), max_length=300)

    def __init__(self, *args, user, project, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(
            pk__in=Participant.objects.filter(project=project).values("organisation_id")
        )
        if not perm.can_manage_programme(user):
            orgs = orgs.filter(pk=user.organisation_id)
        self.fields["organisation"].queryset = orgs
        if user.organisation_id and orgs.filter(pk=user.organisation_id).exists():
            self.fields["organisation"].initial = user.organisation_id


def _period_id(request, project) -> int | None:
    text = request.GET.get("period", "")
    if text.isdigit() and ReportingPeriod.objects.filter(pk=int(text), project=project).exists():
        return int(text)
    return None


def _render(request, form=None, status=200):
    user = request.user
    project = setup_services.current_project()
    period_id = _period_id(request, project)
    page = cost_services.cost_page(user, project.pk, period_id)
    may_record = perm.can_manage_programme(user) or cost_services.can_record_expenses(
        user, user.organisation_id
    )
    return render(
        request,
        "programme/costs.html",
        {
            **page,
            "periods": ReportingPeriod.objects.filter(project=project).defer("snapshot"),
            "period_id": period_id,
            "may_record": may_record,
            "form": form or (ExpenseForm(user=user, project=project) if may_record else None),
            "all_organisations": perm.can_manage_programme(user),
        },
        status=status,
    )


@page_view
def costs(request):
    return _render(request)


@page_view
@require_POST
def expense_add(request):
    user = request.user
    project = setup_services.current_project()
    form = ExpenseForm(request.POST, user=user, project=project)
    if form.is_valid():
        d = form.cleaned_data
        try:
            cost_services.add_expense(
                user, d["organisation"].pk, d["date"], d["kind"], d["amount_sek"], d["description"]
            )
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cost entry saved."))
            return redirect("programme:costs")
    perm.require(cost_services.can_see_costs(user), _("costs are shown to programme staff"))
    return _render(request, form, status=422)


@page_view
@require_POST
def expense_delete(request, expense_id: int):
    Expense.objects.get(pk=expense_id)  # 404 for an unknown entry
    try:
        cost_services.delete_expense(request.user, expense_id)
    except InvalidData as exc:
        messages.error(request, "; ".join(exc.errors.values()))
    else:
        messages.success(request, _("Cost entry removed."))
    return redirect("programme:costs")
