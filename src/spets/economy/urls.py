"""Footprint pages under /footprint/ (namespace `economy`)."""

from django.urls import path

from spets.economy.views import footprint, scenario

app_name = "economy"

urlpatterns = [
    path("", footprint.footprint, name="footprint"),
    path("scenario/", scenario.scenario, name="scenario"),
]
