from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "spets.economy"
    label = "economy"
    nav = [(30, "economy:footprint", _("Footprint"), None)]
    layer = 5
    url_prefix = "footprint/"
    api_router = "spets.economy.api.router"
    pure_modules = (
        "io",
        "regional",
        "tables",
        "cpa",
        "tax",
        "footprint",
        "scenario",
        "demo",
        "blas",
        "commuting",
        "imported",
        "checks",
    )
