from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "missinghub.web"
    verbose_name = "Web pages"
