from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "spets.site"
    label = "site"
    layer = 9
    verbose_name = _("Start page and overview")
    url_prefix = ""
    url_namespace = None  # `{% url 'start' %}` everywhere
