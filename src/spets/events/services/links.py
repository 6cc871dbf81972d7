"""Signed registration links: a company's contact registers (or cancels) without an account.

The link carries the event and the contact, signed with the site's secret key (django.core.signing) and
stamped with its creation time. It is valid for LINK_DAYS and until the event ends; an expired, tampered
or unknown link is the plain 404 (`LinkNotFound`), saying nothing about why.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from spets.companies.models import Contact
from spets.core.scoping import unscoped
from spets.events.models import Event

SALT = "spets.events.registration-link"
LINK_DAYS = 60


class LinkNotFound(LookupError):
    """Expired, tampered with or naming rows that are gone: answered with a plain 404."""


def make_token(event_id: int, contact_id: int) -> str:
    return signing.dumps({"e": event_id, "c": contact_id}, salt=SALT, compress=False)


def registration_url(token: str, base_url: str | None = None) -> str:
    """The link's address: `base_url` (None: settings.BASE_URL) and the page's path."""
    site = settings.BASE_URL if base_url is None else base_url
    return f"{site.rstrip('/')}{reverse('events:link', args=[token])}"


def resolve(token: str, now: datetime.datetime | None = None) -> tuple[Event, Contact]:
    """The event and contact a valid link names; LinkNotFound otherwise."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=LINK_DAYS))
        event_id, contact_id = int(data["e"]), int(data["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):  # SignatureExpired is a BadSignature
        raise LinkNotFound from None
    with unscoped():
        event = Event.objects.select_related("organisation").filter(pk=event_id).first()
        contact = Contact.objects.select_related("company").filter(pk=contact_id, anonymised=False).first()
    if event is None or contact is None or event.ends_at <= now:
        raise LinkNotFound
    return event, contact
