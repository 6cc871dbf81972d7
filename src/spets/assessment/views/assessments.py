"""Assessment pages for logged-in users: list, start, interview with autosave, result page with peer
position, recommendations and action plan, consistency, links, follow-ups and T0→T1 comparison.

Thin views: input through forms.py, permissions and changes in the services, what is shown in
presenters.py; rows come from `for_user`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spets.assessment import permissions, presenters, services
from spets.assessment.forms import (
    FollowUpForm,
    LinkForm,
    NewAssessmentForm,
    PlanItemForm,
    PlanUpdateForm,
    PrioritiesForm,
    RespondentForm,
    errors_text,
    framework_view,
)
from spets.assessment.frameworks import FRAMEWORK_IDS
from spets.assessment.models import (
    ActionPlanItem,
    Assessment,
    PlanStatus,
    Respondent,
    Round,
    SelfAssessmentLink,
    Status,
)
from spets.assessment.texts import framework_name, tr
from spets.assessment.views.autosave import answer_response
from spets.companies.models import Company, Contact
from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.i18n import pick
from spets.core.models import FocusArea, Organisation
from spets.core.permissions import page_view


def _next(request, fallback: str) -> str:
    """A same-site `next` address from the form, else the fallback (no open redirects)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _with_query(url: str, **params) -> str:
    return f"{url}?{urlencode(params)}"


@page_view
def assessment_list(request):
    user = request.user
    if permissions.can_see_aggregates(user) and not permissions.can_see_rows(user):
        return redirect("assessment:dashboard")  # analysts: aggregates only
    permissions.require(
        permissions.can_see_rows(user), "assessments are for programme staff and the company itself"
    )
    qs = Assessment.objects.for_user(user).select_related("company", "organisation")
    for key in ("framework_id", "round", "status"):
        if request.GET.get(key):
            qs = qs.filter(**{key: request.GET[key]})
    if request.GET.get("q"):
        qs = qs.filter(company__name__icontains=request.GET["q"].strip())
    page = Paginator(qs.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "count": page.paginator.count,
                "results": [
                    {
                        "id": a.pk,
                        "company": a.company.name,
                        "framework": a.framework_id,
                        "round": a.round,
                        "status": a.status,
                        "overall": (a.result or {}).get("overall", {}).get("score"),
                    }
                    for a in page
                ],
            }
        )
    names = {fid: framework_name(fid, short=True) for fid in FRAMEWORK_IDS}
    page.object_list = list(page.object_list)
    for a in page.object_list:  # the framework by its name, never its id ("dma-sme")
        a.framework_label = names.get(a.framework_id) or framework_name(a.framework_id, short=True)
    return render(
        request,
        "assessment/list.html",
        {
            "page": page,
            "params": request.GET,
            "frameworks": list(names.items()),
            "rounds": Round.choices,
            "statuses": Status.choices,
            "can_start": permissions.is_writer(user),
            "form": NewAssessmentForm(),
            "can_dashboard": permissions.can_see_aggregates(user),
        },
    )


def _company_by_number(user, text: str) -> Company | None:
    digits = "".join(ch for ch in text if ch.isdigit())
    qs = Company.objects.for_user(user)
    if len(digits) == 10:
        return qs.filter(orgnr=digits).first()
    if digits and digits == text.strip():
        return qs.filter(pk=int(digits)).first()
    return None


@page_view
def assessment_new(request):
    permissions.require(
        permissions.is_writer(request.user), "only advisors and programme managers start assessments"
    )
    initial = {}
    if request.GET.get("company"):
        company = _company_by_number(request.user, request.GET["company"])
        if company:
            initial["company"] = company.orgnr
    form = NewAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        company = _company_by_number(request.user, form.cleaned_data["company"])
        if company is None:
            form.add_error("company", _("No company with that organisation number in the register."))
        else:
            try:
                assessment = services.create_assessment(
                    request.user,
                    company.pk,
                    form.cleaned_data["framework"],
                    form.cleaned_data["mode"],
                    respondent_name=form.cleaned_data["respondent_name"],
                    respondent_role=form.cleaned_data["respondent_role"],
                )
            except InvalidData as exc:
                add_service_errors(form, exc)
            else:
                return redirect("assessment:detail", assessment.pk)
    return render(request, "assessment/new.html", {"form": form})


