"""What the indicators need beyond the register: outcomes an advisor records for a company (a new product, an
innovation, cooperation with a research institution, a private investment), and the free-text sections of a
period's progress report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can
from spets.core.scoping import ScopedManager


class OutcomeKind(models.TextChoices):
    """Kinds of outcome the result indicators count (data/indicators-v1.yaml names them per indicator)."""

    NEW_TO_MARKET = "new_to_market", _("Product new to the market")
    NEW_TO_FIRM = "new_to_firm", _("Product new to the firm")
    PRODUCT_INNOVATION = "product_innovation", _("Product innovation introduced")
    PROCESS_INNOVATION = "process_innovation", _("Process innovation introduced")
    MARKETING_INNOVATION = "marketing_innovation", _("Marketing innovation introduced")
    ORGANISATIONAL_INNOVATION = "organisational_innovation", _("Organisational innovation introduced")
    RESEARCH_COOPERATION = "research_cooperation", _("Cooperation with a research institution")
    HIGH_DIGITAL_INTENSITY = "high_digital_intensity", _("High digital intensity reached")
    PRIVATE_INVESTMENT = "private_investment", _("Private investment matching the support")


AMOUNT_KINDS = (OutcomeKind.PRIVATE_INVESTMENT,)  # kinds that need an amount


class CompanyOutcome(models.Model):
    """An outcome of support at one company, recorded by an advisor with its evidence."""

    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="programme_outcomes",
        verbose_name=_("company"),
    )
    kind = models.CharField(_("outcome"), max_length=32, choices=OutcomeKind.choices)
    date = models.DateField(_("date"))
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    evidence = models.TextField(_("evidence"))
    amount_sek = models.DecimalField(
        _("amount (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField(default=False)

    # Programme records about a company: programme staff who read records; company users see none.
    objects = ScopedManager(readers=Can.READ_RECORDS)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("outcome")
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date}"


class SectionKey(models.TextChoices):
    SUMMARY = "summary", _("Summary")
    PROGRESS = "progress", _("Progress against the plan")
    DEVIATIONS = "deviations", _("Deviations and measures")
    HORIZONTAL = "horizontal", _("Horizontal principles")
    NEXT = "next", _("Next period")


class ReportSection(models.Model):
    """A free-text section of a period's progress report. `version` is checked on every save (optimistic
    locking): a stale save is refused and says who changed the text meanwhile."""

    period = models.ForeignKey("programme.ReportingPeriod", on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("section"), max_length=16, choices=SectionKey.choices)
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "key"], name="one_section_per_key")]

    def __str__(self) -> str:
        return f"{self.period} · {self.get_key_display()}"
