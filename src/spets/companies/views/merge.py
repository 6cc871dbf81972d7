"""Merge pages: find two records of one company, compare them, choose the values to keep and merge."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spets.companies.forms import MergeForm, MergeStartForm
from spets.companies.models import Company
from spets.companies.services import merge as merge_services
from spets.companies.services.companies import StaleVersion
from spets.companies.views.imports import importer_view
from spets.core.scoping import unscoped


def _company(user, value: str) -> Company | None:
    """A company the user sees, by org nr (with or without dash, 10 or 12 digits) or by id."""
    value = (value or "").strip()
    digits = value.replace("-", "")
    qs = Company.objects.for_user(user)
    if digits.isdigit() and len(digits) >= 10:
        return qs.filter(orgnr=digits[-10:]).first()
    return qs.filter(pk=int(value)).first() if value.isdigit() else None


@importer_view
def merge_start(request):
    error = ""
    form = MergeStartForm(request.GET)
    if form.is_valid() and (form.cleaned_data["a"] or form.cleaned_data["b"]):
        first = _company(request.user, form.cleaned_data["a"])
        second = _company(request.user, form.cleaned_data["b"])
        if first and second and first.pk != second.pk:
            return redirect("companies:merge", survivor_id=first.pk, other_id=second.pk)
        error = _("Give two different companies (organisation number or id) that are in the register")
    return render(
        request,
        "companies/io/merge_start.html",
        {"error": error, "params": request.GET},
        status=400 if error else 200,
    )


@importer_view
def merge(request, survivor_id: int, other_id: int):
    qs = Company.objects.for_user(request.user).select_related("municipality", "sni")
    survivor, other = qs.filter(pk=survivor_id).first(), qs.filter(pk=other_id).first()
    if survivor is None or other is None:
        raise Http404(_("One of the companies is not in the register (merged or deleted?)"))
    conflicts = merge_services.conflicts(survivor, other)
    error = ""
    if request.method == "POST":
        form = MergeForm(request.POST, fields=[c.field for c in conflicts])
        form.is_valid()
        try:
            kept = merge_services.merge(
                request.user,
                survivor.pk,
                other.pk,
                form.choices(),
                form.version("survivor_version"),
                form.version("other_version"),
            )
        except StaleVersion as exc:
            error = _("Changed by %(who)s meanwhile: look at the values again") % {"who": exc.changed_by}
        except merge_services.MergeError as exc:
            error = str(exc)
        else:
            messages.success(
                request, _("%(other)s was merged into %(kept)s") % {"other": other.name, "kept": kept.name}
            )
            return redirect("companies:detail", company_id=kept.pk)
    with unscoped():
        counts = [merge_services.related_counts(survivor), merge_services.related_counts(other)]
    return render(
        request,
        "companies/io/merge.html",
        {"survivor": survivor, "other": other, "conflicts": conflicts, "counts": counts, "error": error},
        status=409 if error else 200,
    )
