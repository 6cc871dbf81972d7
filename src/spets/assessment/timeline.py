"""The assessment's part in the register's company pages (hooks of `spets.companies.extensions`, registered
in AssessmentConfig.ready()):

- `timeline_entries`: each assessment of the company the user may see, one entry dated when it was
  completed (else when it was started), linking to it;
- `history_groups`: the change-history entries of one assessment — its creation, respondents, links, the
  answer saves (one entry per autosave: a self-assessment leaves about 60) and its completion — as one line
  with a link to the assessment and what happened in words.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spets.assessment.models import Assessment, Mode, Respondent, SelfAssessmentLink, Status
from spets.companies.extensions import HistoryGroup, TimelineEntry

ASSESSMENT = "assessment.Assessment"
# Entries about an assessment's parts, and the model that says which assessment a part belongs to.
PARTS = {"assessment.Respondent": Respondent, "assessment.SelfAssessmentLink": SelfAssessmentLink}


def title(assessment: Assessment) -> str:
    """ "Self-assessment T0 (dma-sme)": mode, round and framework."""
    return _("%(mode)s %(round)s (%(framework)s)") % {
        "mode": assessment.get_mode_display(),
        "round": assessment.round,
        "framework": assessment.framework_id,
    }


def timeline_entries(user, company_id: int) -> list[TimelineEntry]:
    """The company's assessments the user may see (one query; none for roles without records)."""
    rows = (
        Assessment.objects.for_user(user)
        .filter(company_id=company_id)
        .select_related("organisation")
        .only(
            "id",
            "framework_id",
            "round",
            "mode",
            "status",
            "scheduled_for",
            "completed_at",
            "created_at",
            "organisation__name",
        )
    )
    entries = []
    for a in rows:
        if a.status == Status.COMPLETED and a.completed_at:
            when, state = a.completed_at, _("completed")
        elif a.status == Status.PLANNED and a.scheduled_for:
            when, state = a.scheduled_for, _("planned")
        else:
            when, state = a.created_at, _("started")
        entries.append(
            TimelineEntry(
                date=when,
                kind="assessment",
                title=f"{title(a)} · {state}",
                url=reverse("assessment:detail", args=[a.pk]),
                organisation=a.organisation.name,
            )
        )
    return entries


def _assessment_of(user, entries: list) -> dict[int, int]:
    """{audit entry id: assessment id} for the entries about an assessment or one of its parts (a query per
    kind of part present)."""
    found: dict[int, int] = {}
    for entry in entries:
        if entry.object_type == ASSESSMENT and entry.object_id.isdigit():
            found[entry.pk] = int(entry.object_id)
    for object_type, model in PARTS.items():
        ids = {int(e.object_id) for e in entries if e.object_type == object_type and e.object_id.isdigit()}
        if not ids:
            continue
        owner = dict(model.objects.for_user(user).filter(pk__in=ids).values_list("pk", "assessment_id"))
        for entry in entries:
            if entry.object_type == object_type and entry.object_id.isdigit():
                if int(entry.object_id) in owner:
                    found[entry.pk] = owner[int(entry.object_id)]
    return found


def _summary(entries: list) -> str:
    """What happened to one assessment, in words: answers saved (each question once), links sent, done."""
    questions: set[str] = set()
    links_sent = 0
    completed = False
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        questions |= {key for key in changes if key.startswith("answer ")}
        completed |= entry.object_type == ASSESSMENT and changes.get("status") == Status.COMPLETED
        links_sent += entry.action == "send"
    parts = []
    if questions:
        parts.append(
            ngettext("%(count)s answer saved", "%(count)s answers saved", len(questions))
            % {"count": len(questions)}
        )
    if links_sent:
        parts.append(
            ngettext("%(count)s link sent", "%(count)s links sent", links_sent) % {"count": links_sent}
        )
    if completed:
        parts.append(_("completed"))
    return " · ".join(parts)


def history_groups(user, entries: list) -> dict[int, HistoryGroup]:
    """One history line per assessment the user may see (entries about others stay as they are)."""
    owners = _assessment_of(
        user, [e for e in entries if e.object_type == ASSESSMENT or e.object_type in PARTS]
    )
    if not owners:
        return {}
    assessments = {
        a.pk: a
        for a in Assessment.objects.for_user(user)
        .filter(pk__in=set(owners.values()))
        .only("id", "framework_id", "round", "mode")
    }
    by_assessment: dict[int, list] = {}
    for entry in entries:
        if owners.get(entry.pk) in assessments:
            by_assessment.setdefault(owners[entry.pk], []).append(entry)
    groups = {}
    for pk, members in by_assessment.items():
        group = HistoryGroup(
            key=f"assessment:{pk}",
            title=title(assessments[pk]),
            url=reverse("assessment:detail", args=[pk]),
            summary=_summary(members),
            # Without a user: a self-assessment's answers came through its link; else the system (reminders).
            anonymous=_("the company (through its self-assessment link)")
            if assessments[pk].mode == Mode.SELF
            else "",
        )
        groups.update({entry.pk: group for entry in members})
    return groups
