"""Question forms: framework questions → template context, and posted form fields → answers.

One small form per question posts on change (HTMX autosave). Parsing only turns form fields into the
pure core's answer shapes; whether an answer fits its scale is decided by the core (AnswerError names
the question), so a hand-made request with a value outside a scale is refused server-side too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from spets.assessment.errors import AnswerError, InvalidAnswer
from spets.assessment.frameworks import Framework, Question
from spets.assessment.models import FRAMEWORKS, Mode


def tr(label: dict[str, str] | None, lang: str | None = None) -> str:
    """The label in the active language (Swedish when missing)."""
    if not label:
        return ""
    lang = (lang or get_language() or "sv")[:2]
    return label.get(lang) or label.get("sv") or next(iter(label.values()))


def dom_id(question_id: str) -> str:
    return "q-" + question_id.replace(".", "-").replace("_", "-")


def _level_id(q: Question, raw: str) -> Any:
    """Map a posted string to the scale level id (int or text); unknown values pass through unchanged
    so the core can name them in its error."""
    assert q.scale is not None
    for level in q.scale.levels:
        if str(level.id) == raw:
            return level.id
    try:
        return int(raw)
    except ValueError:
        return raw


def _number(q: Question, raw: str) -> float | int | None:
    raw = raw.strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    if raw == "":
        return None
    try:
        number = float(raw)
    except ValueError:
        raise AnswerError(
            [(q.id, InvalidAnswer("not_a_number", f"{raw!r} is not a number", value=raw))]
        ) from None
    return int(number) if number.is_integer() else number


def parse_question(q: Question, data) -> Any:
    """Answer value from the posted fields of one question's form (None = unanswered)."""
    if data.get("clear"):
        return None
    if q.type == "checkbox":
        return data.getlist("value")
    if q.type == "checkbox_matrix":
        return {c.id: data.getlist(c.id) for c in q.columns}
    if q.type == "scale":
        raw = data.get("value", "")
        return None if raw == "" else _level_id(q, raw)
    if q.type == "scale_items":
        items = {i.id: data.get(i.id, "") for i in q.items}
        value = {k: _level_id(q, v) for k, v in items.items() if v != ""}
        return value or None
    if q.type == "single_choice":
        return data.get("value") or None
    return _number(q, data.get("value", ""))


def question_view(q: Question, value: Any, lang: str | None = None) -> dict[str, Any]:
    """Everything `_question.html` needs to draw one question with its current answer."""
    view: dict[str, Any] = {
        "id": q.id,
        "dom": dom_id(q.id),
        "type": q.type,
        "text": tr(q.text, lang),
        "help": tr(q.help, lang),
        "answered": value is not None,
        "value": value,
        "unit": q.unit or "",
        "scored": q.scored,
    }
    if q.type == "checkbox":
        chosen = set(value or [])
        view["options"] = [
            {"id": o.id, "label": tr(o.label, lang), "checked": o.id in chosen} for o in q.options
        ]
    elif q.type == "checkbox_matrix":
        view["columns"] = [{"id": c.id, "label": tr(c.label, lang)} for c in q.columns]
        view["rows"] = [
            {
                "label": tr(o.label, lang),
                "cells": [
                    {"column": c.id, "option": o.id, "checked": o.id in ((value or {}).get(c.id) or [])}
                    for c in q.columns
                ],
            }
            for o in q.options
        ]
    elif q.type in ("scale", "scale_items"):
        assert q.scale is not None
        levels = [{"id": str(lv.id), "label": tr(lv.label, lang)} for lv in q.scale.levels]
        view["levels"] = levels
        if q.type == "scale":
            view["current"] = "" if value is None else str(value)
        else:
            view["items"] = [
                {
                    "id": i.id,
                    "label": tr(i.label, lang),
                    "current": "" if (value or {}).get(i.id) is None else str(value[i.id]),
                }
                for i in q.items
            ]
    elif q.type == "single_choice":
        view["options"] = [
            {"id": o.id, "label": tr(o.label, lang), "checked": o.id == value} for o in q.options
        ]
    else:
        view["min"] = None if q.minimum is None else float(q.minimum)
        view["max"] = None if q.maximum is None else float(q.maximum)
        view["current"] = "" if value is None else value
    return view


def framework_view(fw: Framework, answers: dict[str, Any], lang: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "id": d.id,
            "title": tr(d.title, lang),
            "optional": d.optional,
            "questions": [question_view(q, answers.get(q.id), lang) for q in d.questions],
        }
        for d in fw.dimensions
    ]


class NewAssessmentForm(forms.Form):
    company = forms.CharField(label=_("Company (organisation number)"), max_length=20)
    framework = forms.ChoiceField(
        label=_("Framework"),
        choices=[
            ("dma-sme-v1", _("Digital maturity (DMA-compatible)")),
            ("spets-profile-v1", _("Spets transformation profile")),
        ],
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    respondent_name = forms.CharField(label=_("Respondent"), max_length=200, required=False)
    respondent_role = forms.CharField(label=_("Respondent's role"), max_length=200, required=False)

    def clean_framework(self):
        value = self.cleaned_data["framework"]
        if value not in FRAMEWORKS:
            raise forms.ValidationError(_("Unknown framework."))
        return value
