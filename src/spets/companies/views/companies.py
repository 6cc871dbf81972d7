"""Company pages: search, the company page with its timeline, and the company forms.

Views are thin: they check the page-level permission, call a service and render. Row visibility comes
from `Model.objects.for_user(request.user)`.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spets.companies import extensions
from spets.companies import permissions as perm
from spets.companies import search as company_search
from spets.companies.forms import CompanyForm, NewCompanyForm, TimelineForm
from spets.companies.history import company_history
from spets.companies.models import Company, CompanyStatus, Contact, Referral, SizeClass
from spets.companies.presenters import present_rows
from spets.companies.services import activities, timeline
from spets.companies.services import companies as company_services
from spets.companies.services.referrals import open_referrals, open_referrals_query
from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view
from spets.core.tokens import can_have_api_token
from spets.geo.models import County, Municipality, SniCode

FILTERS_CACHE_SECONDS = 600  # counties, municipalities and SNI sections of the search form change rarely


@page_view
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
                    {
                        "id": c.pk,
                        "orgnr": c.orgnr,
                        "name": c.name,
                        "municipality": c.municipality.name,
                        "owner_organisation": c.owner_organisation,
                        "last_contact": c.last_contact.isoformat() if c.last_contact else None,
                    }
                    for c in result.rows
                ],
            }
        )
    present_rows(result.rows)
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
        "can_api": can_have_api_token(request.user),
        "filters_cache_seconds": FILTERS_CACHE_SECONDS,
    }
    template = "companies/_results.html" if request.headers.get("HX-Request") else "companies/search.html"
    return render(request, template, context)


@page_view
def company_new(request):
    perm.require(perm.can_edit_company(request.user), "only advisors and programme managers add companies")
    form = NewCompanyForm(request.POST or None, initial={"status": CompanyStatus.ACTIVE})
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        data["orgnr"] = form.cleaned_data["orgnr"].number
        try:
            company = company_services.create_company(request.user, data)
        except InvalidData as exc:
            add_service_errors(form, exc)
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


@page_view
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
            has_open_referrals=Exists(open_referrals_query(user).filter(company_id=OuterRef("pk"))),
            has_referrals=Exists(Referral.objects.for_user(user).filter(company_id=OuterRef("pk"))),
        )
        .get(pk=company_id)
    )
    # Without JavaScript "show more" reloads the page with a longer timeline (?timeline=40).
    page_size = timeline.TIMELINE_PAGE
    shown = max(TimelineForm(request.GET).count("timeline", page_size), page_size)
    rows, more = timeline.timeline_page(user, company_id, 0, shown, with_referrals=company.has_referrals)
    context = {
        "company": company,
        "company_id": company_id,
        "timeline": rows,
        "timeline_next": shown if more else None,
        "timeline_page": page_size,
        "referrals": open_referrals(user, company_id) if company.has_open_referrals else [],
        "hours": activities.hours_by_organisation(company_id),
        # Higher layers' panels (de minimis, yearly figures) load after the page (HTMX, `panels` below),
        # so they never slow the register's own page; without JavaScript ?panels=1 shows them inline.
        "has_panels": bool(extensions.company_panels),
        "panels": extensions.panels_for(user, company_id) if request.GET.get("panels") else None,
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
        "audit": company_history(user, company_id) if perm.can_see_audit(user) else None,
        "can_edit": perm.can_edit_company(user),
        "can_log": perm.can_log_activity(user),
        "can_refer": perm.can_refer(user),
        "can_contacts": perm.can_manage_contacts(user),
        "can_gdpr": perm.can_handle_personal_data_requests(user),
        # Company users see their own page only: other companies (parent, subsidiaries) are no links for them.
        "can_browse": perm.can_use_register(user),
        "can_api": can_have_api_token(user) and not perm.can_use_register(user),
    }
    return render(request, "companies/detail.html", context)


@page_view
def panels(request, company_id: int):
    """The panels other apps add to the company page (spets.companies.extensions), as an HTMX partial."""
    user = request.user
    if (
        not perm.can_view_company_page(user, company_id)
        or not Company.objects.for_user(user).filter(pk=company_id).exists()
    ):
        raise Http404
    return render(request, "companies/_panels.html", {"panels": extensions.panels_for(user, company_id)})


@page_view
def timeline_more(request, company_id: int):
    """The next page of a company's timeline (HTMX "show more"): list items plus the next link, if any."""
    user = request.user
    if (
        not perm.can_view_company_page(user, company_id)
        or not Company.objects.for_user(user).filter(pk=company_id).exists()
    ):
        raise Http404
    offset = TimelineForm(request.GET).count("offset", 0)
    rows, more = timeline.timeline_page(user, company_id, offset)
    return render(
        request,
        "companies/_timeline_items.html",
        {
            "company_id": company_id,
            "timeline": rows,
            "offset": offset,
            "timeline_next": offset + timeline.TIMELINE_PAGE if more else None,
            "timeline_page": timeline.TIMELINE_PAGE,
        },
    )


@page_view
def company_edit(request, company_id: int):
    perm.require(perm.can_edit_company(request.user), "only advisors and programme managers edit companies")
    company = Company.objects.for_user(request.user).select_related("parent").get(pk=company_id)
    form = CompanyForm(request.POST or None, initial=CompanyForm.initial_for(company))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            company_services.update_company(
                request.user, company_id, form.service_data(), form.cleaned_data["version"]
            )
        except company_services.StaleVersion as exc:
            # Keep the user's input; show what changed and let them save again on the new version.
            stale = exc
            current = Company.objects.for_user(request.user).select_related("parent").get(pk=company_id)
            data = request.POST.copy()
            data["version"] = str(exc.current_version)
            form = CompanyForm(data, initial=CompanyForm.initial_for(current))
            form.is_valid()
            company = current
        except InvalidData as exc:
            add_service_errors(form, exc)
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
