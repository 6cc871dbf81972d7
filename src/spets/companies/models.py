"""The shared company register: companies keyed by organisationsnummer and their workplaces."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from spets.core.scoping import ScopedManager


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
    personal_data = models.BooleanField(default=False, help_text="Sole trader: the number is a personal identity number")
    sni = models.ForeignKey("geo.SniCode", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="+", verbose_name=_("primary SNI 2007 code"))
    sni_codes = models.CharField(_("SNI 2007 codes"), max_length=200, blank=True,
                                 help_text="All the company's SNI codes, comma separated")
    municipality = models.ForeignKey("geo.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality (seat)"))
    employees = models.PositiveIntegerField(_("staff headcount"), null=True, blank=True)
    turnover_sek = models.BigIntegerField(_("net turnover (SEK)"), null=True, blank=True)
    balance_sheet_sek = models.BigIntegerField(_("balance sheet total (SEK)"), null=True, blank=True)
    size_class = models.CharField(_("size class"), max_length=10, choices=SizeClass.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="subsidiaries", verbose_name=_("parent company"))
    status = models.CharField(_("status"), max_length=10, choices=CompanyStatus.choices,
                              default=CompanyStatus.ACTIVE)
    synthetic = models.BooleanField(default=False, help_text="Part of the synthetic demo data set")
    version = models.PositiveIntegerField(default=1)  # optimistic locking
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_queryset(cls, qs, user):
        # Master data is shared by all programme staff; a company user sees only their own company.
        if user.is_programme_staff:
            return qs
        if user.company_id_scope:
            return qs.filter(pk=user.company_id_scope)
        return qs.none()


class Workplace(models.Model):
    """Arbetsställe: a place where the company works, with its own municipality and industry."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="workplaces")
    name = models.CharField(max_length=200, blank=True)
    municipality = models.ForeignKey("geo.Municipality", on_delete=models.PROTECT, related_name="+")
    sni = models.ForeignKey("geo.SniCode", on_delete=models.PROTECT, related_name="+")
    employees = models.PositiveIntegerField(default=0)
    turnover_sek = models.BigIntegerField(default=0, help_text="Net turnover attributed to the workplace")
    synthetic = models.BooleanField(default=False)

    objects = ScopedManager()

    class Meta:
        indexes = [models.Index(fields=["municipality", "sni"])]

    @classmethod
    def scope_queryset(cls, qs, user):
        if user.is_programme_staff:
            return qs
        if user.company_id_scope:
            return qs.filter(company_id=user.company_id_scope)
        return qs.none()
