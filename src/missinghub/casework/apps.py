from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "missinghub.casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from missinghub.casework.config import check_config
        from missinghub.casework.receivers import connect_receivers

        check_config()
        connect_receivers()
