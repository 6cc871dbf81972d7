"""The shared company register: companies keyed by organisationsnummer, workplaces and contacts."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from spets.core.dates import add_months
from spets.core.policy import Can
from spets.core.scoping import Bound, ScopedManager


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class CompanyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CEASED = "ceased", _("Ceased")


class Company(models.Model):
    orgnr = models.CharField(_("organisation number"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    legal_form = models.CharField(_("legal form"), max_length=60, blank=True)
    personal_data = models.BooleanField(
        default=False, help_text="Sole trader: the number is a personal identity number"
    )
    sni = models.ForeignKey(
        "geo.SniCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("primary SNI 2007 code"),
    )
    sni_codes = models.CharField(
        _("SNI 2007 codes"),
        max_length=200,
        blank=True,
        help_text="All the company's SNI codes, comma separated",
    )
    municipality = models.ForeignKey(
        "geo.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality (seat)")
    )
    employees = models.PositiveIntegerField(_("staff headcount"), null=True, blank=True)
    turnover_sek = models.BigIntegerField(_("net turnover (SEK)"), null=True, blank=True)
    balance_sheet_sek = models.BigIntegerField(_("balance sheet total (SEK)"), null=True, blank=True)
    size_class = models.CharField(_("size class"), max_length=10, choices=SizeClass.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name=_("parent company"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CompanyStatus.choices, default=CompanyStatus.ACTIVE
    )
    synthetic = models.BooleanField(default=False, help_text="Part of the synthetic demo data set")
    version = models.PositiveIntegerField(default=1)  # optimistic locking
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(readers=Can.READ_COMPANY_DATA, company="pk")

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        # Search filters: status and size class are combined with the FK filters (indexed by Django).
        indexes = [models.Index(fields=["status", "size_class"], name="company_status_size_idx")]

    def __str__(self) -> str:
        return self.name


class Workplace(models.Model):
    """Arbetsställe: a place where the company works, with its own municipality and industry."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="workplaces")
    name = models.CharField(max_length=200, blank=True)
    municipality = models.ForeignKey("geo.Municipality", on_delete=models.PROTECT, related_name="+")
    sni = models.ForeignKey("geo.SniCode", on_delete=models.PROTECT, related_name="+")
    employees = models.PositiveIntegerField(default=0)
    turnover_sek = models.BigIntegerField(default=0, help_text="Net turnover attributed to the workplace")
    synthetic = models.BooleanField(default=False)

    objects = ScopedManager(readers=Can.READ_COMPANY_DATA, company="company")

    class Meta:
        indexes = [models.Index(fields=["municipality", "sni"])]


class LawfulBasis(models.TextChoices):
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    CONSENT = "consent", _("Consent")


# How long a contact is kept after the last interaction unless a legal retention period applies.
DEFAULT_RETENTION_MONTHS = 36


