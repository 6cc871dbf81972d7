"""Assessment pages for logged-in users: list, start, interview with autosave, result page with peer
position, recommendations and action plan, consistency, links, follow-ups and T0→T1 comparison.

Thin views: permissions and changes live in services.py; rows come from `for_user`.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from spets.assessment import permissions, services
from spets.assessment.charts import Series, bars, radar
from spets.assessment.errors import AnswerError
from spets.assessment.forms import NewAssessmentForm, framework_view, parse_question, tr
from spets.assessment.models import (
    ActionPlanItem,
    Assessment,
    PlanStatus,
    Respondent,
    Round,
    SelfAssessmentLink,
    Status,
)
from spets.assessment.peers import peer_position, recommendations
from spets.assessment.respondents import consistency as consistency_view
from spets.assessment.scoring import Result
from spets.assessment.texts import (
    GROUPING_LABELS,
    answer_error_text,
    gaps_text,
    group_value,
    target_text,
    warning_text,
)
from spets.companies.models import Company, Contact
from spets.core.models import FocusArea, Organisation
from spets.core.permissions import page_view

assessment_view = page_view


def post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _next(request, fallback: str) -> str:
    """A same-site `next` address from the form, else the fallback (no open redirects)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _get(user, assessment_id: int) -> Assessment:
    permissions.require(permissions.can_see_rows(user), "assessment rows are not shown to this role")
    return (
        Assessment.objects.for_user(user)
        .select_related("company__municipality__county", "company__sni", "organisation", "follows")
        .get(pk=assessment_id)
    )


@assessment_view
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
    return render(
        request,
        "assessment/list.html",
        {
            "page": page,
            "params": request.GET,
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


@assessment_view
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
            except services.InvalidData as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                return redirect("assessment:detail", assessment.pk)
    return render(request, "assessment/new.html", {"form": form})


def _dimension_rows(fw, result: Result, base: Result | None = None) -> list[dict]:
    bands = {b.id: tr(b.label) for b in fw.bands}
    rows = []
    for d in fw.dimensions:
        r = result.dimensions[d.id]
        missing = [tr(fw.questions[q.id].text) for q in r.questions if q.coverage < 1]
        rows.append(
            {
                "id": d.id,
                "title": tr(d.title),
                "score": r.score,
                "band": bands.get(r.band or "", ""),
                "status": r.status,
                "coverage": r.coverage,
                "optional": d.optional,
                "missing": missing,
                "before": base.dimensions[d.id].score if base and d.id in base.dimensions else None,
            }
        )
    return rows


def result_context(assessment: Assessment, user=None) -> dict:
    """Scores, charts, peer position and recommendations: shared by the page and the PDF."""
    fw = services.framework_for(assessment)
    result = services.current_result(assessment)
    compared = services.comparison(assessment)
    base_result = Result.from_dict(compared[0].result) if compared else None
    rows = _dimension_rows(fw, result, base_result)
    bands = {b.id: tr(b.label) for b in fw.bands}
    labels = [r["title"] for r in rows]
    series = [Series(assessment.round, [r["score"] for r in rows])]
    if base_result:
        series.append(Series(compared[0].round, [r["before"] for r in rows]))
    position = peer_position(assessment, result) if result.overall.score is not None else {}
    prio = services.priorities(assessment.company_id)
    recs, raw = recommendations(assessment, result, prio) if result.overall.score is not None else ([], None)
    recs = [dataclasses.replace(r, target_text=target_text(r.target_source)) for r in recs]
    comparison = compared[1] if compared else None
    return {
        "fw": fw,
        "fw_title": tr(fw.title),
        "result": result,
        "rows": rows,
        "overall_band": bands.get(result.overall.band or "", ""),
        "radar": radar(labels, series, title=_("Scores by dimension")),
        "bars": bars(labels, series, title=_("Scores by dimension")),
        "position": [
            {"grouping": g, "label": str(GROUPING_LABELS[g]), "value": group_value(g, p.group), **p.__dict__}
            for g, p in position.items()
        ],
        "recommendations": recs,
        "unmatched": gaps_text(raw.unmatched, fw) if raw else [],
        "priorities": prio,
        "comparison": comparison,
        "baseline": compared[0] if compared else None,
        "warnings": [warning_text(w, fw) for w in comparison.warnings] if comparison else [],
    }


@assessment_view
def assessment_detail(request, assessment_id: int):
    user = request.user
    assessment = _get(user, assessment_id)
    context = result_context(assessment, user)
    writer = permissions.is_writer(user)
    plan = (
        ActionPlanItem.objects.for_user(user)
        .filter(company_id=assessment.company_id)
        .select_related("responsible", "offer")
    )
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
                    "name": tr({"sv": f.name_sv, "en": f.name_en}),
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


@assessment_view
def interview(request, assessment_id: int):
    user = request.user
    permissions.require(permissions.is_writer(user), "only advisors and programme managers interview")
    assessment = _get(user, assessment_id)
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
            "post_url": f"/assessment/{assessment.pk}/answer/?respondent={chosen.pk}",
            "result": services.current_result(assessment),
        },
    )


