from django.apps import AppConfig


class EconomyConfig(AppConfig):
    name = "spets.economy"
    label = "economy"
