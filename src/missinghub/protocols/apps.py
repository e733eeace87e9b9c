from django.apps import AppConfig


class ProtocolsConfig(AppConfig):
    name = "missinghub.protocols"
    verbose_name = "Area protocols"

    def ready(self) -> None:
        from missinghub.protocols.registry import check_protocols

        check_protocols()
