"""Assessment services: every change to assessments, with permissions, one transaction and an audit entry.

Functions take ids, the acting user and plain values (a base URL string for links in e-mails, never a
request). They raise `spets.core.errors` (Forbidden → 403, InvalidData → 422) and let a lookup outside
the user's scope raise DoesNotExist (→ 404); refused answers raise the pure core's AnswerError naming
every question (422). Pages and the API translate these in one place each.

- `assessments`: read one, start one, respondents, the result so far, complete, T0 → T1 comparison
- `answers`: validate and store answers, one row per respondent × question
- `links`: self-assessment links (create, e-mail, resolve, answer, submit, revoke)
- `follow_up`: T1/T2 follow-ups and their reminders
- `action_plan`: the company's priorities and action plan
"""

from spets.assessment.errors import AnswerError
from spets.assessment.services.action_plan import (
    add_plan_item,
    plan_for,
    priorities,
    set_priorities,
    update_plan_item,
)
from spets.assessment.services.answers import save_answers, store_answers
from spets.assessment.services.assessments import (
    add_respondent,
    answers_by_respondent,
    combined_answers,
    comparison,
    complete,
    create_assessment,
    current_result,
    framework_for,
    readable_assessment,
    store_result,
    writable_assessment,
)
from spets.assessment.services.follow_up import (
    FOLLOW_UP_MONTHS,
    REMINDER_LEAD_DAYS,
    due_for_reminder,
    schedule_follow_up,
    send_reminders,
)
from spets.assessment.services.links import (
    LINK_DAYS,
    LinkNotFound,
    create_link,
    link_recipient,
    resolve_link,
    revoke_link,
    save_link_answers,
    self_assessment_url,
    send_link,
    submit_link,
)
from spets.core.errors import Forbidden, InvalidData

__all__ = [
    "FOLLOW_UP_MONTHS",
    "LINK_DAYS",
    "REMINDER_LEAD_DAYS",
    "AnswerError",
    "Forbidden",
    "InvalidData",
    "LinkNotFound",
    "add_plan_item",
    "plan_for",
    "add_respondent",
    "answers_by_respondent",
    "combined_answers",
    "comparison",
    "complete",
    "create_assessment",
    "create_link",
    "current_result",
    "due_for_reminder",
    "framework_for",
    "link_recipient",
    "priorities",
    "readable_assessment",
    "resolve_link",
    "revoke_link",
    "save_answers",
    "save_link_answers",
    "schedule_follow_up",
    "self_assessment_url",
    "send_link",
    "send_reminders",
    "set_priorities",
    "store_answers",
    "store_result",
    "submit_link",
    "update_plan_item",
    "writable_assessment",
]
