from django.apps import AppConfig


class ProtocolsConfig(AppConfig):
    name = "missinghub.protocols"
    verbose_name = "Area protocols"
