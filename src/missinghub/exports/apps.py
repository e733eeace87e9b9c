from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Exports, subject-access bundles, the access log and retention: data leaving or ending.

    It reads other apps' records through their selectors and the need-to-know rule; its one
    model records data protection officers' requests to reach beyond their agency.
    """

    name = "missinghub.exports"
    label = "exports"
    verbose_name = "Exports and data protection"
