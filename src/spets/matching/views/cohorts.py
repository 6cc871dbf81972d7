"""Cohort pages: the list, proposals, a cohort's page (members, history) and the advisor's changes."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spets.core.errors import Conflict, InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view
from spets.matching import permissions as perm
from spets.matching.forms import (
    AddCompanyForm,
    CohortForm,
    CreateCohortForm,
    InviteForm,
    MoveForm,
    ProposalForm,
)
from spets.matching.models import Cohort, CohortEntry, CohortInvitation, CohortMember
from spets.matching.presenters import dimension_names, focus_names
from spets.matching.services import cohorts as services


@page_view
def cohort_list(request):
    user = request.user
    perm.require(perm.can_see_cohorts(user), _("Only programme staff who read records see cohorts."))
    cohorts = list(
        Cohort.objects.for_user(user).prefetch_related("organisations").order_by("status", "name", "pk")
    )
    members: dict[int, list] = {}
    for m in (
        CohortMember.objects.for_user(user)
        .filter(cohort__in=cohorts)
        .select_related("company__municipality__county")
        .order_by("cohort_id", "company_id")
    ):
        members.setdefault(m.cohort_id, []).append(m)
    rows = [
        {
            "cohort": c,
            "size": len(members.get(c.pk, [])),
            "counties": sorted({m.company.municipality.county.name for m in members.get(c.pk, [])}),
        }
        for c in cohorts
    ]
    return render(
        request,
        "matching/cohorts.html",
        {
            "rows": rows,
            "can_manage": perm.can_manage_cohorts(user),
            "can_see_network": perm.can_see_network(user),
        },
    )


@page_view
def propose(request):
    user = request.user
    perm.require(perm.can_see_cohorts(user), _("Only programme staff who read records see cohorts."))
    form = ProposalForm(request.GET or None)
    proposals = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            proposals = services.propose(
                user,
                focus_area=d["focus_area"] or "",
                sni_prefix=d["sni_prefix"] or "",
                sizes=tuple(d["sizes"]),
                target=d["target"] or services.cohorting.DEFAULT_TARGET,
            )
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            # the counties' names for the lists, in one query
            prefetch_related_objects(
                [c for p in proposals.cohorts for c in p.companies], "municipality__county"
            )
    dims = dimension_names(proposals.framework_id) if proposals else {}
    return render(
        request,
        "matching/propose.html",
        {
            "form": form,
            "proposals": proposals,
            "dims": dims,
            "areas": focus_names(),
            "can_manage": perm.can_manage_cohorts(user),
        },
    )


@page_view
@require_POST
def create(request):
    form = CreateCohortForm(request.POST)
    perm.require(
        perm.can_manage_cohorts(request.user), _("Only advisors and programme managers create cohorts.")
    )
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("matching:propose")
    d = form.cleaned_data
    try:
        cohort = services.create_cohort(request.user, d["name"], d["companies"], theme=d["theme"])
    except InvalidData as exc:
        messages.error(request, " ".join(exc.errors.values()))
        return redirect("matching:propose")
    messages.success(request, _("Cohort %(name)s created.") % {"name": cohort.name})
    return redirect("matching:cohort", cohort.pk)


def _cohort_context(user, cohort: Cohort, form: CohortForm | None = None) -> dict:
    members = list(
        CohortMember.objects.for_user(user)
        .filter(cohort=cohort)
        .select_related("company__municipality__county", "company__sni")
        .order_by("company__name", "company_id")
    )
    others = list(Cohort.objects.for_user(user).exclude(pk=cohort.pk).order_by("name", "pk"))
    return {
        "cohort": cohort,
        "members": members,
        "counties": sorted({m.company.municipality.county.name for m in members}),
        "organisations": list(cohort.organisations.order_by("name")),
        "entries": list(
            CohortEntry.objects.for_user(user)
            .filter(cohort=cohort)
            .select_related("user", "company")
            .order_by("-at", "-id")[:100]
        ),
        "invitations": CohortInvitation.objects.for_user(user).filter(cohort=cohort).count(),
        "others": others,
        "form": form
        or CohortForm(
            initial={
                "version": cohort.version,
                "name": cohort.name,
                "theme": cohort.theme,
                "status": cohort.status,
                "organisations": list(cohort.organisations.values_list("pk", flat=True)),
            }
        ),
        "add_form": AddCompanyForm(),
        "invite_form": InviteForm(),
        "can_manage": perm.can_manage_cohorts(user),
        "can_invite": perm.can_invite(user),
    }


@page_view
def cohort(request, cohort_id: int):
    user = request.user
    perm.require(perm.can_see_cohorts(user), _("Only programme staff who read records see cohorts."))
    found = Cohort.objects.for_user(user).get(pk=cohort_id)
    return render(request, "matching/cohort.html", _cohort_context(user, found))


@page_view
@require_POST
def edit(request, cohort_id: int):
    user = request.user
    perm.require(perm.can_manage_cohorts(user), _("Only advisors and programme managers change cohorts."))
    found = Cohort.objects.for_user(user).get(pk=cohort_id)
    form = CohortForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.update_cohort(
                user,
                cohort_id,
                d["version"],
                name=d["name"],
                theme=d["theme"],
                status=d["status"],
                organisation_ids=[o.pk for o in d["organisations"]],
            )
        except InvalidData as exc:
            add_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Cohort saved."))
            return redirect("matching:cohort", cohort_id)
    return render(request, "matching/cohort.html", _cohort_context(user, found, form), status=422)


@page_view
@require_POST
def add(request, cohort_id: int):
    form = AddCompanyForm(request.POST)
    perm.require(
        perm.can_manage_cohorts(request.user), _("Only advisors and programme managers change cohorts.")
    )
    try:
        if not form.is_valid():
            raise InvalidData({"orgnr": _("Give the company's organisation number.")})
        company = services.company_by_orgnr(request.user, form.cleaned_data["orgnr"])
        services.add_company(request.user, cohort_id, company.pk)
    except InvalidData as exc:
        messages.error(request, " ".join(exc.errors.values()))
    else:
        messages.success(request, _("%(name)s added to the cohort.") % {"name": company.name})
    return redirect("matching:cohort", cohort_id)


@page_view
@require_POST
def member(request, cohort_id: int, company_id: int, action: str):
    user = request.user
    perm.require(perm.can_manage_cohorts(user), _("Only advisors and programme managers change cohorts."))
    try:
        if action in ("lock", "unlock"):
            services.set_locked(user, cohort_id, company_id, action == "lock")
            messages.success(request, _("Company locked.") if action == "lock" else _("Company unlocked."))
        elif action == "remove":
            services.remove_company(user, cohort_id, company_id)
            messages.success(request, _("Company removed from the cohort."))
        elif action == "move":
            form = MoveForm(request.POST)
            if not form.is_valid():
                raise InvalidData({"to_cohort": _("Choose the cohort to move the company to.")})
            services.move_company(user, cohort_id, company_id, form.cleaned_data["to_cohort"])
            messages.success(request, _("Company moved."))
        else:
            raise InvalidData({"action": _("Unknown action.")})
    except InvalidData as exc:
        messages.error(request, " ".join(exc.errors.values()))
    return redirect("matching:cohort", cohort_id)


@page_view
@require_POST
def invite(request, cohort_id: int):
    form = InviteForm(request.POST)
    perm.require(perm.can_invite(request.user), _("Only advisors and programme managers invite contacts."))
    try:
        n = services.invite(
            request.user,
            cohort_id,
            form.cleaned_data["message"] if form.is_valid() else "",
            base_url=request.build_absolute_uri("/"),
        )
    except InvalidData as exc:
        messages.error(request, " ".join(exc.errors.values()))
    else:
        messages.success(request, _("Invitation sent to %(n)s contacts.") % {"n": n})
    return redirect("matching:cohort", cohort_id)
