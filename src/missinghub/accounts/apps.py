from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "missinghub.accounts"
    verbose_name = "Agencies and users"

    def ready(self) -> None:
        from missinghub.accounts import signals  # noqa: F401  (connects the audit receivers)
