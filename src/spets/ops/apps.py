from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "spets.ops"
    label = "ops"
    # The top: the scheduled jobs name every app's commands.
    layer = 10
    verbose_name = _("Operations")
