"""Register pages: search, company page, company and contact forms, GDPR export/erasure.

Views are thin: they check the page-level permission, call a service and render. Row visibility comes
from `Model.objects.for_user(request.user)`.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies import permissions as perm
from spets.companies import search as company_search
from spets.companies import services, support, texts
from spets.companies.forms import CompanyForm, ContactForm, NewCompanyForm
from spets.companies.models import Company, CompanyStatus, Contact, SizeClass
from spets.core.audit import history_for
from spets.core.permissions import page_view
from spets.geo.models import County, Municipality, SniCode

FILTERS_CACHE_SECONDS = 600  # counties, municipalities and SNI sections of the search form change rarely
AUDIT_SHOWN = 50  # newest change-history entries on the company page


register_view = page_view


def _form_errors(form, exc: services.InvalidData) -> None:
    for field, message in exc.errors.items():
        form.add_error(field if field in form.fields else None, message)


def _present_rows(rows: list[Company]) -> None:
    """Display values for the result list, computed once per request rather than by template filters per row
    (a lazily translated choice label or a {% url %} costs tens of microseconds, times 50 rows)."""
    sizes = {value: str(label) for value, label in SizeClass.choices}
    statuses = {value: str(label) for value, label in CompanyStatus.choices}
    head, tail = reverse("companies:detail", args=[0]).rsplit("0", 1)
    for c in rows:
        c.url = f"{head}{c.pk}{tail}"
        c.orgnr_display = f"{c.orgnr[:6]}-{c.orgnr[6:]}"
        c.size_label = sizes.get(c.size_class, "–")
        c.status_label = statuses.get(c.status, c.status)


@register_view
def search(request):
    perm.require(perm.can_use_register(request.user), "the register is for programme staff")
    result = company_search.search(request.user, request.GET)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "count": result.count,
                "count_exact": result.exact,
                "page": result.page,
                "pages": result.pages,
                "has_next": result.has_next,
                "results": [
                    {"id": c.pk, "orgnr": c.orgnr, "name": c.name, "municipality": c.municipality.name}
                    for c in result.rows
                ],
            }
        )
    _present_rows(result.rows)
    query = request.GET.copy()
    query.pop("page", None)
    # The filter lists are reference data; search.html caches their rendered options (FILTERS_CACHE_SECONDS),
    # so these lazy querysets only run when that cache is cold.
    context = {
        "result": result,
        "params": request.GET,
        "query": query.urlencode(),
        "counties": County.objects.filter(in_programme=True).only("code", "name"),
        "municipalities": Municipality.objects.filter(in_programme=True)
        .only("code", "name")
        .order_by("name"),
        "sections": SniCode.objects.filter(level="section"),
        "sizes": SizeClass.choices,
        "statuses": CompanyStatus.choices,
        "can_add": perm.can_edit_company(request.user),
        "can_referrals": perm.can_see_referrals(request.user),
        "can_import": perm.can_edit_company(request.user),
        "can_api": perm.can_have_api_token(request.user),
        "filters_cache_seconds": FILTERS_CACHE_SECONDS,
    }
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
                messages.warning(
                    request,
                    _(
                        "The number is a personal identity number (sole trader): the "
                        "company record is personal data."
                    ),
                )
            return redirect("companies:detail", company.pk)
    return render(request, "companies/company_form.html", {"form": form, "new": True})


def _timeline_count(request, name: str, default: int) -> int:
    try:
        return min(max(int(request.GET.get(name, default)), 0), 10_000)
    except ValueError:
        return default


@register_view
def detail(request, company_id: int):
    user = request.user
    if not perm.can_view_company_page(user, company_id):
        raise Http404
    # Reference geometry (SVG paths) is not shown here: don't read it with every company page.
    # Whether there are subsidiaries or open referrals is asked in the company query (scoped subqueries), so
    # the usual company without either costs no extra queries.
    company = (
        Company.objects.for_user(user)
        .select_related("municipality__county", "sni", "parent")
        .defer("municipality__svg_path", "municipality__county__svg_path")
        .annotate(
            has_subsidiaries=Exists(Company.objects.for_user(user).filter(parent_id=OuterRef("pk"))),
            has_open_referrals=Exists(support.open_referrals_query(user).filter(company_id=OuterRef("pk"))),
        )
        .get(pk=company_id)
    )
    # Without JavaScript "show more" reloads the page with a longer timeline (?timeline=40).
    shown = max(_timeline_count(request, "timeline", support.TIMELINE_PAGE), support.TIMELINE_PAGE)
    activities, more = support.timeline_page(user, company_id, 0, shown)
    context = {
        "company": company,
        "company_id": company_id,
        "timeline": activities,
        "timeline_next": shown if more else None,
        "timeline_page": support.TIMELINE_PAGE,
        "referrals": support.open_referrals(user, company_id) if company.has_open_referrals else [],
        "hours": support.hours_by_organisation(company_id),
        "contacts": (
            Contact.objects.for_user(user).filter(company_id=company_id).order_by("anonymised", "name")
            if perm.can_see_contacts(user)
            else None
        ),
        "subsidiaries": (
            Company.objects.for_user(user).filter(parent_id=company_id).only("pk", "name")
            if company.has_subsidiaries
            else []
        ),
        "audit": (
            texts.present_history(history_for(user, company_id)[:AUDIT_SHOWN])
            if perm.can_see_audit(user)
            else None
        ),
        "can_edit": perm.can_edit_company(user),
        "can_log": perm.can_log_activity(user),
        "can_refer": perm.can_refer(user),
        "can_contacts": perm.can_manage_contacts(user),
        "can_gdpr": perm.can_handle_personal_data_requests(user),
        # Company users see their own page only: other companies (parent, subsidiaries) are not links for them.
        "can_browse": perm.can_use_register(user),
        "can_api": perm.can_have_api_token(user) and not perm.can_use_register(user),
    }
    return render(request, "companies/detail.html", context)


@register_view
def timeline(request, company_id: int):
    """The next page of a company's timeline (HTMX "show more"): list items plus the next link, if any."""
    user = request.user
    if (
        not perm.can_view_company_page(user, company_id)
        or not Company.objects.for_user(user).filter(pk=company_id).exists()
    ):
        raise Http404
    offset = _timeline_count(request, "offset", 0)
    activities, more = support.timeline_page(user, company_id, offset)
    return render(
        request,
        "companies/_timeline_items.html",
        {
            "company_id": company_id,
            "timeline": activities,
            "offset": offset,
            "timeline_next": offset + support.TIMELINE_PAGE if more else None,
            "timeline_page": support.TIMELINE_PAGE,
        },
    )


@register_view
def company_edit(request, company_id: int):
    perm.require(perm.can_edit_company(request.user), "only advisors and programme managers edit companies")
    company = Company.objects.for_user(request.user).select_related("parent").get(pk=company_id)
    form = CompanyForm(request.POST or None, initial=CompanyForm.initial_for(company))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_company(
                request.user, company_id, form.service_data(), form.cleaned_data["version"]
            )
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
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "company": company, "stale": stale},
        status=status,
    )


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
    return render(
        request,
        "companies/contact_form.html",
        {
            "form": form,
            "company": contact.company,
            "contact": contact,
            "stale": stale,
            "can_gdpr": perm.can_handle_personal_data_requests(request.user),
            "erasure_refusal": services.erasure_refusal(contact, timezone.localdate()),
        },
    )


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
