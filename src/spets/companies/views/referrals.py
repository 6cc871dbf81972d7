"""Referral pages: refer a company to another organisation, the referral inbox, answer a referral."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spets.companies import permissions as perm
from spets.companies.forms import ReferralAnswerForm, ReferralForm
from spets.companies.models import Company, Referral, ReferralStatus
from spets.companies.services import referrals as referral_services
from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view


@page_view
def referral_new(request, company_id: int):
    user = request.user
    perm.require(
        perm.can_refer(user), "only advisors and programme managers of an organisation refer companies"
    )
    company = Company.objects.for_user(user).get(pk=company_id)
    form = ReferralForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            referral_services.create_referral(
                user,
                company_id,
                d["to_organisation"].pk,
                d["reason"],
                d["consent_date"],
                d["consent_how"],
                base_url=request.build_absolute_uri("/"),
            )
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Referral sent to %(org)s.") % {"org": d["to_organisation"]})
            return redirect("companies:detail", company_id)
    return render(request, "companies/referral_form.html", {"form": form, "company": company})


@page_view
def referrals(request):
    """The organisation's referral inbox (received) and what it has sent."""
    user = request.user
    perm.require(perm.can_see_referrals(user), "referrals are for advisors, viewers and managers")
    qs = Referral.objects.for_user(user).select_related("company", "from_organisation", "to_organisation")
    if user.is_programme_manager and not user.organisation_id:
        received, sent = qs, qs.none()
    else:
        received = qs.filter(to_organisation_id=user.organisation_id)
        sent = qs.filter(from_organisation_id=user.organisation_id)
    context = {
        "received": received,
        "sent": sent,
        "open_statuses": (ReferralStatus.SENT, ReferralStatus.ACCEPTED),
        "can_answer": perm.is_writer(user),
        "answer_form": ReferralAnswerForm(),
    }
    return render(request, "companies/referrals.html", context)


@page_view
@require_POST
def referral_answer(request, referral_id: int, action: str):
    form = ReferralAnswerForm(request.POST)
    form.is_valid()
    try:
        referral_services.transition(
            request.user,
            referral_id,
            action,
            form.cleaned_data.get("note", ""),
            base_url=request.build_absolute_uri("/"),
        )
    except InvalidData as exc:
        messages.error(request, "; ".join(exc.errors.values()))
    else:
        messages.success(request, _("Referral updated."))
    return redirect("companies:referrals")
