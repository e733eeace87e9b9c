"""The partner REST API, mounted at /api/v1/ by the root URLconf."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
