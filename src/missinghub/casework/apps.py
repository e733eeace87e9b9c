from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "missinghub.casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from missinghub.casework.config import check_config
        from missinghub.casework.reactions import register_reactions

        check_config()
        register_reactions()
