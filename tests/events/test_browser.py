"""In a real browser on a 390 px phone: the advisor finds a company through the HTMX search and registers
its contact; the contact then opens their personal link, without an account, and cancels."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spets.core.scoping import unscoped
from spets.events.models import Registration, Status
from spets.events.services import events as event_services
from spets.events.services import links
from tests.conftest import login


@pytest.mark.browser
def test_an_advisor_registers_by_search_and_the_contact_cancels_by_link_on_a_phone(page, anna, eva):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    event = event_services.create_event(
        anna,
        kind="workshop",
        title="Automation i små verkstäder",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        place="IUC Dalarna, Borlänge",
        capacity=10,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "anna")
    page.goto(f"{page.base_url}/events/{event.pk}/")
    page.fill("[data-testid=pick-q]", "Hofors")
    page.click(f"[data-testid=register-{eva.pk}]")  # appears when the HTMX search has answered
    page.wait_for_selector("[data-testid=registered] >> text=Eva Ek")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.context.clear_cookies()
    page.goto(f"{page.base_url}/events/r/{links.make_token(event.pk, eva.pk)}/")
    assert "Du är anmäld." in page.inner_text("[data-testid=status]")
    page.click("[data-testid=cancel]")
    page.wait_for_selector("[data-testid=notice]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with unscoped():
        assert Registration.objects.get(contact=eva).status == Status.CANCELLED
