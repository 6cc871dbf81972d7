"""Contact pages: add and edit a contact, and the GDPR requests (export everything about a person, erase)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spets.companies import permissions as perm
from spets.companies.forms import ContactForm
from spets.companies.models import Company, Contact
from spets.companies.services import contacts as contact_services
from spets.companies.services.companies import StaleVersion
from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view


@page_view
def contact_new(request, company_id: int):
    perm.require(perm.can_manage_contacts(request.user), "only advisors and programme managers add contacts")
    company = Company.objects.for_user(request.user).get(pk=company_id)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            contact_services.create_contact(request.user, company_id, data)
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            return redirect("companies:detail", company_id)
    return render(request, "companies/contact_form.html", {"form": form, "company": company})


@page_view
def contact_edit(request, contact_id: int):
    perm.require(perm.can_manage_contacts(request.user), "only advisors and programme managers edit contacts")
    contact = Contact.objects.for_user(request.user).select_related("company").get(pk=contact_id)
    initial = model_to_dict(contact, fields=ContactForm.Meta.fields) | {"version": contact.version}
    # No `instance`: the form validates shape only; the service loads and saves the scoped row.
    form = ContactForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            contact_services.update_contact(request.user, contact_id, data, form.cleaned_data["version"] or 0)
        except StaleVersion as exc:
            stale = exc
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            return redirect("companies:detail", contact.company_id)
    return render(
        request,
        "companies/contact_form.html",
        {
            "form": form,
            "company": contact.company,
            "contact": contact,
            "stale": stale,
            "can_gdpr": perm.can_handle_personal_data_requests(request.user),
            "erasure_refusal": contact_services.erasure_refusal(contact, timezone.localdate()),
        },
    )


@page_view
def contact_export(request, contact_id: int):
    data = contact_services.export_person(request.user, contact_id)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="person-{contact_id}.json"'
    return response


@page_view
@require_POST
def contact_erase(request, contact_id: int):
    try:
        contact = contact_services.erase_contact(request.user, contact_id)
    except contact_services.RetentionHold as exc:
        messages.error(request, _("Erasure refused: %(reason)s") % {"reason": exc.reason})
        return redirect("companies:contact_edit", contact_id)
    messages.success(request, _("The contact has been anonymised."))
    return redirect("companies:detail", contact.company_id)
