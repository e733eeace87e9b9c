from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "missinghub.casework"
    verbose_name = "Casework"
