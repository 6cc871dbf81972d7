from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can


class ProgrammeConfig(AppConfig):
    name = "spets.programme"
    label = "programme"
    nav = [(60, "programme:overview", _("Programme"), Can.READ_RECORDS)]
    layer = 6  # above the register, statistics, economy and assessment it reports on
    url_prefix = "programme/"
    api_router = "spets.programme.api.router"

    pure_modules = ()
    verbose_name = _("Programme follow-up")