def answer_response(request, fw, question, save) -> HttpResponse:
    """Parse one question's form, save it, answer with the `_saved.html` indicator (422 on a bad answer)."""
    try:
        value = parse_question(question, request.POST)
        save({question.id: value})
    except AnswerError as exc:
        return render(
            request,
            "assessment/_saved.html",
            {"error": answer_error_text(exc, fw), "qid": question.id},
            status=422,
        )
    except services.InvalidData as exc:
        return render(request, "assessment/_saved.html", {"error": str(exc), "qid": question.id}, status=422)
    return render(
        request, "assessment/_saved.html", {"saved": True, "answered": value is not None, "qid": question.id}
    )


@assessment_view
def answer(request, assessment_id: int):
    if (resp := post_only(request)) is not None:
        return resp
    user = request.user
    permissions.require(permissions.is_writer(user), "only advisors and programme managers save answers")
    assessment = _get(user, assessment_id)
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


@assessment_view
def respondent_new(request, assessment_id: int):
    if (resp := post_only(request)) is not None:
        return resp
    try:
        r = services.add_respondent(
            request.user, assessment_id, request.POST.get("name", ""), request.POST.get("role", "")
        )
    except services.InvalidData as exc:
        messages.error(request, str(exc))
        return redirect("assessment:interview", assessment_id)
    return redirect(f"/assessment/{assessment_id}/interview/?respondent={r.pk}")


@assessment_view
def complete(request, assessment_id: int):
    if (resp := post_only(request)) is not None:
        return resp
    services.complete(request.user, assessment_id)
    messages.success(request, _("The assessment is completed and its result stored."))
    return redirect("assessment:detail", assessment_id)


@assessment_view
def consistency(request, assessment_id: int):
    assessment = _get(request.user, assessment_id)
    fw = services.framework_for(assessment)
    by = services.answers_by_respondent(assessment)
    names = {
        str(r.pk): str(r) for r in Respondent.objects.for_user(request.user).filter(assessment=assessment)
    }
    view = consistency_view(fw, by)
    rows = [
        {
            "id": qid,
            "text": tr(fw.questions[qid].text),
            "disagreement": c.disagreement,
            "answers": [(names.get(r, r), v) for r, v in c.answers.items()],
        }
        for qid, c in view.items()
    ]
    rows.sort(key=lambda r: -(r["disagreement"] or 0))
    return render(
        request,
        "assessment/consistency.html",
        {"a": assessment, "company": assessment.company, "rows": rows, "respondents": names.values()},
    )


@assessment_view
def link_new(request, assessment_id: int):
    if (resp := post_only(request)) is not None:
        return resp
    contact_id = request.POST.get("contact", "")
    email = request.POST.get("email", "").strip()
    try:
        days = int(request.POST.get("days") or services.LINK_DAYS)
        recipient = (
            services.link_recipient(request.user, assessment_id, int(contact_id or 0) or None, email)
            if contact_id or email
            else None
        )  # checked before the link exists
        link, token = services.create_link(request.user, assessment_id, days, request.POST.get("name", ""))
    except (ValueError, services.InvalidData) as exc:
        messages.error(request, str(exc))
        return redirect("assessment:detail", assessment_id)
    # The token exists only now (a hash is stored): show it once on the next page view, send it now.
    url = request.build_absolute_uri(f"/assessment/s/{token}/")
    request.session[f"assessment-link-{assessment_id}"] = url
    if recipient:
        address, contact = recipient
        try:
            services.send_link(request.user, link.pk, url, address, contact)
        except OSError as exc:  # SMTP down: the link still works and is shown once
            messages.error(
                request,
                _("The e-mail could not be sent (%(error)s); copy the link instead.") % {"error": exc},
            )
        else:
            messages.success(request, _("The link was e-mailed to %(to)s.") % {"to": address})
    return redirect("assessment:detail", assessment_id)


