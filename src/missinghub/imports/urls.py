"""Pages of the imports app; mounted by the root URLconf."""

from django.urls import path  # noqa: F401

app_name = "imports"

urlpatterns: list = []
