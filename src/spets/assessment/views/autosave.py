"""One question's autosave, shared by the interview and the self-assessment: parse the question's form,
save it, answer with the `_saved.html` indicator (422 naming the question when the answer is refused)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from spets.assessment.errors import AnswerError
from spets.assessment.forms import parse_question
from spets.assessment.frameworks import Framework, Question
from spets.assessment.texts import answer_error_text
from spets.core.errors import InvalidData


def answer_response(
    request,
    fw: Framework,
    question: Question,
    save: Callable[[dict[str, Any]], Any],
    progress: Callable[[], dict[str, int]] | None = None,
) -> HttpResponse:
    """`progress` (the self-assessment's) gives the answered count after the save, swapped into the page's
    progress indicator out of band."""
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
    except InvalidData as exc:
        return render(request, "assessment/_saved.html", {"error": str(exc), "qid": question.id}, status=422)
    return render(
        request,
        "assessment/_saved.html",
        {
            "saved": True,
            "answered": value is not None,
            "qid": question.id,
            "progress": progress() if progress else None,
        },
    )
