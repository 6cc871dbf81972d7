from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "spets.geo"
    label = "geo"
    layer = 1
    pure_modules = ("geometry", "classes")
    verbose_name = _("Geography and classifications")
