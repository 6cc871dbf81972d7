"""Settings and URL map for bench_register.py: the real settings and pages plus one bare Django view.

The bare view (no database, no template) is the floor the register pages are compared with. The URL map
is built on first use (module __getattr__), because a settings module cannot import views at load time.
"""

from django.http import HttpResponse

from spets.settings import *  # noqa: F403

ROOT_URLCONF = "bench_register_site"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def __getattr__(name):
    if name == "urlpatterns":
        from django.urls import path

        from spets.urls import urlpatterns

        return [path("bench/bare", bare), *urlpatterns]
    if name == "handler404":
        return "spets.core.views.not_found"
    raise AttributeError(name)
