"""Footprint pages under /footprint/ (namespace `economy`)."""

from django.urls import path

from spets.economy import views

app_name = "economy"

urlpatterns = [
    path("", views.footprint, name="footprint"),
    path("scenario/", views.scenario, name="scenario"),
]
