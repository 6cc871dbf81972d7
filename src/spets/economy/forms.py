"""The footprint and scenario forms: what the pages read from the query or the posted form.

The forms only read; whether a choice is valid (an area, a year, a municipality) is decided by the
services, which list the valid choices in their errors.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from spets.economy import services

DOWNLOADS = ("json", "xlsx", "pdf")
MAX_CHANGES = 3  # rows of the scenario form


def _text() -> forms.CharField:
    return forms.CharField(required=False, strip=False)


class FootprintForm(forms.Form):
    """GET /footprint/: area, industry, year, model regions and an optional download format."""

    area = _text()
    industry = _text()
    year = _text()
    regions = _text()
    scope = _text()
    format = _text()

    def clean_area(self) -> str:
        return self.cleaned_data["area"] or "programme"

    def clean_industry(self) -> str:
        return self.cleaned_data["industry"] or services.DEFAULT_INDUSTRY

    def clean_year(self) -> str | None:
        return self.cleaned_data["year"] or None

    def clean_regions(self) -> str:
        return self.cleaned_data["regions"] or services.DEFAULT_REGIONS

    def clean_scope(self) -> str:
        return self.cleaned_data["scope"] or services.DEFAULT_SCOPE

    def clean_format(self) -> str | None:
        return self.cleaned_data["format"] if self.cleaned_data["format"] in DOWNLOADS else None


def _number(text: str) -> str:
    """'2,5' or '−300' as typed → text that float() reads."""
    return text.strip().replace(",", ".").replace("\u2212", "-")


class ScenarioForm(FootprintForm):
    """The scenario: up to three rows (municipality[], sni[], jobs[], demand[]; empty rows are skipped),
    or changes in the command's syntax (change=kommun:2081,sni:24,jobs:+300), plus Monte Carlo draws."""

    draws = _text()

    def clean_scope(self) -> str:
        return self.cleaned_data["scope"] or services.SCENARIO_SCOPE

    def clean_draws(self) -> int:
        raw = self.cleaned_data["draws"]
        try:
            return int(raw or 0)
        except ValueError:
            raise forms.ValidationError(f"draws must be between 0 and 1000, got {raw!r}") from None

    def clean(self) -> dict:
        cleaned = super().clean()
        munis, snis = self.data.getlist("municipality"), self.data.getlist("sni")
        jobs, demand = self.data.getlist("jobs"), self.data.getlist("demand")
        changes: list[services.ChangeSpec] = []
        for i in range(min(len(munis), MAX_CHANGES)):
            j = _number(jobs[i] if i < len(jobs) else "")
            d = _number(demand[i] if i < len(demand) else "")
            if not j and not d:
                continue
            try:
                changes.append(
                    services.ChangeSpec(
                        munis[i], snis[i] if i < len(snis) else "", float(j or 0), float(d or 0)
                    )
                )
            except ValueError:
                raise forms.ValidationError(
                    _("change %(n)s: jobs and demand must be numbers") % {"n": i + 1}
                ) from None
        for text in self.data.getlist("change"):
            try:
                changes.append(services.parse_change(text))
            except services.InvalidChoice as exc:
                raise forms.ValidationError(str(exc)) from None
        cleaned["changes"] = changes
        return cleaned

    def first_error(self) -> str:
        """The first thing wrong with the form, as the page shows it."""
        return next(str(message) for messages in self.errors.values() for message in messages)
