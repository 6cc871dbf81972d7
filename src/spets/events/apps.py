from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "spets.events"
    label = "events"
    # Above matching: a cohort meeting is an event for a cohort's companies.
    layer = 8
    pure_modules: tuple[str, ...] = ()
    verbose_name = _("Events")
