"""The company's self-assessment through a link, without an account: /assessment/s/<token>/.

Swedish by default, English with ?lang=en. Any token that is unknown, tampered with, expired or
revoked gets the site's plain 404 page — the same answer whether or not a company is behind it.
"""

from __future__ import annotations

import functools

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from spets.assessment import services
from spets.assessment.forms import framework_view, tr
from spets.assessment.views import answer_response

LANGS = ("sv", "en")


def public_view(view):
    @never_cache
    @functools.wraps(view)
    def wrapper(request, token: str, *args, **kwargs):
        lang = request.GET.get("lang") if request.GET.get("lang") in LANGS else "sv"
        try:
            link = services.resolve_link(token)
        except services.LinkNotFound:
            raise Http404 from None
        with translation.override(lang):
            response = view(request, token, link, lang, *args, **kwargs)
            response["X-Robots-Tag"] = "noindex"
            response["Referrer-Policy"] = "same-origin"  # the token must not leak to other sites
            return response

    return wrapper


@public_view
def self_assessment(request, token: str, link, lang: str):
    assessment = link.assessment
    fw = services.framework_for(assessment)
    answers = services.answers_by_respondent(assessment).get(str(link.respondent_id), {})
    return render(
        request,
        "assessment/self_assessment.html",
        {
            "link": link,
            "company": assessment.company,
            "lang": lang,
            "other_lang": "en" if lang == "sv" else "sv",
            "fw_title": tr(fw.title, lang),
            "dimensions": framework_view(fw, answers, lang),
            "post_url": f"/assessment/s/{token}/answer/?lang={lang}",
            "token": token,
            "submitted": link.submitted_at is not None,
            "result": services.current_result(assessment) if link.submitted_at else None,
        },
    )


@public_view
def self_answer(request, token: str, link, lang: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    fw = services.framework_for(link.assessment)
    question = fw.questions.get(request.POST.get("question", ""))
    if question is None:
        raise Http404
    return answer_response(request, fw, question, lambda a: services.save_link_answers(token, a))


@public_view
def self_submit(request, token: str, link, lang: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.submit_link(token)
    except services.InvalidData:
        pass  # submitted twice (double click): the thank-you page is the answer either way
    return redirect(f"/assessment/s/{token}/?lang={lang}")
