from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "missinghub.security"
    verbose_name = "Sign-in and session security"

    def ready(self) -> None:
        # Sign-in, sign-out, sign-in failure and two-factor set-up go to the audit trail.
        from missinghub.security import signin_audit  # noqa: F401
