from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "missinghub.episodes"
    verbose_name = "Missing episodes"
