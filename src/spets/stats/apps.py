from django.apps import AppConfig


class StatsConfig(AppConfig):
    demo_order = 30  # after companies (20): the demo series is calibrated to the register
    name = "spets.stats"
    label = "stats"
