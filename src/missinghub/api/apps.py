from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "missinghub.api"
    verbose_name = "REST API for partner systems"
