"""Statistics pages under /atlas/ (namespace `stats`)."""

from django.urls import path

from spets.stats.views import atlas, cubes, upload

app_name = "stats"

urlpatterns = [
    path("", atlas.atlas_page, name="atlas"),
    path("cubes/", cubes.cubes_page, name="cubes"),
    path("import/", upload.upload_page, name="upload"),
]
