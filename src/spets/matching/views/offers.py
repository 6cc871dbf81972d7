"""The company's matched offers, a match turned into a referral, and the peer-learning consent."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spets.companies.models import Offer
from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view
from spets.matching import permissions as perm
from spets.matching.forms import ConsentForm, MatchReferralForm
from spets.matching.presenters import dimension_names, explain, focus_names, target_phrase
from spets.matching.services import cohorts as cohort_services
from spets.matching.services import offers as offer_services
from spets.matching.services import peers as peer_services


@page_view
def company(request, company_id: int):
    user = request.user
    result = offer_services.matches_for(user, company_id)
    consent = peer_services.consent_of(user, company_id)
    profile = result.profile
    dims = dimension_names(profile.framework_id if profile else None)
    areas = focus_names()
    gaps = [
        {"name": dims.get(key, key), "gap": g, "target_source": target_phrase(g)}
        for key, g in (profile.dimensions.items() if profile else ())
    ]
    context = {
        "gaps": gaps,
        "result": result,
        "company": result.company,
        "eligible": [explain(m, dims, areas) for m in result.eligible],
        "refused": [explain(m, dims, areas) for m in result.refused],
        "can_refer": perm.can_refer(user),
        "own_organisation_id": user.organisation_id,
        "consent": consent,
        "consent_form": ConsentForm(),
        "can_record_consent": perm.can_record_consent(user),
        "partners": [
            {
                "company": s.b,
                "ahead": dims.get(s.pair.a_teaches.dimension, s.pair.a_teaches.dimension),
                "behind": dims.get(s.pair.b_teaches.dimension, s.pair.b_teaches.dimension),
            }
            for s in (peer_services.partners(user, company_id) if consent else [])
        ],
        "cohorts": cohort_services.cohorts_for_company(user, company_id),
    }
    return render(request, "matching/company.html", context)


@page_view
def refer(request, company_id: int, offer_id: int):
    user = request.user
    perm.require(perm.can_refer(user), _("Only advisors and programme managers of an organisation refer."))
    result = offer_services.matches_for(user, company_id)
    match = next((m for m in result.matches if m.offer.pk == offer_id), None)
    if match is None:
        raise Offer.DoesNotExist
    initial = {
        "reason": _("Matched offer: %(offer)s (%(org)s).")
        % {"offer": match.offer.name, "org": match.offer.organisation.name}
    }
    form = MatchReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            offer_services.refer_match(
                user,
                company_id,
                offer_id,
                d["reason"],
                d["consent_date"],
                d["consent_how"],
                base_url=request.build_absolute_uri("/"),
            )
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Referral sent to %(org)s.") % {"org": match.offer.organisation.name})
            return redirect("matching:company", company_id)
    return render(
        request,
        "matching/refer.html",
        {
            "form": form,
            "company": result.company,
            "match": explain(
                match,
                dimension_names(result.profile.framework_id if result.profile else None),
                focus_names(),
            ),
        },
    )


@page_view
@require_POST
def consent(request, company_id: int):
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            peer_services.record_consent(
                request.user, company_id, form.cleaned_data["consent_date"], form.cleaned_data["consent_how"]
            )
        except InvalidData as exc:
            messages.error(request, " ".join(exc.errors.values()))
        else:
            messages.success(request, _("The company's agreement to peer learning is recorded."))
    else:
        perm.require(
            perm.can_record_consent(request.user), _("Only advisors and programme managers record consent.")
        )
        messages.error(request, _("Give the date and how the company agreed."))
    return redirect("matching:company", company_id)


@page_view
@require_POST
def consent_withdraw(request, company_id: int):
    peer_services.withdraw_consent(request.user, company_id)
    messages.success(request, _("The company no longer takes part in peer matching."))
    return redirect("matching:company", company_id)
