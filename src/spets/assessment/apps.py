from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "spets.assessment"
    label = "assessment"
    verbose_name = _("Transformation assessment")
    demo_order = 40  # after the register (20): needs its companies and offers
