from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "missinghub.synth"
    verbose_name = "Synthetic data"
