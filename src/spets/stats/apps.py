from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "spets.stats"
    label = "stats"
