"""Pages of the linkage app; mounted by the root URLconf."""

from django.urls import path  # noqa: F401

app_name = "linkage"

urlpatterns: list = []
