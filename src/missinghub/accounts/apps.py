from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "missinghub.accounts"
    verbose_name = "Agencies and users"

    def ready(self) -> None:
        # Connect the audit receivers (sign-in, lockout).
        from missinghub.accounts import lockout, signals  # noqa: F401
