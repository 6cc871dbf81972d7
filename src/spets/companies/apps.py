from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can


class CompaniesConfig(AppConfig):
    name = "spets.companies"
    label = "companies"
    nav = [(40, "companies:search", _("Companies"), Can.READ_COMPANY_DATA)]
    layer = 3
    url_prefix = "companies/"
    api_router = "spets.companies.api.router"
    demo_order = 20
    pure_modules = ("orgnr", "sizeclass")
    verbose_name = _("Company register")
