from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "missinghub.imports"
    verbose_name = "Imports from agencies' files"
