"""URL map: each app mounts its own urls module under its prefix."""

from importlib.util import find_spec

from django.contrib.auth import views as auth_views
from django.urls import include, path

from spets.core import views

urlpatterns = [
    path("", views.start, name="start"),
    path("health", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

# Capability apps add their pages by providing `<app>/urls.py` (namespace = app label).
for prefix, app in [
    ("atlas/", "stats"),
    ("footprint/", "economy"),
    ("companies/", "companies"),
    ("assessment/", "assessment"),
]:
    if find_spec(f"spets.{app}.urls") is not None:
        urlpatterns.append(path(prefix, include(f"spets.{app}.urls", namespace=app)))

from spets.api import api  # noqa: E402

urlpatterns.append(path("api/", api.urls))

handler404 = "spets.core.views.not_found"
handler403 = "spets.core.views.forbidden"