@page_view
def assessment_detail(request, assessment_id: int):
    user = request.user
    assessment = services.readable_assessment(user, assessment_id)
    context = presenters.result_context(assessment)
    writer = permissions.is_writer(user)
    plan = services.plan_for(user, assessment)
    context.update(
        {
            "a": assessment,
            "company": assessment.company,
            "can_write": writer,
            "respondents": Respondent.objects.for_user(user).filter(assessment=assessment),
            "links": (
                SelfAssessmentLink.objects.for_user(user).filter(assessment=assessment) if writer else []
            ),
            "follow_ups": Assessment.objects.for_user(user)
            .filter(follows=assessment.follows or assessment)
            .exclude(pk=assessment.pk)
            .order_by("round"),
            "plan": plan,
            "plan_statuses": PlanStatus.choices,
            "organisations": Organisation.objects.filter(in_programme=True),
            "focus_areas": [
                {
                    "code": f.code,
                    "name": pick(f.name_sv, f.name_en),
                    "rating": context["priorities"].get(f.code),
                }
                for f in FocusArea.objects.all()
            ],
            "new_link": request.session.pop(f"assessment-link-{assessment.pk}", None),
            "contacts": (
                Contact.objects.for_user(user)
                .filter(company_id=assessment.company_id, anonymised=False)
                .exclude(email="")
                if writer
                else []
            ),
        }
    )
    return render(request, "assessment/detail.html", context)


@page_view
def interview(request, assessment_id: int):
    user = request.user
    permissions.require(permissions.is_writer(user), "only advisors and programme managers interview")
    assessment = services.readable_assessment(user, assessment_id)
    respondents = list(Respondent.objects.for_user(user).filter(assessment=assessment))
    chosen = next((r for r in respondents if str(r.pk) == request.GET.get("respondent")), respondents[0])
    answers = services.answers_by_respondent(assessment).get(str(chosen.pk), {})
    fw = services.framework_for(assessment)
    return render(
        request,
        "assessment/interview.html",
        {
            "a": assessment,
            "company": assessment.company,
            "respondents": respondents,
            "respondent": chosen,
            "dimensions": framework_view(fw, answers),
            "fw_title": tr(fw.title),
            "post_url": _with_query(reverse("assessment:answer", args=[assessment.pk]), respondent=chosen.pk),
            "result": services.current_result(assessment),
        },
    )


@page_view
@require_POST
def answer(request, assessment_id: int):
    user = request.user
    permissions.require(permissions.is_writer(user), "only advisors and programme managers save answers")
    assessment = services.readable_assessment(user, assessment_id)
    fw = services.framework_for(assessment)
    question = fw.questions.get(request.POST.get("question", ""))
    if question is None:
        return render(
            request,
            "assessment/_saved.html",
            {"error": _("Unknown question %(q)s") % {"q": request.POST.get("question", "")}},
            status=422,
        )
    raw_respondent = request.GET.get("respondent") or request.POST.get("respondent") or "0"
    if not (raw_respondent.isdigit() and len(raw_respondent) <= 18):  # a bigint id, not any text
        return HttpResponseBadRequest(
            f"respondent: {raw_respondent[:40]!r} is not a respondent id",
            content_type="text/plain; charset=utf-8",
        )
    respondent_id = int(raw_respondent)
    return answer_response(
        request, fw, question, lambda a: services.save_answers(user, assessment.pk, respondent_id, a)
    )


@page_view
@require_POST
def respondent_new(request, assessment_id: int):
    form = RespondentForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("assessment:interview", assessment_id)
    try:
        r = services.add_respondent(
            request.user, assessment_id, form.cleaned_data["name"], form.cleaned_data["role"]
        )
    except InvalidData as exc:
        messages.error(request, str(exc))
        return redirect("assessment:interview", assessment_id)
    return redirect(_with_query(reverse("assessment:interview", args=[assessment_id]), respondent=r.pk))


@page_view
@require_POST
def complete(request, assessment_id: int):
    services.complete(request.user, assessment_id)
    messages.success(request, _("The assessment is completed and its result stored."))
    return redirect("assessment:detail", assessment_id)


@page_view
def consistency(request, assessment_id: int):
    assessment = services.readable_assessment(request.user, assessment_id)
    names = {
        str(r.pk): str(r) for r in Respondent.objects.for_user(request.user).filter(assessment=assessment)
    }
    return render(
        request,
        "assessment/consistency.html",
        {
            "a": assessment,
            "company": assessment.company,
            "rows": presenters.consistency_rows(assessment, names),
            "respondents": names.values(),
        },
    )


