"""The de minimis ledger: aid granted through the programme's support (one row per activity × company), the
companies' declarations of other de minimis aid, programme managers' decisions to exceed the ceiling, and
EUR/SEK rates imported over the packaged rates file.

Aid records are kept 10 years from the grant (Regulation (EU) 2023/2831 Art. 6(4)): the foreign keys to
the company and the activity are PROTECT, and each grant keeps the recipient's org nr and name as they were
on the grant date (a later merge moves the row to the surviving record).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can
from spets.core.scoping import ScopedManager
from spets.programme import deminimis as rules


class Regulation(models.TextChoices):
    R2023_2831 = rules.REG_2023, _("Regulation (EU) 2023/2831 (general de minimis, from 2024)")
    R1407_2013 = rules.REG_2013, _("Regulation (EU) No 1407/2013 (general de minimis, until 2023)")
    R1408_2013 = "1408/2013", _("Regulation (EU) No 1408/2013 (agriculture)")
    R717_2014 = "717/2014", _("Regulation (EU) No 717/2014 (fishery and aquaculture)")
    R2023_2832 = "2023/2832", _("Regulation (EU) 2023/2832 (services of general economic interest)")
    R360_2012 = "360/2012", _("Regulation (EU) No 360/2012 (services of general economic interest)")
    UNKNOWN = "unknown", _("De minimis, regulation not stated")


class Currency(models.TextChoices):
    SEK = "SEK", "SEK"
    EUR = "EUR", "EUR"


class ValueMethod(models.TextChoices):
    OFFER_RATE = rules.OFFER_RATE, _("Hours × the offer's market rate")
    STATED_AMOUNT = rules.STATED_AMOUNT, _("Stated amount of the offer")
    DEFAULT_RATE = rules.DEFAULT_RATE, _("Hours × the programme's standard rate")


class ExchangeRate(models.Model):
    """A monthly EUR/SEK rate imported with `spets deminimis-rates import`; it takes precedence over the
    packaged file's rate for the same month."""

    month = models.DateField(_("month"), unique=True)  # the first day of the month
    eur_sek = models.DecimalField(_("SEK per EUR"), max_digits=10, decimal_places=4)
    source = models.CharField(_("source"), max_length=300)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.eur_sek}"


class AidDeclaration(models.Model):
    """The company's declaration of other de minimis aid received in the last three years, recorded before
    support starts. A newer declaration replaces the earlier ones (it states all such aid again)."""

    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="aid_declarations"
    )
    declared_on = models.DateField(_("declared on"))
    no_other_aid = models.BooleanField(_("no other de minimis aid"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    declared_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField(default=False)

    objects = ScopedManager(readers=Can.READ_RECORDS, company="company")

    class Meta:
        ordering = ["-declared_on", "-id"]
        verbose_name = _("de minimis declaration")

    def __str__(self) -> str:
        return f"{self.company_id} {self.declared_on}"


class AidDeclarationEntry(models.Model):
    """One earlier de minimis aid the company declared (from another grantor)."""

    declaration = models.ForeignKey(AidDeclaration, on_delete=models.CASCADE, related_name="entries")
    granted_on = models.DateField(_("granted on"))
    grantor = models.CharField(_("grantor"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    eur_rate = models.DecimalField(_("SEK per EUR"), max_digits=10, decimal_places=4, null=True, blank=True)
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    regulation = models.CharField(
        _("regulation"), max_length=16, choices=Regulation.choices, default=Regulation.UNKNOWN
    )

    objects = ScopedManager(via="declaration")

    class Meta:
        ordering = ["granted_on", "id"]


class CeilingDecision(models.Model):
    """A programme manager's recorded decision that an activity goes ahead although it takes the single
    undertaking over the de minimis ceiling (the aid then needs another legal basis)."""

    company = models.ForeignKey("companies.Company", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey("companies.Activity", on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"))
    regulation = models.CharField(max_length=16, choices=Regulation.choices)
    amount_eur = models.DecimalField(max_digits=14, decimal_places=2)
    headroom_eur = models.DecimalField(max_digits=14, decimal_places=2)

    objects = ScopedManager(readers=Can.READ_RECORDS, company="company")

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision to exceed the de minimis ceiling")


class AidGrant(models.Model):
    """The ledger: de minimis aid one activity granted to one company, valued and converted on its date."""

    company = models.ForeignKey("companies.Company", on_delete=models.PROTECT, related_name="aid_grants")
    recipient_orgnr = models.CharField(_("organisation number"), max_length=10)
    recipient_name = models.CharField(_("company"), max_length=200)
    activity = models.ForeignKey("companies.Activity", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    granted_on = models.DateField(_("granted on"), db_index=True)
    method = models.CharField(_("method"), max_length=16, choices=ValueMethod.choices)
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=4, null=True, blank=True)
    hourly_rate_sek = models.DecimalField(
        _("rate (SEK per hour)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    value_sek = models.DecimalField(_("value (SEK)"), max_digits=14, decimal_places=2)
    method_note = models.CharField(_("how the value was set"), max_length=300)
    eur_rate = models.DecimalField(_("SEK per EUR"), max_digits=10, decimal_places=4)
    eur_rate_source = models.CharField(_("exchange rate source"), max_length=300)
    value_eur = models.DecimalField(_("value (EUR)"), max_digits=14, decimal_places=2)
    regulation = models.CharField(_("regulation"), max_length=16, choices=Regulation.choices)
    declaration_missing = models.BooleanField(_("no declaration recorded"), default=False)
    decision = models.ForeignKey(
        CeilingDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="grants"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField(default=False)

    objects = ScopedManager(readers=Can.READ_RECORDS, company="company")

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = _("de minimis aid")
        indexes = [models.Index(fields=["company", "granted_on"], name="aidgrant_company_date")]

    def __str__(self) -> str:
        return f"{self.recipient_name} {self.granted_on} {self.value_sek} SEK"
