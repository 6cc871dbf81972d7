"""Core pages, mounted at the site root by the registry (namespace `core`). The token page keeps its
address under /companies/, where the register's pages link to it."""

from django.urls import path

from spets.core.views import tokens

app_name = "core"

urlpatterns = [
    path("companies/api-token/", tokens.token_page, name="api_token"),
]
