from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "spets.companies"
    label = "companies"
    layer = 3
    url_prefix = "companies/"
    api_router = "spets.companies.api.router"
    demo_order = 20
    pure_modules = ("orgnr", "sizeclass")
    verbose_name = _("Company register")
