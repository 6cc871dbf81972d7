from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can


class EventsConfig(AppConfig):
    name = "spets.events"
    label = "events"
    # Above matching: a cohort meeting is an event for a cohort's companies.
    layer = 8
    url_prefix = "events/"
    api_router = "spets.events.api.router"
    # Programme staff; a company user reaches their company's events from the link in their e-mail.
    nav = [(48, "events:list", _("Events"), Can.READ_COMPANY_DATA)]
    demo_order = 70  # after the register (20), programme (50) and matching's cohorts
    pure_modules: tuple[str, ...] = ("ics",)
    verbose_name = _("Events")

    def ready(self):
        from spets.companies import extensions
        from spets.events import timeline

        # The company's timeline shows the events its people registered for and attended.
        extensions.timeline_entries.append(timeline.company_entries)
