"""The company's self-assessment through a link, without an account: /assessment/s/<token>/.

Swedish by default, English with ?lang=en. Any token that is unknown, tampered with, expired or
revoked gets the site's plain 404 page — the same answer whether or not a company is behind it.
"""

from __future__ import annotations

import functools

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from spets.assessment import services
from spets.assessment.forms import framework_view
from spets.assessment.texts import tr
from spets.assessment.views.autosave import answer_response
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
            "fw_title": tr(fw.title),
            "dimensions": framework_view(fw, answers),
            "post_url": f"{reverse('assessment:self_answer', args=[token])}?lang={lang}",
            "token": token,
            "submitted": link.submitted_at is not None,
            "result": services.current_result(assessment) if link.submitted_at else None,
        },
    )


@public_view
@require_POST
def self_answer(request, token: str, link, lang: str):
    fw = services.framework_for(link.assessment)
    question = fw.questions.get(request.POST.get("question", ""))
    if question is None:
        raise Http404
    return answer_response(request, fw, question, lambda a: services.save_link_answers(token, a))


@public_view
@require_POST
def self_submit(request, token: str, link, lang: str):
    try:
        services.submit_link(token)
    except InvalidData:
        pass  # submitted twice (double click): the thank-you page is the answer either way
    return redirect(f"{reverse('assessment:self', args=[token])}?lang={lang}")
