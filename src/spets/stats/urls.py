from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.atlas_page, name="atlas"),
    path("cubes/", views.cubes_page, name="cubes"),
]
