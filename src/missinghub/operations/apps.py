from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "missinghub.operations"
    verbose_name = "Operations: health, logs, worker"
