"""The company's self-assessment through a link, without an account: /assessment/s/<token>/.

While answering, the page shows how much is answered and about how long the rest takes. Once submitted,
the same link shows the company its own result — every dimension with status and share answered, the
radar chart, "preliminary" instead of a band on too few answers — who asked for the assessment and whom
to contact, and the report as PDF (/assessment/s/<token>/report.pdf).

Swedish by default, English with ?lang=en. Any token that is unknown, tampered with, expired or
revoked gets the site's plain 404 page — the same answer whether or not a company is behind it.
"""

from __future__ import annotations

import functools

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from spets.assessment import presenters, services
from spets.assessment.forms import framework_view
from spets.assessment.pdf import render_report
from spets.assessment.texts import tr
from spets.assessment.views.autosave import answer_response
from spets.core.demo import demo_loaded
from spets.core.errors import InvalidData
from spets.core.i18n import language_override, requested_language


def public_view(view):
    """Resolve the link (404 when it does not work) and render in the language the query asks for
    (Swedish by default, whatever the browser's); never cached, never indexed, no referrer off-site."""

    @never_cache
    @functools.wraps(view)
    def wrapper(request, token: str, *args, **kwargs):
        lang = requested_language(request.GET, default="sv")
        try:
            link = services.resolve_link(token)
        except services.LinkNotFound:
            raise Http404 from None
        with language_override(lang):
            response = view(request, token, link, lang, *args, **kwargs)
            response["X-Robots-Tag"] = "noindex"
            response["Referrer-Policy"] = "same-origin"  # the token must not leak to other sites
            return response

    return wrapper


MINUTES_PER_QUESTION = 0.5  # the time estimate: about half a minute a question (measured on the demo)


def progress(dimensions: list[dict]) -> dict[str, int]:
    """How far the respondent has come: questions answered, in all, and about how many minutes are left."""
    questions = [q for d in dimensions for q in d["questions"]]
    answered = sum(1 for q in questions if q["answered"])
    left = len(questions) - answered
    return {
        "answered": answered,
        "total": len(questions),
        "minutes_left": max(1, round(left * MINUTES_PER_QUESTION)) if left else 0,
        "minutes_total": max(1, round(len(questions) * MINUTES_PER_QUESTION)),
    }


def _own_answers(link) -> dict:
    return services.answers_by_respondent(link.assessment).get(str(link.respondent_id), {})


@public_view
def self_assessment(request, token: str, link, lang: str):
    assessment = link.assessment
    fw = services.framework_for(assessment)
    dimensions = framework_view(fw, _own_answers(link))
    submitted = link.submitted_at is not None
    context = {
        "link": link,
        "a": assessment,
        "company": assessment.company,
        "lang": lang,
        "other_lang": "en" if lang == "sv" else "sv",
        "fw_title": tr(fw.title),
        "dimensions": dimensions,
        "progress": progress(dimensions),
        "post_url": f"{reverse('assessment:self_answer', args=[token])}?lang={lang}",
        "token": token,
        "submitted": submitted,
        "asked_by": assessment.organisation,
        "advisor": link.created_by,
    }
    if submitted:  # the company's own result: the same figures as the advisor's page
        context.update(presenters.result_context(assessment))
        context["a"] = assessment
    return render(request, "assessment/self_assessment.html", context)


@public_view
def self_report(request, token: str, link, lang: str):
    """The company's report as PDF, once the answers are submitted (404 before: nothing to report yet)."""
    if link.submitted_at is None:
        raise Http404
    assessment = link.assessment
    synthetic = assessment.synthetic or assessment.company.synthetic or demo_loaded()
    data = render_report(assessment, presenters.result_context(assessment), [], synthetic)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="spets-assessment-{assessment.round}-{lang}.pdf"'
    return response


@public_view
@require_POST
def self_answer(request, token: str, link, lang: str):
    fw = services.framework_for(link.assessment)
    question = fw.questions.get(request.POST.get("question", ""))
    if question is None:
        raise Http404
    return answer_response(
        request,
        fw,
        question,
        lambda a: services.save_link_answers(token, a),
        progress=lambda: progress(framework_view(fw, _own_answers(link))),
    )


@public_view
@require_POST
def self_submit(request, token: str, link, lang: str):
    try:
        services.submit_link(token)
    except InvalidData:
        pass  # submitted twice (double click): the thank-you page is the answer either way
    return redirect(f"{reverse('assessment:self', args=[token])}?lang={lang}")
