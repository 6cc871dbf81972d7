from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "spets.stats"
    label = "stats"
    nav = [(20, "stats:atlas", _("Atlas"), None)]
    layer = 4
    url_prefix = "atlas/"
    api_router = "spets.stats.api.router"
    health_check = "spets.stats.health.check"
    demo_order = 30  # after companies (20): the demo series is calibrated to the register
    pure_modules = (
        "cube",
        "ops",
        "px",
        "jsonstat",
        "pxweb_json",
        "scb_csv",
        "clients",
        "kolada",
        "catalogue",
        "stitch",
        "store",
        "analysis",
        "errors",
        "synthetic",
    )

    def ready(self) -> None:
        from django.core.signals import request_finished

        from . import services

        # no request keeps the statistics store open: an import in another process can then write
        request_finished.connect(services.close_store, dispatch_uid="spets.stats.close_store")
