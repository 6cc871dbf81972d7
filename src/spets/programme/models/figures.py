"""Companies' yearly figures (employment, net turnover) for follow-up and the impact estimate."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can
from spets.core.scoping import ScopedManager


class CompanyYearFigure(models.Model):
    """One company's headcount and net turnover in one year, with where the figures come from (an annual
    report, SCB's business register, an import file, the synthetic demo). Missing is None, never 0."""

    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="year_figures", verbose_name=_("company")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    turnover_sek = models.BigIntegerField(_("net turnover (SEK)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)
    synthetic = models.BooleanField(default=False)

    # Master data of the company: read as the company is (company users their own company's figures).
    objects = ScopedManager(readers=Can.READ_COMPANY_DATA, company="company")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="one_figure_per_company_year")
        ]
        ordering = ["company", "year"]
        verbose_name = _("yearly figure")
        verbose_name_plural = _("yearly figures")

    def __str__(self) -> str:
        return f"{self.company_id} {self.year}"
