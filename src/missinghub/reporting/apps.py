from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "missinghub.reporting"
    verbose_name = "Reports and dashboard"
