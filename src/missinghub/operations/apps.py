from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "missinghub.operations"
    verbose_name = "Operations: health, logs, worker, backups"

    def ready(self) -> None:
        from missinghub.operations import checks  # noqa: F401  # registers the checks
