"""`events_this_week` for the start page: the next seven days, scoped to the user."""

from __future__ import annotations

import datetime

from spets.events.services import events as event_services
from spets.events.services import events_this_week, registrations
from tests.events.conftest import at


def test_the_week_from_today_for_staff_and_only_their_own_for_a_company_user(
    anna, cecilia, alf, carl, company, workshop, frozen_time
):
    today = datetime.date(2025, 3, 4)
    later = event_services.create_event(
        cecilia,
        kind="seminar",
        title="Energi",
        starts_at=at(datetime.date(2025, 3, 11), 13),
        ends_at=at(datetime.date(2025, 3, 11), 15),
        place="Karlstad",
        capacity=10,
    )
    assert [e.pk for e in events_this_week(anna, today)] == [workshop.pk]  # 10 March; 11 March is day 8
    assert [e.pk for e in events_this_week(alf, datetime.date(2025, 3, 5))] == [workshop.pk, later.pk]
    assert events_this_week(carl, today) == []
    from tests.factories import make_contact

    registrations.register(anna, workshop.pk, make_contact(company, name="Carl", email="c@x.invalid").pk)
    registrations.register(anna, workshop.pk, make_contact(company, name="Cia", email="d@x.invalid").pk)
    assert [e.pk for e in events_this_week(carl, today)] == [workshop.pk]  # once, though two registered
    assert events_this_week(anna, datetime.date(2025, 3, 11)) == [later]


def test_a_company_user_sees_every_place_taken_not_only_his_companys(anna, carl, company, workshop, eva):
    from spets.events.services.events import get_event
    from tests.factories import make_contact

    registrations.register(anna, workshop.pk, eva.pk)
    registrations.register(anna, workshop.pk, make_contact(company, name="Carl", email="c@x.invalid").pk)
    assert get_event(carl, workshop.pk).taken == 2
    assert get_event(anna, workshop.pk).taken == 2
