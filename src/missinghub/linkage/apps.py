from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "missinghub.linkage"
    verbose_name = "Record linkage"
