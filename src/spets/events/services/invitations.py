"""Invite companies' contacts to an event: each gets an e-mail with their own signed registration link.
A cohort meeting can invite every company of its cohort (`spets.matching`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from spets.companies.models import Contact
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.scoping import unscoped
from spets.events import permissions as perm
from spets.events.models import Event
from spets.events.services import mail


def invite(user, event_id: int, contact_ids: list[int], base_url: str | None = None) -> int:
    """E-mail invitations to the given contacts (those with an address). Returns the number sent."""
    event = Event.objects.for_user(user).filter(pk=event_id).distinct().select_related("organisation").get()
    perm.require(perm.can_manage_event(user, event), _("only the organiser invites to the event"))
    perm.require(perm.can_register(user), _("only advisors and programme managers invite"))
    contacts = list(
        Contact.objects.for_user(user)
        .filter(pk__in=contact_ids, anonymised=False)
        .exclude(email="")
        .select_related("company")
        .order_by("company__name", "name", "pk")
    )
    if not contacts:
        raise InvalidData({"contacts": _("choose at least one contact with an e-mail address")})
    sent = sum(mail.send_invitation(event, contact, base_url) for contact in contacts)
    for company_id in sorted({c.company_id for c in contacts}):
        log_action(
            user,
            "invite",
            event,
            company_id=company_id,
            changes={"invited": sum(1 for c in contacts if c.company_id == company_id)},
        )
    return sent


def cohort_contact_ids(user, event: Event) -> list[int]:
    """The contacts (with an e-mail address) of every company in the event's cohort."""
    from spets.matching.services.cohorts import member_company_ids

    if event.cohort_id is None:
        raise InvalidData({"cohort": _("this event belongs to no cohort")})
    company_ids = list(member_company_ids(event.cohort_id))
    if not company_ids:
        raise InvalidData({"cohort": _("the cohort has no companies yet")})
    return list(
        Contact.objects.for_user(user)
        .filter(company_id__in=company_ids, anonymised=False)
        .exclude(email="")
        .values_list("pk", flat=True)
    )


def invite_cohort(user, event_id: int, base_url: str | None = None) -> int:
    """Invite the contacts of every company in the cohort of a cohort meeting."""
    with unscoped():
        event = Event.objects.get(pk=event_id)
    perm.require(perm.can_manage_event(user, event), _("only the organiser invites to the event"))
    return invite(user, event_id, cohort_contact_ids(user, event), base_url)
