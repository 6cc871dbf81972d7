"""Import, merge and export pages, included by companies/urls.py under /companies/io/ (same namespace)."""

from django.urls import path

from spets.companies import views_io

urlpatterns = [
    path("import/", views_io.import_upload, name="import_upload"),
    path("import/<str:import_id>/mapping/", views_io.import_mapping, name="import_mapping"),
    path("import/<str:import_id>/preview/", views_io.import_preview, name="import_preview"),
    path("import/<str:import_id>/confirm/", views_io.import_confirm, name="import_confirm"),
    path("import/<str:import_id>/result/", views_io.import_result, name="import_result"),
    path("merge/", views_io.merge_start, name="merge_start"),
    path("merge/<int:survivor_id>/<int:other_id>/", views_io.merge, name="merge"),
    path("export/<str:list_name>.<str:fmt>", views_io.export, name="export"),
]
