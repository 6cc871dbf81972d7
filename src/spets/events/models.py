"""Events: workshops, seminars, study visits and cohort meetings of one organisation, and who takes part.

An event is open to programme staff of every organisation (the programme's events cross county lines);
a company user sees the events their company is registered for. A registration names a company and one
of its contacts, so it is read with the contacts (Can.SEE_CONTACTS) or by the company's own user.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spets.companies.models import ActivityType
from spets.core.policy import Can
from spets.core.scoping import ScopedManager


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    SEMINAR = "seminar", _("Seminar")
    STUDY_VISIT = "study_visit", _("Study visit")
    COHORT_MEETING = "cohort_meeting", _("Cohort meeting")


# How attendance counts as support in the register: the activity type the programme's indicator
# mapping knows (workshops and cohort meetings are workshops; a seminar is training; a study visit is an
# event, the register's type for visits and matchmaking).
ACTIVITY_TYPE = {
    EventKind.WORKSHOP: ActivityType.WORKSHOP,
    EventKind.SEMINAR: ActivityType.TRAINING,
    EventKind.STUDY_VISIT: ActivityType.EVENT,
    EventKind.COHORT_MEETING: ActivityType.WORKSHOP,
}


class Event(models.Model):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300)
    capacity = models.PositiveIntegerField(_("capacity (participants)"))
    cohort_id = models.PositiveIntegerField(null=True, blank=True)  # matching.Cohort, for cohort meetings
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    synthetic = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(readers=Can.READ_COMPANY_DATA, company="registrations__company")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def hours(self) -> Decimal:
        """The event's length in hours (the default attendance per participant)."""
        return (Decimal((self.ends_at - self.starts_at).total_seconds()) / 3600).quantize(Decimal("0.01"))


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


class Channel(models.TextChoices):
    ADVISOR = "advisor", _("By an advisor")
    LINK = "link", _("Through the invitation link")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey("companies.Contact", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    channel = models.CharField(_("how registered"), max_length=8, choices=Channel.choices)
    registered_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    queued_at = models.DateTimeField()  # the waiting list's order: when the place was asked for
    attended = models.BooleanField(_("attended"), null=True, blank=True)  # None: not marked yet
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, null=True, blank=True)
    # The support activity attendance wrote in the register (one per company and event).
    activity = models.ForeignKey(
        "companies.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(readers=Can.SEE_CONTACTS, company="company")

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One row per person and event: registering again after cancelling reopens the row.
            models.UniqueConstraint(fields=["event", "contact"], name="one_registration_per_contact"),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.contact_id} ({self.status})"
