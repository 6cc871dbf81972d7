"""The start page at /. Its URL name `start` is global (no namespace): every page links home."""

from django.urls import path

from spets.site.views.start import start

urlpatterns = [path("", start, name="start")]
