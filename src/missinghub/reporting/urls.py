"""Pages of the reporting app; mounted by the root URLconf at reports/."""

from django.urls import path

from missinghub.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download/<str:output>/", views.download, name="download"),
]
