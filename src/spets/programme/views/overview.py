"""The programme's start page (the project, its periods, what each role may do) and the set-up page of
programme managers (project, targets, budget lines, support-type mapping, periods)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.companies.models import ActivityType
from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view
from spets.geo.models import PROGRAMME_COUNTIES, County
from spets.programme import permissions as perm
from spets.programme.models import (
    BudgetLine,
    BudgetLineKind,
    Participant,
    Project,
    ReportingPeriod,
    SupportType,
    SupportTypeMapping,
    Target,
)
from spets.programme.presenters import pick
from spets.programme.services import indicators as indicator_services
from spets.programme.services import setup as setup_services


def _project_or_none() -> Project | None:
    try:
        return setup_services.current_project()
    except Project.DoesNotExist:
        return None


@page_view
def overview(request):
    user = request.user
    perm.require(perm.can_see_programme_figures(user), _("programme follow-up is for programme staff"))
    project = _project_or_none()
    periods = []
    if project is not None:
        periods = list(
            ReportingPeriod.objects.filter(project=project).select_related("closed_by").defer("snapshot")
        )
    participants = (
        list(Participant.objects.filter(project=project).select_related("organisation")) if project else []
    )
    return render(
        request,
        "programme/overview.html",
        {
            "project": project,
            "periods": periods,
            "participants": participants,
            "can_manage": perm.can_manage_programme(user),
            "can_drill": perm.can_see_programme(user),
            "can_export": perm.can_export_participants(user),
            "definitions": [
                {
                    "id": d.id,
                    "name": pick(d.name_sv, d.name_en),
                    "rule": pick(d.rule_sv, d.rule_en),
                    "source": d.source,
                }
                for d in indicator_services.definitions()[1]
            ],
        },
    )


# --- set-up ------------------------------------------------------------------------------------------


class ProjectForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    funder = forms.CharField(label=gettext_lazy("Funder"), max_length=200, required=False)
    starts_on = forms.DateField(label=gettext_lazy("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=gettext_lazy("End"), widget=forms.DateInput(attrs={"type": "date"}))
    indirect_rate_percent = forms.CharField(label=gettext_lazy("Flat-rate indirect costs (%)"), max_length=20)
    inkind_rate_sek = forms.CharField(label=gettext_lazy("In-kind rate (SEK per hour)"), max_length=20)


class GridForm(forms.Form):
    """A grid of number fields named by the service's field names (target_CO01_20, budget_3_staff)."""

    def __init__(self, names: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in names:
            self.fields[name] = forms.CharField(required=False, max_length=30)

    def values(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items()}


class MappingForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("not programme support")), *SupportType.choices]
        for kind, _label in ActivityType.choices:
            self.fields[f"map_{kind}"] = forms.ChoiceField(choices=choices, required=False)
            self.fields[f"fin_{kind}"] = forms.BooleanField(required=False)


def _fmt(value) -> str:
    return "" if value is None else f"{value:f}".rstrip("0").rstrip(".").replace(".", ",")


def _target_names(indicator_ids: list[str]) -> list[str]:
    return [f"target_{i}_{c}" for i in indicator_ids for c in ("total", *PROGRAMME_COUNTIES)]


