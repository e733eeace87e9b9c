"""Pages of the reporting app; mounted by the root URLconf."""

from django.urls import path  # noqa: F401

app_name = "reporting"

urlpatterns: list = []