class Contact(models.Model):
    """A person at a company. Personal data under GDPR: has a lawful basis and a retention clock.

    The clock: personal data may be kept until `retention_start + retention_months`; it is anonymised
    then, unless a legal retention period (`legal_hold_until`, e.g. records of an EU-funded project)
    still applies, in which case erasure waits until that date.
    """

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("role or title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=24, choices=LawfulBasis.choices, default=LawfulBasis.LEGITIMATE_INTEREST
    )
    interest_assessment = models.TextField(_("legitimate interest assessment"), blank=True)
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_source = models.CharField(
        _("consent source"),
        max_length=200,
        blank=True,
        help_text=_("How consent was given, e.g. signed form at a workshop"),
    )
    consent_scope = models.CharField(
        _("consent scope"), max_length=300, blank=True, help_text=_("What the person agreed to")
    )
    retention_start = models.DateField(
        _("retention clock starts"), default=datetime.date.today, help_text=_("Date of the last interaction")
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep for (months)"), default=DEFAULT_RETENTION_MONTHS
    )
    legal_hold_until = models.DateField(_("legal retention until"), null=True, blank=True)
    legal_hold_reason = models.CharField(_("legal retention reason"), max_length=300, blank=True)
    anonymised = models.BooleanField(_("anonymised"), default=False, db_index=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    synthetic = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(readers=Can.SEE_CONTACTS, company="company")

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        indexes = [models.Index(fields=["company", "anonymised"])]

    def __str__(self) -> str:
        return self.name

    @property
    def retention_ends(self) -> datetime.date:
        return add_months(self.retention_start, self.retention_months)

    def erasable_from(self) -> datetime.date:
        """First day the personal data may (and must) be erased."""
        ends = self.retention_ends
        if self.legal_hold_until and self.legal_hold_until >= ends:
            return self.legal_hold_until + datetime.timedelta(days=1)
        return ends


# --- support work: offers, activities, referrals ---------------------------------------------------


class ActivityType(models.TextChoices):
    ADVISORY_MEETING = "advisory_meeting", _("Advisory meeting")
    COMPANY_VISIT = "company_visit", _("Company visit")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    EVENT = "event", _("Event")
    ANALYSIS = "analysis", _("Analysis")


class Visibility(models.TextChoices):
    ORGANISATION = "organisation", _("Own organisation only")
    PROGRAMME = "programme", _("All programme organisations")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class Offer(models.Model):
    """A service in one organisation's catalogue. Empty eligibility lists mean: open to all."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="offers", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=24, choices=ActivityType.choices)
    focus_area = models.ForeignKey(
        "core.FocusArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("focus area"),
    )
    eligible_sizes = models.CharField(
        _("eligible size classes"),
        max_length=60,
        blank=True,
        help_text=_("Comma separated: micro, small, medium, large; empty = all"),
    )
    eligible_sni = models.CharField(
        _("eligible SNI codes"),
        max_length=200,
        blank=True,
        help_text=_("Comma separated SNI sections or code prefixes; empty = all"),
    )
    eligible_counties = models.CharField(
        _("eligible counties"),
        max_length=60,
        blank=True,
        help_text=_("Comma separated county codes; empty = all"),
    )
    typical_hours = models.DecimalField(
        _("typical hours"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    value_sek = models.PositiveIntegerField(
        _("value (SEK)"),
        null=True,
        blank=True,
        help_text=_("Value per company, for state-aid (de minimis) accounting"),
    )
    capacity = models.PositiveIntegerField(_("capacity (companies per year)"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    synthetic = models.BooleanField(default=False)

    objects = ScopedManager(readers=Can.READ_COMPANY_DATA)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("offer")

    def __str__(self) -> str:
        return self.name

    SIZE_WORDS = {
        "micro": _("micro enterprises"),
        "small": _("small enterprises"),
        "medium": _("medium-sized enterprises"),
        "large": _("large enterprises"),
    }

    @property
    def eligible_sizes_display(self) -> str:
        """The eligible size classes in words ("mikroföretag, småföretag"), not codes; "" when all are."""
        codes = [c.strip() for c in self.eligible_sizes.split(",") if c.strip()]
        return ", ".join(str(self.SIZE_WORDS.get(c, c)) for c in codes)

    def eligible(self, company: Company) -> bool:
        sizes, snis, counties = (
            _split(self.eligible_sizes),
            _split(self.eligible_sni),
            _split(self.eligible_counties),
        )
        if sizes and company.size_class not in sizes:
            return False
        if counties and company.municipality.county_id not in counties:
            return False
        if snis:
            codes = _split(company.sni_codes) or ([company.sni_id] if company.sni_id else [])
            section = company.sni.parent_id if company.sni_id and company.sni.parent_id else ""
            if not any(code.startswith(s) or s == section for code in codes for s in snis):
                return False
        return True


class Activity(models.Model):
    """Support work with one or more companies: who, when, how many hours, what came out of it."""

    type = models.CharField(_("type"), max_length=24, choices=ActivityType.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), db_index=True)
    companies = models.ManyToManyField(Company, related_name="activities", verbose_name=_("companies"))
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea", blank=True, related_name="+", verbose_name=_("focus areas")
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offer used"),
    )
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="activities", verbose_name=_("participants")
    )
    outcome = models.TextField(_("outcome"), blank=True)
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PROGRAMME
    )
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(
        readers=Can.READ_COMPANY_DATA,
        company="companies",
        bound=Bound(
            ("organisation",),
            every=Can.SEE_ALL_PRIVATE,
            own=Can.SEE_OWN_PRIVATE,
            shared=models.Q(visibility="programme"),
        ),
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["organisation", "visibility"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.title}"

    @property
    def private(self) -> bool:
        return self.visibility == Visibility.ORGANISATION


class ActivityAdvisor(models.Model):
    """An advisor's hours on one activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="advisors")
    advisor = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)

    objects = ScopedManager(via="activity")

    class Meta:
        unique_together = [("activity", "advisor")]


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")


class Referral(models.Model):
    """'No wrong door': one organisation hands a company over to another, with the company's consent."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("company")
    )
    from_organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(_("reason"))
    consent_date = models.DateField(_("consent given on"))
    consent_how = models.CharField(_("how consent was given"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed"))
    response_note = models.TextField(_("response"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    handled_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # The two organisations involved see a referral; programme managers see all.
    objects = ScopedManager(
        readers=Can.READ_RECORDS,
        company="company",
        bound=Bound(
            ("from_organisation", "to_organisation"), every=Can.MANAGE_PROGRAMME, own=Can.READ_RECORDS
        ),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")

    def __str__(self) -> str:
        return f"{self.from_organisation} → {self.to_organisation}: {self.company}"

    @property
    def open(self) -> bool:
        return self.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
