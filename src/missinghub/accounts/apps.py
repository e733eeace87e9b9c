from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "missinghub.accounts"
    verbose_name = "Agencies and users"

    def ready(self) -> None:
        # Connect the lockout's audit receiver (sign-in receivers: missinghub.security).
        from missinghub.accounts import lockout  # noqa: F401
