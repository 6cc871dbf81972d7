"""In a real browser (Chromium): an advisor logging a workshop for a company group near the de minimis ceiling
is stopped with the headroom shown, and the company page shows the group's headroom."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from spets.core.scoping import unscoped
from spets.programme.models import AidGrant
from tests.conftest import login
from tests.programme.deminimis_setup import declare, make_group, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anna_is_stopped_at_the_ceiling_with_the_headroom_shown(page, anna):
    with time_machine.travel(datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC), tick=True):
        make_project()
        parent, first, second = make_group("Koncernen AB", "Dotter Ett AB", "Dotter Två AB")
        declare(
            anna, parent, ("2024-06-01", "299900", "EUR", "Energimyndigheten"), on=datetime.date(2024, 12, 1)
        )
        login(page, "anna")
        page.goto(page.base_url + f"/companies/{second.pk}/")
        panel = page.get_by_test_id("deminimis-panel")
        assert "100" in panel.get_by_test_id("headroom").inner_text()  # 100 EUR left for the group
        page.get_by_test_id("log-activity").click()
        page.select_option("select[name=type]", "workshop")
        page.fill("input[name=title]", "Workshop energieffektivisering")
        page.fill("input[name=hours_0]", "4")
        page.get_by_test_id("save-activity").click()
        form = page.get_by_test_id("activity-form").inner_text()
        assert "Över takbeloppet för stöd av mindre betydelse" in form
        assert "bara 100 EUR (1\u202f116 kr) återstår" in form  # 100 EUR × 11.1590 (March 2025)
        with unscoped():
            assert not AidGrant.objects.exists()
