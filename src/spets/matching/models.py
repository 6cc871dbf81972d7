"""Cohorts of companies across county lines, their history and invitations; peer-learning consents."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can
from spets.core.scoping import ScopedManager


class CohortStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Cohort(models.Model):
    """A group of companies with a shared challenge that learn together, across county lines."""

    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("shared challenge"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CohortStatus.choices, default=CohortStatus.ACTIVE
    )
    companies = models.ManyToManyField(
        "companies.Company", through="CohortMember", related_name="cohorts", verbose_name=_("companies")
    )
    organisations = models.ManyToManyField(
        "core.Organisation", blank=True, related_name="cohorts", verbose_name=_("responsible organisations")
    )
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking
    synthetic = models.BooleanField(default=False)

    # Membership is a record about companies: advisors, viewers and programme managers read it.
    objects = ScopedManager(readers=Can.READ_RECORDS)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("cohort")

    def __str__(self) -> str:
        return self.name


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="+")
    locked = models.BooleanField(_("locked"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(via="cohort")

    class Meta:
        unique_together = [("cohort", "company")]
        ordering = ["cohort_id", "company__name", "company_id"]


class CohortEntry(models.Model):
    """The cohort's history in words: created, company added, moved, locked, removed, invited, renamed."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="entries")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=24)
    company = models.ForeignKey(
        "companies.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)

    objects = ScopedManager(via="cohort")

    class Meta:
        ordering = ["-at", "-id"]


class CohortInvitation(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey("companies.Contact", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")

    objects = ScopedManager(via="cohort")

    class Meta:
        ordering = ["-sent_at", "-id"]


class PeerConsent(models.Model):
    """A company's agreement to be matched with another company for peer learning (opt-in)."""

    company = models.OneToOneField(
        "companies.Company", on_delete=models.CASCADE, related_name="peer_consent", verbose_name=_("company")
    )
    consent_date = models.DateField(_("consent given on"))
    consent_how = models.CharField(_("how consent was given"), max_length=200)
    recorded_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField(default=False)

    objects = ScopedManager(readers=Can.READ_RECORDS, company="company")

    class Meta:
        verbose_name = _("peer-learning consent")
