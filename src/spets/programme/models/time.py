"""Time and cost: salaries, other project time, approved months, audited corrections and the cost entries
(external services, travel) of each participating organisation.

A person's month = the register's activity hours (ActivityAdvisor rows of activities dated in the month,
read-only here) + other project time entered here (`TimeEntry`) + corrections made after approval.
Approving a month (`MonthApproval`) freezes its hours and salaries in `snapshot`; after that they change
only through a `Correction` (audited), and the register refuses new activity hours in that month.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Salary(models.Model):
    """A person's monthly salary from a date on (the first of a month). Staff cost per hour is
    monthly salary × 12 / 1,720 (spets.programme.costs.hourly_rate)."""

    person = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    monthly_salary_sek = models.DecimalField(_("monthly salary (SEK)"), max_digits=10, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    set_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "valid_from"], name="one_salary_per_date")]
        ordering = ["person", "-valid_from"]


class TimeKind(models.TextChoices):
    """Project time outside the register's activities."""

    ADMINISTRATION = "administration", _("Administration")
    EVENT = "event", _("Events")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other project work")


class CorrectionKind(models.TextChoices):
    ACTIVITY = "activity", _("Activity hours")
    ADMINISTRATION = "administration", _("Administration")
    EVENT = "event", _("Events")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other project work")


class TimeEntry(models.Model):
    """Other project time of one person on one day (administration, events, travel, other work)."""

    participant = models.ForeignKey(
        "programme.Participant", on_delete=models.PROTECT, related_name="time_entries"
    )
    person = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=TimeKind.choices)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["person", "date"])]


class MonthApproval(models.Model):
    """The organisation's project leader (or a programme manager) approved the organisation's time of one
    month. `snapshot` holds what was approved, per person id: activity hours, other hours by kind and the
    monthly salary then in force, so the approved month reads the same after later edits."""

    participant = models.ForeignKey(
        "programme.Participant", on_delete=models.PROTECT, related_name="approved_months"
    )
    month = models.DateField(_("month"))  # the first day of the month
    approved_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved"))
    snapshot = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "month"], name="one_approval_per_month")
        ]
        ordering = ["month"]


class Correction(models.Model):
    """A change to an approved month's hours: a signed number of hours, why, who and when (audited)."""

    participant = models.ForeignKey("programme.Participant", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=16, choices=CorrectionKind.choices)
    hours_delta = models.DecimalField(_("hours (+/−)"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month", "created_at", "id"]
        indexes = [models.Index(fields=["person", "month"])]


class ExpenseKind(models.TextChoices):
    """Cost entries for the budget lines that are not staff time (indirect costs are a flat rate)."""

    EXTERNAL = "external", _("External services")
    TRAVEL = "travel", _("Travel")


class Expense(models.Model):
    """A cost of the organisation in the project: an external service or travel (amount in SEK, excl. VAT
    when the organisation can deduct it)."""

    participant = models.ForeignKey(
        "programme.Participant", on_delete=models.PROTECT, related_name="expenses"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("budget line"), max_length=16, choices=ExpenseKind.choices)
    amount_sek = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=2)
    description = models.CharField(_("description"), max_length=300)
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
