from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can


class ProgrammeConfig(AppConfig):
    name = "spets.programme"
    label = "programme"
    # Analysts too: the overview and the reports' figures are aggregates (no company rows for them).
    nav = [(60, "programme:overview", _("Programme"), Can.SEE_AGGREGATES)]
    layer = 6  # above the register, statistics, economy and assessment it reports on
    url_prefix = "programme/"
    api_router = "spets.programme.api.router"

    demo_order = 50  # after the register (20) and assessments (40) it reports on
    pure_modules = ("indicators", "register_sums", "snapshot", "deminimis", "costs", "impact", "xlsx")
    verbose_name = _("Programme follow-up")

    def ready(self):
        from spets.companies import extensions
        from spets.programme.services import deminimis

        # The de minimis ledger: refuse aid over the ceiling, write the aid, show the headroom, keep 10 years.
        extensions.activity_checks.append(deminimis.check_activity)
        extensions.activity_recorded.append(deminimis.record_aid)
        extensions.company_panels.append(deminimis.company_panel)
        extensions.retention_holds.append(deminimis.retention_hold)
        # Time and cost (part C): no new activity hours in an approved month; the yearly figures panel.
        from spets.programme.services import figures as figure_services
        from spets.programme.services import time_approval

        extensions.activity_checks.append(time_approval.check_approved_month)
        extensions.company_panels.append(figure_services.company_panel)
        extensions.before_merge.append(figure_services.settle_merge)
        # Indicators (part A): the outcomes recorded for a company (CO28/CO29, RCR02–RCR04, RCR13).
        from spets.programme.services import indicators as indicator_services

        extensions.company_panels.append(indicator_services.company_panel)
