"""Support-work pages: log an activity, refer a company, the referral inbox, offers, API token."""

from __future__ import annotations

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spets.companies import permissions as perm
from spets.companies import referrals as referral_services
from spets.companies import services, support
from spets.companies.forms import ActivityForm, OfferForm, ReferralAnswerForm, ReferralForm
from spets.companies.models import Company, Offer, Referral, ReferralStatus
from spets.companies.views import _form_errors, register_view
from spets.core.models import ApiToken, Organisation


@register_view
def activity_new(request, company_id: int):
    user = request.user
    perm.require(
        perm.can_log_activity(user), "only advisors and programme managers of an organisation log activities"
    )
    company = Company.objects.for_user(user).get(pk=company_id)
    form = ActivityForm(request.POST or None, user=user, company=company)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            support.log_activity(
                user,
                type=d["type"],
                title=d["title"],
                date=d["date"],
                company_ids=form.company_ids(),
                advisor_hours=d["advisor_hours"],
                focus_area_codes=[f.code for f in d["focus_areas"]],
                offer_id=d["offer"].pk if d["offer"] else None,
                outcome=d["outcome"],
                follow_up_date=d["follow_up_date"],
                visibility=d["visibility"],
            )
        except services.InvalidData as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Activity logged."))
            return redirect("companies:detail", company_id)
    return render(request, "companies/activity_form.html", {"form": form, "company": company})


@register_view
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
                request=request,
            )
        except services.InvalidData as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Referral sent to %(org)s.") % {"org": d["to_organisation"]})
            return redirect("companies:detail", company_id)
    return render(request, "companies/referral_form.html", {"form": form, "company": company})


@register_view
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


@register_view
def referral_answer(request, referral_id: int, action: str):
    if request.method != "POST":
        return HttpResponse(status=405)
    form = ReferralAnswerForm(request.POST)
    form.is_valid()
    try:
        referral_services.transition(
            request.user, referral_id, action, form.cleaned_data.get("note", ""), request=request
        )
    except services.InvalidData as exc:
        messages.error(request, "; ".join(exc.errors.values()))
    else:
        messages.success(request, _("Referral updated."))
    return redirect("companies:referrals")


@register_view
def offers(request):
    user = request.user
    perm.require(perm.can_use_register(user), "the offers catalogue is for programme staff")
    qs = Offer.objects.for_user(user).select_related("organisation", "focus_area")
    org = request.GET.get("organisation")
    if org:
        qs = qs.filter(organisation__slug=org)
    return render(
        request,
        "companies/offers.html",
        {
            "offers": qs,
            "organisations": Organisation.objects.filter(in_programme=True),
            "selected": org,
            "can_add": perm.can_manage_offers(user, user.organisation_id),
        },
    )


@register_view
def offer_new(request):
    user = request.user
    perm.require(
        perm.can_manage_offers(user, user.organisation_id), "only advisors keep their organisation's offers"
    )
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data | {
            "focus_area_id": form.cleaned_data["focus_area"].pk if form.cleaned_data["focus_area"] else None
        }
        try:
            support.create_offer(user, user.organisation_id, data)
        except services.InvalidData as exc:
            _form_errors(form, exc)
        else:
            return redirect("companies:offers")
    return render(request, "companies/offer_form.html", {"form": form})


@register_view
def offer_edit(request, offer_id: int):
    user = request.user
    offer = Offer.objects.for_user(user).get(pk=offer_id)
    perm.require(
        perm.can_manage_offers(user, offer.organisation_id),
        "only the organisation's advisors edit its offers",
    )
    form = OfferForm(request.POST or None, initial=model_to_dict(offer, fields=OfferForm.Meta.fields))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data | {
            "focus_area_id": form.cleaned_data["focus_area"].pk if form.cleaned_data["focus_area"] else None
        }
        try:
            support.update_offer(user, offer_id, data)
        except services.InvalidData as exc:
            _form_errors(form, exc)
        else:
            return redirect("companies:offers")
    return render(request, "companies/offer_form.html", {"form": form, "offer": offer})


@register_view
def api_token(request):
    """Create a personal API token (shown once); list and revoke the user's tokens."""
    user = request.user
    perm.require(perm.can_have_api_token(user), "your role may not use the API")
    key = None
    if request.method == "POST" and "revoke" in request.POST:
        token_id = request.POST["revoke"]
        revoked = services.revoke_api_tokens(user, user, token_id=int(token_id)) if token_id.isdigit() else []
        if not revoked:
            raise ApiToken.DoesNotExist  # not one of the user's tokens → 404
        messages.success(request, f"{revoked[0]}… {_('revoked')}")
        return redirect("companies:api_token")
    if request.method == "POST":
        _token, key = ApiToken.issue(user, name=(request.POST.get("name") or "api")[:100])
    return render(
        request,
        "companies/api_token.html",
        {"key": key, "tokens": ApiToken.objects.filter(user=user).order_by("-created_at")},
    )