@assessment_view
def link_revoke(request, link_id: int):
    if (resp := post_only(request)) is not None:
        return resp
    link = services.revoke_link(request.user, link_id)
    messages.success(request, _("The link no longer works."))
    return redirect("assessment:detail", link.assessment_id)


@assessment_view
def follow_up(request, assessment_id: int):
    if (resp := post_only(request)) is not None:
        return resp
    try:
        follow = services.schedule_follow_up(
            request.user, assessment_id, int(request.POST.get("months") or services.FOLLOW_UP_MONTHS)
        )
    except (ValueError, services.InvalidData) as exc:
        messages.error(request, str(exc))
        return redirect("assessment:detail", assessment_id)
    messages.success(
        request,
        _("%(round)s planned for %(date)s; a reminder is e-mailed beforehand.")
        % {"round": follow.round, "date": follow.scheduled_for},
    )
    return redirect("assessment:detail", follow.pk)


@assessment_view
def compare_page(request, assessment_id: int):
    assessment = _get(request.user, assessment_id)
    compared = services.comparison(assessment)
    if compared is None:
        raise Http404
    base, comp = compared
    fw = services.framework_for(assessment)
    bands = {b.id: tr(b.label) for b in fw.bands}
    titles = {d.id: tr(d.title) for d in fw.dimensions}
    rows = [
        {
            "title": titles.get(c.id, c.id),
            **c.__dict__,
            "band_before": bands.get(c.band_before or "", ""),
            "band_after": bands.get(c.band_after or "", ""),
        }
        for c in [*comp.dimensions.values(), comp.overall]
    ]
    rows[-1]["title"] = _("Overall")
    labels = [titles[d] for d in comp.dimensions]
    chart = bars(
        labels,
        [
            Series(assessment.round, [c.after for c in comp.dimensions.values()]),
            Series(base.round, [c.before for c in comp.dimensions.values()]),
        ],
    )
    return render(
        request,
        "assessment/compare.html",
        {
            "a": assessment,
            "base": base,
            "company": assessment.company,
            "rows": rows,
            "chart": chart,
            "warnings": [warning_text(w, fw) for w in comp.warnings],
        },
    )


@assessment_view
def priorities(request, company_id: int):
    if (resp := post_only(request)) is not None:
        return resp
    ratings = {}
    for area in FocusArea.objects.all():
        raw = request.POST.get(f"p-{area.code}", "")
        ratings[area.code] = int(raw) if raw.isdigit() else None
    try:
        services.set_priorities(request.user, company_id, ratings)
    except services.InvalidData as exc:
        messages.error(request, str(exc))
    return redirect(_next(request, "/assessment/"))


def _date(raw: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise services.InvalidData({"due_date": f"{raw!r} is not a date YYYY-MM-DD"}) from None


@assessment_view
def plan_new(request, assessment_id: int):
    if (resp := post_only(request)) is not None:
        return resp
    assessment = _get(request.user, assessment_id)
    try:
        services.add_plan_item(
            request.user,
            assessment.company_id,
            {
                "measure": request.POST.get("measure", ""),
                "responsible_id": int(request.POST.get("responsible") or 0) or None,
                "due_date": _date(request.POST.get("due_date")),
                "offer_id": int(request.POST.get("offer") or 0) or None,
            },
            assessment.pk,
            request.POST.get("rules", ""),
        )
    except services.InvalidData as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Added to the action plan."))
    return redirect("assessment:detail", assessment.pk)


@assessment_view
def plan_update(request, item_id: int):
    if (resp := post_only(request)) is not None:
        return resp
    data = {"status": request.POST.get("status")}
    if "due_date" in request.POST:
        data["due_date"] = None
    try:
        if "due_date" in request.POST:
            data["due_date"] = _date(request.POST.get("due_date"))
        item = services.update_plan_item(request.user, item_id, data)
    except services.InvalidData as exc:
        messages.error(request, str(exc))
        item = ActionPlanItem.objects.for_user(request.user).get(pk=item_id)
    return redirect(
        _next(request, f"/assessment/{item.assessment_id}/" if item.assessment_id else "/assessment/")
    )
