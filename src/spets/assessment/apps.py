from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can


class AssessmentConfig(AppConfig):
    name = "spets.assessment"
    label = "assessment"
    nav = [(50, "assessment:list", _("Assessments"), Can.READ_COMPANY_DATA)]
    layer = 5
    url_prefix = "assessment/"
    api_router = "spets.assessment.api.router"
    demo_order = 40  # after the register (20): needs its companies and offers
    pure_modules = (
        "frameworks",
        "questions",
        "scoring",
        "respondents",
        "ghg",
        "benchmark",
        "recommend",
        "dma_layout",
        "radar",
        "errors",
    )
    verbose_name = _("Transformation assessment")

    def ready(self):
        from spets.assessment import timeline
        from spets.companies import extensions

        # The company page: assessments on the timeline, one history line per assessment.
        extensions.timeline_entries.append(timeline.timeline_entries)
        extensions.history_groups.append(timeline.history_groups)
