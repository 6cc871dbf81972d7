"""URL map: each app mounts its own urls module under the prefix its AppConfig declares."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from spets.core import login
from spets.core.registry import spets_apps
from spets.core.views import pages

urlpatterns = [
    path("health", pages.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", login.login_view, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", login.password_reset_view, name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

for config in spets_apps():
    prefix = getattr(config, "url_prefix", None)
    if prefix is not None:
        namespace = getattr(config, "url_namespace", config.label)
        module = f"{config.name}.urls"
        urlpatterns.append(
            path(prefix, include(module, namespace=namespace) if namespace else include(module))
        )

from spets.api import api  # noqa: E402

urlpatterns.append(path("api/", api.urls))

handler404 = "spets.core.views.pages.not_found"
handler403 = "spets.core.views.pages.forbidden"
