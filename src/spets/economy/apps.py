from django.apps import AppConfig


class EconomyConfig(AppConfig):
    name = "spets.economy"
    label = "economy"
    layer = 5
    url_prefix = "footprint/"
    api_router = "spets.economy.api.router"
    pure_modules = ("io", "regional", "tables", "tax", "footprint", "scenario", "demo")
