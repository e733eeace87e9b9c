"""Pages of the imports app; mounted by the root URLconf under imports/."""

from django.urls import path

from missinghub.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:run_id>/", views.run_detail, name="run"),
    path("<int:run_id>/rejected-rows.csv", views.rejections, name="rejections"),
]
