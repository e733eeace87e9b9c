from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "missinghub.audit"
    verbose_name = "Audit trail"