@page_view
@require_POST
def link_new(request, assessment_id: int):
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("assessment:detail", assessment_id)
    data = form.cleaned_data
    contact_id, email = data["contact"], data["email"].strip()
    days = services.LINK_DAYS if data["days"] is None else data["days"]
    try:
        recipient = (
            services.link_recipient(request.user, assessment_id, contact_id or None, email)
            if contact_id or email
            else None
        )  # checked before the link exists
        link, token = services.create_link(request.user, assessment_id, days, data["name"])
    except InvalidData as exc:
        messages.error(request, str(exc))
        return redirect("assessment:detail", assessment_id)
    # The token exists only now (a hash is stored): show it once on the next page view, send it now.
    base_url = request.build_absolute_uri("/")
    request.session[f"assessment-link-{assessment_id}"] = services.self_assessment_url(token, base_url)
    if recipient:
        address, contact = recipient
        try:
            services.send_link(request.user, link.pk, token, address, contact, base_url=base_url)
        except OSError as exc:  # SMTP down: the link still works and is shown once
            messages.error(
                request,
                _("The e-mail could not be sent (%(error)s); copy the link instead.") % {"error": exc},
            )
        else:
            messages.success(request, _("The link was e-mailed to %(to)s.") % {"to": address})
    return redirect("assessment:detail", assessment_id)


@page_view
@require_POST
def link_revoke(request, link_id: int):
    link = services.revoke_link(request.user, link_id)
    messages.success(request, _("The link no longer works."))
    return redirect("assessment:detail", link.assessment_id)


@page_view
@require_POST
def follow_up(request, assessment_id: int):
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("assessment:detail", assessment_id)
    months = form.cleaned_data["months"]
    try:
        follow = services.schedule_follow_up(
            request.user, assessment_id, services.FOLLOW_UP_MONTHS if months is None else months
        )
    except InvalidData as exc:
        messages.error(request, str(exc))
        return redirect("assessment:detail", assessment_id)
    messages.success(
        request,
        _("%(round)s planned for %(date)s; a reminder is e-mailed beforehand.")
        % {"round": follow.round, "date": follow.scheduled_for},
    )
    return redirect("assessment:detail", follow.pk)


@page_view
def compare_page(request, assessment_id: int):
    assessment = services.readable_assessment(request.user, assessment_id)
    compared = services.comparison(assessment)
    if compared is None:
        raise Http404
    base, comp = compared
    return render(
        request,
        "assessment/compare.html",
        {
            "a": assessment,
            "base": base,
            "company": assessment.company,
            **presenters.comparison_context(assessment, base, comp),
        },
    )


@page_view
@require_POST
def priorities(request, company_id: int):
    form = PrioritiesForm(request.POST, focus_areas=FocusArea.objects.all())
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        try:
            services.set_priorities(request.user, company_id, form.ratings())
        except InvalidData as exc:
            messages.error(request, str(exc))
    return redirect(_next(request, reverse("assessment:list")))


@page_view
@require_POST
def plan_new(request, assessment_id: int):
    assessment = services.readable_assessment(request.user, assessment_id)
    form = PlanItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("assessment:detail", assessment.pk)
    data = form.cleaned_data
    try:
        services.add_plan_item(
            request.user,
            assessment.company_id,
            {
                "measure": data["measure"],
                "responsible_id": data["responsible"] or None,
                "due_date": data["due_date"],
                "offer_id": data["offer"] or None,
            },
            assessment.pk,
            data["rules"],
        )
    except InvalidData as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Added to the action plan."))
    return redirect("assessment:detail", assessment.pk)


@page_view
@require_POST
def plan_update(request, item_id: int):
    form = PlanUpdateForm(request.POST)
    item = None
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        data = {"status": form.cleaned_data["status"]}
        if "due_date" in request.POST:  # an empty date clears it; no field leaves it as it is
            data["due_date"] = form.cleaned_data["due_date"]
        try:
            item = services.update_plan_item(request.user, item_id, data)
        except InvalidData as exc:
            messages.error(request, str(exc))
    if item is None:
        item = ActionPlanItem.objects.for_user(request.user).get(pk=item_id)
    fallback = (
        reverse("assessment:detail", args=[item.assessment_id])
        if item.assessment_id
        else reverse("assessment:list")
    )
    return redirect(_next(request, fallback))
