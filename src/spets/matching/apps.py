from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can


class MatchingConfig(AppConfig):
    name = "spets.matching"
    label = "matching"
    # Above programme: a match respects the de minimis headroom the programme's ledger keeps.
    layer = 7
    url_prefix = "matching/"
    api_router = "spets.matching.api.router"
    nav = [(45, "matching:cohorts", _("Cohorts"), Can.READ_RECORDS)]
    demo_order = 60  # after the register (20), assessments (40) and the programme (50)
    pure_modules: tuple[str, ...] = ("fit", "cohorting", "pairing", "flowchart")
    verbose_name = _("Matching and cohorts")

    def ready(self):
        from spets.companies import extensions
        from spets.matching.services import panel

        extensions.company_panels.append(panel.company_panel)
