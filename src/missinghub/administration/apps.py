from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "missinghub.administration"
    verbose_name = "Administration"
