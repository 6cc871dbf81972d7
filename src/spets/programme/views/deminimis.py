"""De minimis pages: a company's ledger (its single undertaking's headroom, aid, declarations and decisions),
recording a declaration of other aid, the certificate PDF, the programme's aid register with its export,
and the exchange rates in use."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.core.demo import demo_loaded
from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.i18n import language_override, requested_language
from spets.core.models import Organisation
from spets.core.permissions import page_view
from spets.programme import deminimis as rules
from spets.programme import permissions
from spets.programme.models.deminimis import Currency, Regulation
from spets.programme.pdf_certificate import render_certificate
from spets.programme.services import deminimis as dm
from spets.programme.services import deminimis_ledger as ledger_services

DATE = forms.DateInput(attrs={"type": "date"})
REGISTER_SHOWN = 200  # rows on the register page; the export has them all


class DeclarationForm(forms.Form):
    """The company's declaration: the date it was made, and either 'no other aid' or up to
    DECLARATION_ROWS earlier de minimis aids (date, grantor, amount, currency, regulation)."""

    declared_on = forms.DateField(label=gettext_lazy("Declared on"), widget=DATE, initial=timezone.localdate)
    no_other_aid = forms.BooleanField(
        label=gettext_lazy("The company has received no other de minimis aid in the last three years"),
        required=False,
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(ledger_services.DECLARATION_ROWS):
            self.fields[f"granted_on_{i}"] = forms.DateField(
                label=_("Granted on"), widget=DATE, required=False
            )
            self.fields[f"grantor_{i}"] = forms.CharField(label=_("Grantor"), max_length=200, required=False)
            self.fields[f"amount_{i}"] = forms.CharField(label=_("Amount"), max_length=30, required=False)
            self.fields[f"currency_{i}"] = forms.ChoiceField(
                label=_("Currency"), choices=Currency.choices, initial=Currency.SEK, required=False
            )
            self.fields[f"regulation_{i}"] = forms.ChoiceField(
                label=_("Regulation"), choices=Regulation.choices, initial=Regulation.UNKNOWN, required=False
            )

    def rows(self):
        return [
            [self[f"{name}_{i}"] for name in ("granted_on", "grantor", "amount", "currency", "regulation")]
            for i in range(ledger_services.DECLARATION_ROWS)
        ]

    def entries(self) -> list[ledger_services.DeclaredAid]:
        d, found = self.cleaned_data, []
        for i in range(ledger_services.DECLARATION_ROWS):
            if not (d.get(f"granted_on_{i}") or d.get(f"grantor_{i}") or d.get(f"amount_{i}")):
                continue
            found.append(
                ledger_services.DeclaredAid(
                    granted_on=d.get(f"granted_on_{i}"),
                    grantor=d.get(f"grantor_{i}") or "",
                    amount=d.get(f"amount_{i}") or "",
                    currency=d.get(f"currency_{i}") or Currency.SEK,
                    regulation=d.get(f"regulation_{i}") or Regulation.UNKNOWN,
                )
            )
        return found


@page_view
def company_ledger(request, company_id: int):
    ledger = ledger_services.company_ledger(request.user, company_id)
    return render(
        request,
        "programme/deminimis_company.html",
        {
            "ledger": ledger,
            "company": ledger.company,
            "status": ledger.status,
            "ceiling_2023": rules.RULES[rules.REG_2023].ceiling_eur,
            "can_declare": dm.can_record_declaration(request.user),
            "synthetic": ledger.company.synthetic or demo_loaded(),
        },
    )


@page_view
def declaration_new(request, company_id: int):
    permissions.require(
        dm.can_record_declaration(request.user), _("only advisors and programme managers record declarations")
    )
    ledger = ledger_services.company_ledger(request.user, company_id)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ledger_services.record_declaration(
                request.user,
                company_id,
                declared_on=d["declared_on"],
                no_other_aid=d["no_other_aid"],
                entries=form.entries(),
                note=d["note"],
            )
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Declaration recorded."))
            return redirect("programme:deminimis_company", company_id)
    return render(
        request,
        "programme/deminimis_declaration.html",
        {"form": form, "company": ledger.company, "status": ledger.status},
    )


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        raise Http404 from None


@page_view
def certificate(request, company_id: int):
    """The certificate PDF (Swedish unless ?lang=en): the company's aid, one activity's (?activity=) or a
    date range's (?from=&to=)."""
    ledger = ledger_services.company_ledger(request.user, company_id)
    activity = request.GET.get("activity")
    grants = ledger_services.certificate_grants(
        ledger,
        int(activity) if activity and activity.isdigit() else None,
        _day(request.GET.get("from")),
        _day(request.GET.get("to")),
    )
    if not grants:
        raise Http404
    lang = requested_language(request.GET, default="sv")
    with language_override(lang):
        data = render_certificate(
            ledger.company, grants, request.user, lang, synthetic=ledger.company.synthetic or demo_loaded()
        )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="intyg-de-minimis-{ledger.company.orgnr}-{lang}.pdf"'
    )
    return response


@page_view
def register(request):
    try:
        rows = ledger_services.register_rows(request.user, request.GET)
    except InvalidData as exc:
        messages.error(request, "; ".join(exc.errors.values()))
        return redirect("programme:deminimis_register")
    shown = list(rows[:REGISTER_SHOWN])
    query = request.GET.urlencode()
    return render(
        request,
        "programme/deminimis_register.html",
        {
            "rows": shown,
            "count": rows.count(),
            "shown": REGISTER_SHOWN,
            "params": request.GET,
            "query": query,
            "organisations": Organisation.objects.order_by("name"),
            "undeclared": ledger_services.undeclared_companies(request.user),
        },
    )


@page_view
def register_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    try:
        with language_override(requested_language(request.GET, default="sv")):
            file = ledger_services.export_register(request.user, fmt, request.GET)
    except InvalidData as exc:
        return HttpResponseBadRequest("; ".join(exc.errors.values()))
    if fmt == "xlsx":
        return FileResponse(
            file.content, as_attachment=True, filename=file.filename, content_type=file.content_type
        )
    response = StreamingHttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@page_view
def rates(request):
    permissions.require(dm.can_see_ledger(request.user), _("the de minimis ledger is for programme staff"))
    known = sorted(dm.rates().values(), key=lambda r: r.month, reverse=True)
    return render(request, "programme/deminimis_rates.html", {"rates": known, "file": dm.RATES_FILE.name})
