from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`missinghub demo_setup`: the demo's agencies, users, children and panel. It composes every
    app, so it sits at the top of the layers with the pages."""

    name = "missinghub.demo"
    verbose_name = "Demonstration set-up"
