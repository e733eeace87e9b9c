from django.apps import AppConfig


class PursueConfig(AppConfig):
    name = "missinghub.pursue"
    verbose_name = "Pursue: people and places of concern"
