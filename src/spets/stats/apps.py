from django.apps import AppConfig


class StatsConfig(AppConfig):
    demo_order = 30  # after companies (20): the demo series is calibrated to the register
    name = "spets.stats"
    label = "stats"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from . import services

        # no request keeps the statistics store open: an import in another process can then write
        request_finished.connect(services.close_store, dispatch_uid="spets.stats.close_store")
