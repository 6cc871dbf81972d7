"""Register pages: search, company page, company and contact forms, GDPR export/erasure.

Views are thin: they check the page-level permission, call a service and render. Row visibility comes
from `Model.objects.for_user(request.user)`.
"""

from __future__ import annotations

import functools
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies import permissions as perm
from spets.companies import search as company_search
from spets.companies import services, support
from spets.companies.forms import CompanyForm, ContactForm, NewCompanyForm
from spets.companies.models import Company, CompanyStatus, Contact, SizeClass
from spets.core.models import AuditEntry
from spets.geo.models import County, Municipality, SniCode


def register_view(view):
    """Login required; service permission errors → 403, rows the user may not see → 404."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except perm.Forbidden as exc:
            raise PermissionDenied(str(exc)) from None
        except ObjectDoesNotExist:
            raise Http404 from None

    return wrapper


def _form_errors(form, exc: services.InvalidData) -> None:
    for field, message in exc.errors.items():
        form.add_error(field if field in form.fields else None, message)


@register_view
def search(request):
    perm.require(perm.can_use_register(request.user), "the register is for programme staff")
    result = company_search.search(request.user, request.GET)
    if request.GET.get("format") == "json":
        return JsonResponse({"count": result.count, "page": result.page, "pages": result.pages,
                             "results": [{"id": c.pk, "orgnr": c.orgnr, "name": c.name,
                                          "municipality": c.municipality.name} for c in result.rows]})
    query = request.GET.copy()
    query.pop("page", None)
    context = {"result": result, "params": request.GET, "query": query.urlencode(),
               "counties": County.objects.filter(in_programme=True),
               "municipalities": Municipality.objects.filter(in_programme=True).order_by("name"),
               "sections": SniCode.objects.filter(level="section"), "sizes": SizeClass.choices,
               "statuses": CompanyStatus.choices, "can_add": perm.can_edit_company(request.user)}
    template = "companies/_results.html" if request.headers.get("HX-Request") else "companies/search.html"
    return render(request, template, context)


@register_view
def company_new(request):
    perm.require(perm.can_edit_company(request.user), "only advisors and programme managers add companies")
    form = NewCompanyForm(request.POST or None, initial={"status": CompanyStatus.ACTIVE})
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        data["orgnr"] = form.cleaned_data["orgnr"].number
        try:
            company = services.create_company(request.user, data)
        except services.InvalidData as exc:
            _form_errors(form, exc)
        else:
            if company.personal_data:
                messages.warning(request, _("The number is a personal identity number (sole trader): the "
                                            "company record is personal data."))
            return redirect("companies:detail", company.pk)
    return render(request, "companies/company_form.html", {"form": form, "new": True})


@register_view
def detail(request, company_id: int):
    user = request.user
    if not perm.can_view_company_page(user, company_id):
        raise Http404
    company = (Company.objects.for_user(user).select_related("municipality__county", "sni", "parent")
               .get(pk=company_id))
    context = {
        "company": company,
        "timeline": support.timeline(user, company_id),
        "referrals": support.open_referrals(user, company_id),
        "hours": support.hours_by_organisation(company_id),
        "contacts": (Contact.objects.for_user(user).filter(company_id=company_id).order_by("anonymised", "name")
                     if perm.can_see_contacts(user) else None),
        "subsidiaries": Company.objects.for_user(user).filter(parent_id=company_id).only("pk", "name"),
        "audit": (AuditEntry.objects.filter(company_id=company_id)[:50] if perm.can_see_audit(user) else None),
        "can_edit": perm.can_edit_company(user), "can_log": perm.can_log_activity(user),
        "can_refer": perm.can_refer(user), "can_contacts": perm.can_manage_contacts(user),
        "can_gdpr": perm.can_handle_personal_data_requests(user),
    }
    return render(request, "companies/detail.html", context)


@register_view
def company_edit(request, company_id: int):
    perm.require(perm.can_edit_company(request.user), "only advisors and programme managers edit companies")
    company = Company.objects.for_user(request.user).select_related("parent").get(pk=company_id)
    form = CompanyForm(request.POST or None, initial=CompanyForm.initial_for(company))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_company(request.user, company_id, form.service_data(), form.cleaned_data["version"])
        except services.StaleVersion as exc:
            # Keep the user's input; show what changed and let them save again on the new version.
            stale = exc
            current = Company.objects.for_user(request.user).select_related("parent").get(pk=company_id)
            data = request.POST.copy()
            data["version"] = str(exc.current_version)
            form = CompanyForm(data, initial=CompanyForm.initial_for(current))
            form.is_valid()
            company = current
        except services.InvalidData as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("companies:detail", company_id)
    status = 409 if stale else 200
    return render(request, "companies/company_form.html", {"form": form, "company": company, "stale": stale},
                  status=status)


@register_view
def contact_new(request, company_id: int):
    perm.require(perm.can_manage_contacts(request.user), "only advisors and programme managers add contacts")
    company = Company.objects.for_user(request.user).get(pk=company_id)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.create_contact(request.user, company_id, data)
        except services.InvalidData as exc:
            _form_errors(form, exc)
        else:
            return redirect("companies:detail", company_id)
    return render(request, "companies/contact_form.html", {"form": form, "company": company})


@register_view
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
            services.update_contact(request.user, contact_id, data, form.cleaned_data["version"] or 0)
        except services.StaleVersion as exc:
            stale = exc
        except services.InvalidData as exc:
            _form_errors(form, exc)
        else:
            return redirect("companies:detail", contact.company_id)
    return render(request, "companies/contact_form.html",
                  {"form": form, "company": contact.company, "contact": contact, "stale": stale,
                   "can_gdpr": perm.can_handle_personal_data_requests(request.user),
                   "erasure_refusal": services.erasure_refusal(contact, timezone.localdate())})


@register_view
def contact_export(request, contact_id: int):
    data = services.export_person(request.user, contact_id)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="person-{contact_id}.json"'
    return response


@register_view
def contact_erase(request, contact_id: int):
    if request.method != "POST":
        return HttpResponse(status=405)
    try:
        contact = services.erase_contact(request.user, contact_id)
    except services.RetentionHold as exc:
        messages.error(request, _("Erasure refused: %(reason)s") % {"reason": exc})
        contact = Contact.objects.for_user(request.user).get(pk=contact_id)
        return redirect("companies:contact_edit", contact_id)
    messages.success(request, _("The contact has been anonymised."))
    return redirect("companies:detail", contact.company_id)
