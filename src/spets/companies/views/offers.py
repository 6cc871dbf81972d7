"""The offers catalogue: list (by organisation), add and edit an organisation's offers."""

from __future__ import annotations

from django.forms.models import model_to_dict
from django.shortcuts import redirect, render

from spets.companies import permissions as perm
from spets.companies.forms import OfferForm
from spets.companies.models import Offer
from spets.companies.services import offers as offer_services
from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.models import Organisation
from spets.core.permissions import page_view


def _service_data(form: OfferForm) -> dict:
    focus_area = form.cleaned_data["focus_area"]
    return form.cleaned_data | {"focus_area_id": focus_area.pk if focus_area else None}


@page_view
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


@page_view
def offer_new(request):
    user = request.user
    perm.require(
        perm.can_manage_offers(user, user.organisation_id), "only advisors keep their organisation's offers"
    )
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer_services.create_offer(user, user.organisation_id, _service_data(form))
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            return redirect("companies:offers")
    return render(request, "companies/offer_form.html", {"form": form})


@page_view
def offer_edit(request, offer_id: int):
    user = request.user
    offer = Offer.objects.for_user(user).get(pk=offer_id)
    perm.require(
        perm.can_manage_offers(user, offer.organisation_id),
        "only the organisation's advisors edit its offers",
    )
    form = OfferForm(request.POST or None, initial=model_to_dict(offer, fields=OfferForm.Meta.fields))
    if request.method == "POST" and form.is_valid():
        try:
            offer_services.update_offer(user, offer_id, _service_data(form))
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            return redirect("companies:offers")
    return render(request, "companies/offer_form.html", {"form": form, "offer": offer})
