from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "missinghub.children"
    verbose_name = "Children"
