"""The project as the funder sees it: period, co-beneficiary organisations with budget lines, targets per
indicator (and county), reporting periods, and how the register's activity types map to support types."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    """The ERDF project (one today; the model allows a successor project beside it)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    # Flat-rate indirect costs as a share of eligible staff costs (e.g. 15 %), set per project.
    indirect_rate_percent = models.DecimalField(
        _("flat-rate indirect costs (%)"), max_digits=5, decimal_places=2
    )
    # Companies' own time counts as in-kind co-financing at this standard rate.
    inkind_rate_sek = models.DecimalField(_("in-kind rate (SEK per hour)"), max_digits=8, decimal_places=2)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("project")

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """A co-beneficiary organisation in the project (the lead beneficiary among them)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    lead = models.BooleanField(_("lead beneficiary"), default=False)
    # The organisation's project leader approves its monthly time reports (part C, time and cost).
    project_leader = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project leader"),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "organisation"], name="one_participation")]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)


class BudgetLineKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    EXTERNAL = "external", _("External services")
    TRAVEL = "travel", _("Travel")
    INDIRECT = "indirect", _("Flat-rate indirect costs")


class BudgetLine(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(_("budget line"), max_length=16, choices=BudgetLineKind.choices)
    amount_sek = models.DecimalField(_("budget (SEK)"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "kind"], name="one_line_per_kind")]


class Target(models.Model):
    """A target value for an indicator, for the whole project (county empty) or one county."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=16)
    county = models.ForeignKey(
        "geo.County", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "indicator", "county"], name="one_target")]


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Half-year progress report")
    FINAL = "final", _("Final report")


class ReportingPeriod(models.Model):
    """A reporting period (code such as 2026H1). Closing it freezes the reported figures (`snapshot`), so
    recomputing it after later edits gives what was reported."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="periods")
    code = models.CharField(_("period"), max_length=16)
    kind = models.CharField(
        _("kind"), max_length=16, choices=PeriodKind.choices, default=PeriodKind.HALF_YEAR
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking of the free-text sections

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="one_period_code")]
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class SupportType(models.TextChoices):
    ADVICE = "advice", _("Advice")
    WORKSHOP = "workshop", _("Workshop")
    STUDY_VISIT = "study_visit", _("Study visit")
    MATCHMAKING = "matchmaking", _("Matchmaking")
    ANALYSIS = "analysis", _("Analysis")
    GRANT = "grant", _("Grant")


class SupportTypeMapping(models.Model):
    """How one of the register's activity types counts as support in this project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="support_types")
    activity_type = models.CharField(_("activity type"), max_length=24)
    support_type = models.CharField(_("support type"), max_length=16, choices=SupportType.choices)
    financial = models.BooleanField(_("financial support"), default=False)  # CO01 \ CO04: grants

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "activity_type"], name="one_mapping_per_activity_type")
        ]
