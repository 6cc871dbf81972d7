"""The pages' input: question forms (framework questions → template context, posted fields → answers)
and the small forms of the assessment pages (start, respondents, links, follow-ups, priorities, plan).

One small form per question posts on change (HTMX autosave). Parsing only turns form fields into the
pure core's answer shapes; whether an answer fits its scale is decided by the core (AnswerError names
the question), so a hand-made request with a value outside a scale is refused server-side too.

The page forms only turn posted text into values; the services check them and word their refusals
(InvalidData), so a page and the API refuse the same input with the same message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spets.assessment.errors import AnswerError, InvalidAnswer
from spets.assessment.frameworks import FRAMEWORKS, Framework, Question
from spets.assessment.models import Mode
from spets.assessment.texts import framework_name, tr


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


def question_view(q: Question, value: Any) -> dict[str, Any]:
    """Everything `_question.html` needs to draw one question with its current answer."""
    view: dict[str, Any] = {
        "id": q.id,
        "dom": dom_id(q.id),
        "type": q.type,
        "text": tr(q.text),
        "help": tr(q.help),
        "answered": value is not None,
        "value": value,
        "unit": q.unit or "",
        "scored": q.scored,
    }
    if q.type == "checkbox":
        chosen = set(value or [])
        view["options"] = [{"id": o.id, "label": tr(o.label), "checked": o.id in chosen} for o in q.options]
    elif q.type == "checkbox_matrix":
        view["columns"] = [{"id": c.id, "label": tr(c.label)} for c in q.columns]
        view["rows"] = [
            {
                "label": tr(o.label),
                "cells": [
                    {"column": c.id, "option": o.id, "checked": o.id in ((value or {}).get(c.id) or [])}
                    for c in q.columns
                ],
            }
            for o in q.options
        ]
    elif q.type in ("scale", "scale_items"):
        assert q.scale is not None
        levels = [{"id": str(lv.id), "label": tr(lv.label)} for lv in q.scale.levels]
        view["levels"] = levels
        if q.type == "scale":
            view["current"] = "" if value is None else str(value)
        else:
            view["items"] = [
                {
                    "id": i.id,
                    "label": tr(i.label),
                    "current": "" if (value or {}).get(i.id) is None else str(value[i.id]),
                }
                for i in q.items
            ]
    elif q.type == "single_choice":
        view["options"] = [{"id": o.id, "label": tr(o.label), "checked": o.id == value} for o in q.options]
    else:
        view["min"] = None if q.minimum is None else float(q.minimum)
        view["max"] = None if q.maximum is None else float(q.maximum)
        view["current"] = "" if value is None else value
    return view


def framework_view(fw: Framework, answers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": d.id,
            "title": tr(d.title),
            "optional": d.optional,
            "questions": [question_view(q, answers.get(q.id)) for q in d.questions],
        }
        for d in fw.dimensions
    ]


def framework_choices() -> list[tuple[str, str]]:
    """The registered frameworks (frameworks.FRAMEWORKS) by file name, named in the active language."""
    return [(name, framework_name(fid)) for name, fid in FRAMEWORKS.items()]


class NewAssessmentForm(forms.Form):
    company = forms.CharField(label=_("Company (organisation number)"), max_length=20)
    framework = forms.ChoiceField(label=_("Framework"), choices=framework_choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    respondent_name = forms.CharField(label=_("Respondent"), max_length=200, required=False)
    respondent_role = forms.CharField(label=_("Respondent's role"), max_length=200, required=False)


class RespondentForm(forms.Form):
    name = forms.CharField(max_length=200, required=False)  # the service names a missing name
    role = forms.CharField(max_length=200, required=False)


class LinkForm(forms.Form):
    """A new self-assessment link, optionally e-mailed to a contact or to a typed address."""

    days = forms.IntegerField(required=False)  # empty: services.LINK_DAYS; the service checks the range
    name = forms.CharField(max_length=200, required=False)
    contact = forms.IntegerField(required=False)
    email = forms.CharField(max_length=254, required=False)  # the service checks the address


class FollowUpForm(forms.Form):
    months = forms.IntegerField(required=False)  # empty: services.FOLLOW_UP_MONTHS


class PrioritiesForm(forms.Form):
    """One rating 1–5 per focus area (field ``p-<code>``); empty removes the rating."""

    def __init__(self, *args, focus_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        for area in focus_areas:
            self.fields[f"p-{area.code}"] = forms.IntegerField(required=False, label=area.code)

    def ratings(self) -> dict[str, int | None]:
        return {name.removeprefix("p-"): value for name, value in self.cleaned_data.items()}


class PlanItemForm(forms.Form):
    measure = forms.CharField(max_length=300, required=False)  # the service names a missing measure
    responsible = forms.IntegerField(required=False)
    due_date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    offer = forms.IntegerField(required=False)
    rules = forms.CharField(max_length=200, required=False)


class PlanUpdateForm(forms.Form):
    status = forms.CharField(max_length=20, required=False)  # the service knows the statuses
    due_date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])


def errors_text(form: forms.Form) -> str:
    """A form's errors as one line ("field: message; …"), like a service's InvalidData."""
    return "; ".join(
        f"{field}: {message}" if field != "__all__" else str(message)
        for field, messages in form.errors.items()
        for message in messages
    )
