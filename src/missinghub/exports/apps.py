from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Exports, subject-access bundles, the access log and retention: data leaving or ending.

    No models: it reads other apps' records through their selectors and the need-to-know rule,
    and writes only audit events.
    """

    name = "missinghub.exports"
    label = "exports"
    verbose_name = "Exports and data protection"
