"""Stored assessments: rounds (T0/T1/T2), respondents, one answer row per respondent × question, the
scored result stamped with framework and method, self-assessment links, company priorities and the
action plan.

Visibility (decided here, documented in docs/assessment-guide.md): assessment results are shared
programme-wide like master data — advisors, programme managers and viewers of every organisation see
them, so a company assessed in Gävle can be compared with one in Karlstad. Analysts see aggregates and
benchmarks only (no rows: their role lacks `Can.READ_RECORDS`; the dashboard aggregates
explicitly). A company user sees only their own company's assessments.
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spets.assessment.frameworks import FRAMEWORKS
from spets.core.policy import Can
from spets.core.scoping import ScopedManager


class Round(models.TextChoices):
    T0 = "T0", _("T0 (before support)")
    T1 = "T1", _("T1 (follow-up)")
    T2 = "T2", _("T2 (second follow-up)")


class Mode(models.TextChoices):
    INTERVIEW = "interview", _("Advisor-led interview")
    SELF = "self", _("Self-assessment")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class Assessment(models.Model):
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="assessments", verbose_name=_("company")
    )
    framework = models.CharField(_("framework"), max_length=40, choices=[(k, k) for k in FRAMEWORKS])
    framework_id = models.CharField(max_length=40)
    framework_version = models.PositiveSmallIntegerField()
    method_version = models.CharField(max_length=40)
    round = models.CharField(_("round"), max_length=2, choices=Round.choices, default=Round.T0)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.INTERVIEW)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS, db_index=True
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follows"),
    )
    scheduled_for = models.DateField(_("scheduled for"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Result JSON of spets.assessment.scoring.Result.to_dict(): stamped with framework id, version and
    # method version. Written only when the assessment is completed (never on autosave).
    result = models.JSONField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    objects = ScopedManager(readers=Can.READ_RECORDS, company="company")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assessment")
        indexes = [models.Index(fields=["framework_id", "status"]), models.Index(fields=["company", "round"])]

    def __str__(self) -> str:
        return f"{self.round} {self.framework_id} · {self.company_id}"

    @property
    def completed(self) -> bool:
        return self.status == Status.COMPLETED


class Respondent(models.Model):
    """A person who answers for the company in one assessment (several per company are normal)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)  # 0 = lead respondent: first in `combine`
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(via="assessment")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class Answer(models.Model):
    """One respondent's answer to one question. Saved with one upsert of its own row, so two
    respondents saving at the same time never overwrite each other."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=80)
    value = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(via="assessment")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["respondent", "question_id"], name="answer_once")]


class SelfAssessmentLink(models.Model):
    """An unguessable link for a company to answer without an account. Only a hash is stored."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="links")
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(via="assessment")

    class Meta:
        ordering = ["-created_at"]

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionPlanItem(models.Model):
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="action_plan", verbose_name=_("company")
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    measure = models.CharField(_("measure"), max_length=300)
    responsible = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    offer = models.ForeignKey(
        "companies.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offer"),
    )
    rules = models.CharField(max_length=200, blank=True)  # recommendation rule ids it came from
    updated_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField(default=False)

    objects = ScopedManager(readers=Can.READ_RECORDS, company="company")

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action plan item")


class CompanyPriority(models.Model):
    """How much the company itself cares about a focus area (1–5); weights the recommendations."""

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="+")
    focus_area = models.ForeignKey("core.FocusArea", on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField()
    updated_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(readers=Can.READ_RECORDS, company="company")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "focus_area"], name="priority_once"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="priority_1_to_5"),
        ]
