"""Log an activity: support work with the company (and others), each advisor with their hours."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spets.companies import permissions as perm
from spets.companies.forms import ActivityForm
from spets.companies.models import Company
from spets.companies.services.activities import log_activity
from spets.core.errors import InvalidData
from spets.core.forms import add_service_errors
from spets.core.permissions import page_view


@page_view
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
            log_activity(
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
                override_reason=d.get("override_reason", ""),
            )
        except InvalidData as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Activity logged."))
            return redirect("companies:detail", company_id)
    return render(request, "companies/activity_form.html", {"form": form, "company": company})
