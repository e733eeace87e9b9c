"""Pages of the casework app; mounted by the root URLconf."""

from django.urls import path  # noqa: F401

app_name = "casework"

urlpatterns: list = []