@page_view
def setup(request):
    user = request.user
    setup_services.require_manager(user)
    project = _project_or_none()
    if project is None:  # the first visit: the project's basics first, the rest once it exists
        form = ProjectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                setup_services.create_project(user, form.cleaned_data)
            except InvalidData as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Project created."))
                return redirect("programme:setup")
        return render(request, "programme/setup.html", {"project": None, "project_form": form})
    defs = indicator_services.definitions()[1]
    participants = list(Participant.objects.filter(project=project).select_related("organisation"))
    targets = {(t.indicator, t.county_id or "total"): t.value for t in Target.objects.filter(project=project)}
    budget = {
        (b.participant_id, b.kind): b.amount_sek
        for b in BudgetLine.objects.filter(participant__project=project)
    }
    mapping = {m.activity_type: m for m in SupportTypeMapping.objects.filter(project=project)}
    section = request.POST.get("section") if request.method == "POST" else None

    project_form = ProjectForm(
        request.POST if section == "project" else None,
        initial={
            "name": project.name,
            "funder": project.funder,
            "starts_on": project.starts_on,
            "ends_on": project.ends_on,
            "indirect_rate_percent": _fmt(project.indirect_rate_percent),
            "inkind_rate_sek": _fmt(project.inkind_rate_sek),
        },
    )
    target_form = GridForm(
        _target_names([d.id for d in defs]),
        request.POST if section == "targets" else None,
        initial={f"target_{i}_{c}": _fmt(v) for (i, c), v in targets.items()},
    )
    budget_names = [f"budget_{p.pk}_{k}" for p in participants for k in BudgetLineKind.values]
    budget_form = GridForm(
        budget_names,
        request.POST if section == "budget" else None,
        initial={f"budget_{p}_{k}": _fmt(v) for (p, k), v in budget.items()},
    )
    mapping_form = MappingForm(
        request.POST if section == "mapping" else None,
        initial={
            **{f"map_{k}": m.support_type for k, m in mapping.items()},
            **{f"fin_{k}": m.financial for k, m in mapping.items()},
        },
    )
    if request.method == "POST":
        try:
            if section == "project" and project_form.is_valid():
                setup_services.update_project(user, project.pk, project_form.cleaned_data)
            elif section == "targets" and target_form.is_valid():
                values = {}
                for name, raw in target_form.values().items():
                    _prefix, indicator, county = name.split("_", 2)
                    values[(indicator, None if county == "total" else county)] = raw
                setup_services.set_targets(user, project.pk, values, indicator_services.units())
            elif section == "budget" and budget_form.is_valid():
                values = {}
                for name, raw in budget_form.values().items():
                    _prefix, participant_id, kind = name.split("_", 2)
                    values[(int(participant_id), kind)] = raw
                setup_services.set_budget(user, project.pk, values)
            elif section == "mapping" and mapping_form.is_valid():
                d = mapping_form.cleaned_data
                setup_services.set_mapping(
                    user, project.pk, {k: (d[f"map_{k}"], d[f"fin_{k}"]) for k in ActivityType.values}
                )
            elif section == "periods":
                setup_services.create_periods(user, project.pk)
            else:
                raise InvalidData({"__all__": _("check the values marked below")})
        except InvalidData as exc:
            form = {"project": project_form, "targets": target_form, "budget": budget_form}.get(
                section, mapping_form
            )
            add_service_errors(form, exc)
            messages.error(request, _("Nothing was saved: check the values marked below."))
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("programme:setup") + f"#{section}")

    counties = list(County.objects.filter(code__in=PROGRAMME_COUNTIES).order_by("code"))
    target_rows = [
        {
            "id": d.id,
            "name": pick(d.name_sv, d.name_en),
            "unit": d.unit,
            "cells": [target_form[f"target_{d.id}_{c}"] for c in ("total", *PROGRAMME_COUNTIES)],
        }
        for d in defs
    ]
    budget_rows = [
        {"participant": p, "cells": [budget_form[f"budget_{p.pk}_{k}"] for k in BudgetLineKind.values]}
        for p in participants
    ]
    mapping_rows = [
        {"type": label, "support": mapping_form[f"map_{k}"], "financial": mapping_form[f"fin_{k}"]}
        for k, label in ActivityType.choices
    ]
    return render(
        request,
        "programme/setup.html",
        {
            "project": project,
            "project_form": project_form,
            "target_form": target_form,
            "target_rows": target_rows,
            "counties": counties,
            "budget_form": budget_form,
            "budget_rows": budget_rows,
            "budget_kinds": BudgetLineKind.choices,
            "mapping_form": mapping_form,
            "mapping_rows": mapping_rows,
            "periods": ReportingPeriod.objects.filter(project=project).defer("snapshot"),
        },
    )
